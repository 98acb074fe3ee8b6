import i18next from 'i18next';
import { messages } from './messages';
import { stateFacts } from './state-facts';
import type { CaseState } from './types';

const CLOSED: CaseState = {
  phase: 'closed',
  eventsSoFar: 31,
  municipality: 'Kangasala',
  channel: 'close-worker',
  zone: 3,
  route: 'joint-meeting',
  consents: [{ consentId: '5f0c9a1e-0000-4000-8000-000000000001', status: 'in force', validUntil: '2027-01-01T00:00:00Z' }],
  invitations: [],
  meetings: [],
  plan: { revision: 2, responsibleWorkerIds: ['demo-terhi'] },
  outcome: 'stronger-support',
  closure: { reason: 'stronger-support-arranged', closedAt: '2026-06-01T09:00:00Z' },
};

/** The auditor's texts in a real i18next, as the console loads them. */
async function tIn(language: 'fi' | 'sv' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { fi: { auditor: messages.fi }, sv: { auditor: messages.sv }, en: { auditor: messages.en } },
    lng: language,
    fallbackLng: 'fi',
    defaultNS: 'auditor',
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

const shownOf = (facts: ReturnType<typeof stateFacts>) => Object.fromEntries(facts.map(([key, shown]) => [key, shown]));

describe("the auditor's state as of a moment", () => {
  it.each([
    [
      'fi',
      {
        zone: '3 huoli kasvaa',
        route: 'yhteinen tapaaminen',
        outcome: 'vahvempi tuki',
        closure: 'vahvempi tuki järjestetty',
        consents: '5f0c9a1e voimassa',
      },
    ],
    ['sv', { zone: '3 oron växer', route: 'gemensamt möte', outcome: 'starkare stöd', closure: 'starkare stöd ordnat' }],
    ['en', { zone: '3 growing concern', route: 'joint meeting', outcome: 'stronger support', closure: 'stronger support arranged' }],
  ] as const)('should name the zone, route, outcome and closure reason in %s, not by their codes', async (language, expected) => {
    const facts = stateFacts(CLOSED, await tIn(language));
    expect(shownOf(facts)).toMatchObject(expected);
    // The API's own values stay beside them (data-value), for tests and for the auditor's copy.
    expect(Object.fromEntries(facts.map(([key, , value]) => [key, value]))).toMatchObject({
      route: 'joint-meeting',
      outcome: 'stronger-support',
      closure: 'stronger-support-arranged',
    });
  });

  it('should say – for what has not happened, and show a code it does not know as the API wrote it', async () => {
    const t = await tIn('fi');
    const early = stateFacts(
      { ...CLOSED, phase: 'concern registered', zone: null, route: null, outcome: null, closure: null, plan: null },
      t,
    );
    expect(shownOf(early)).toMatchObject({ zone: '–', route: '–', outcome: '–', closure: '–', planRevision: '–' });
    expect(shownOf(stateFacts({ ...CLOSED, route: 'a-route-of-2030' }, t)).route).toBe('a-route-of-2030');
  });

  it('should have a text for every route, outcome and closure reason of the model in each language', () => {
    const codes = [
      ...['follow-concern', 'joint-meeting', 'network-meeting', 'social-care-needs-assessment', 'child-protection-notification'].map(
        (c) => `route_${c}`,
      ),
      'route_police-and-child-protection-notification',
      ...['sufficient', 'continue', 'stronger-support'].map((c) => `outcome_${c}`),
      ...['everyday-life-runs-smoothly', 'stronger-support-arranged', 'family-withdrew', 'other'].map((c) => `closure_${c}`),
    ];
    for (const language of ['fi', 'sv', 'en'] as const) expect(codes.filter((key) => !messages[language][key])).toEqual([]);
  });
});
