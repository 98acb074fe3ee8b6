import type { RecordedAccess } from './access-log';
import {
  helsinkiTime,
  processingHistoryEntry,
  processingHistoryHtml,
  processingHistoryPdf,
  type ProcessingHistory,
} from './processing-history-document';

const caseId = '33333333-3333-4333-8333-333333333333';

const history: ProcessingHistory = {
  caseId,
  since: '2024-11-26T13:30:00.000Z',
  until: '2026-11-26T13:30:00.000Z',
  entries: [
    {
      at: '2026-03-02T08:15:00.000Z',
      who: { id: 'demo-aino', role: 'auditor', organisation: 'Pirkanmaa wellbeing services county' },
      action: 'read',
      what: 'joint plan',
      purpose: 'complaint 2026/15',
    },
    {
      at: '2026-07-01T09:00:00.000Z',
      who: { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala child health clinic' },
      action: 'disclose',
      what: 'concern, joint-plan',
      recipient: 'demo-olli (Kangasala school)',
      basis: 'consent c-1',
    },
    {
      at: '2026-07-02T10:30:00.000Z',
      who: { id: 'demo-olli', role: 'professional', organisation: 'Kangasala school' },
      action: 'refused',
      what: 'follow-up',
      rule: 'category-not-shared',
      reason: 'the consent does not share follow-up with you',
    },
  ],
};

/** The text a reader sees: pdfkit writes each run as hex-encoded WinAnsi bytes inside TJ arrays (Latin-1, but 0x96 is the en dash). */
const winAnsi = (bytes: Buffer) => bytes.toString('latin1').replace(/\u0096/g, '–');
function pdfText(pdf: Buffer): string {
  const content = pdf.toString('latin1');
  const runs = [...content.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/gi)].map((m) =>
    [...m[1].matchAll(/<([0-9a-f]*)>/gi)].map((h) => winAnsi(Buffer.from(h[1], 'hex'))).join(''),
  );
  return runs.join('\n').replace(/\s+/g, ' ');
}

describe('the printed processing history', () => {
  it("should print times in Finnish time, summer and winter, in the reader's format", () => {
    expect(helsinkiTime('2026-07-01T09:00:00.000Z', 'fi')).toBe('1.7.2026 klo 12.00.00');
    expect(helsinkiTime('2026-01-15T22:30:00.000Z', 'fi')).toBe('16.1.2026 klo 00.30.00');
    expect(helsinkiTime('2026-01-15T22:30:00.000Z', 'sv')).toBe('16.1.2026 00.30.00');
    expect(helsinkiTime('2026-07-01T09:00:00.000Z', 'en')).toBe('01/07/2026, 12:00:00');
  });

  it('should give a PDF, the same bytes for the same history printed at the same moment', async () => {
    const [a, b] = await Promise.all([processingHistoryPdf(history, 'fi'), processingHistoryPdf(history, 'fi')]);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
  });

  it.each([
    [
      'fi',
      [
        'Asiakastietojen käsittelyhistoria',
        `Asian tunnus: ${caseId}`,
        'Ajanjakso: 26.11.2024 klo 15.30.00 – 26.11.2026 klo 15.30.00',
        'Tulostettu: 26.11.2026 klo 15.30.00',
        'Toimenpide',
        'luettu',
        'luovutettu',
        'evätty',
        'Sääntö: category-not-shared',
        'Syy: the consent does not share follow-up with you',
        'seuranta',
        'valvoja',
      ],
    ],
    [
      'sv',
      [
        'Behandlingshistorik för klientuppgifter',
        'Ärendets identifierare',
        'Period',
        'Utskriven',
        'Åtgärd',
        'läst',
        'utlämnat',
        'nekat',
        'Regel: category-not-shared',
        'Mottagare: demo-olli (Kangasala school)',
        'uppföljning',
      ],
    ],
    [
      'en',
      [
        'Processing history of client data',
        `Case: ${caseId}`,
        'Period covered',
        'Printed',
        'Action',
        'disclosed',
        'refused',
        'Basis: consent c-1',
        'Purpose: complaint 2026/15',
        '02/03/2026, 10:15:00',
        'follow-up',
      ],
    ],
  ] as const)(
    'should print the title, the case, the period, the print time and every entry in %s, in PDF and in HTML',
    async (language, expected) => {
      const text = pdfText(await processingHistoryPdf(history, language));
      const html = processingHistoryHtml(history, language);
      expect(html).toContain(`<html lang="${language}">`);
      for (const phrase of expected) {
        expect(text).toContain(phrase);
        expect(html).toContain(phrase);
      }
    },
  );

  it('should put the translated headings on the HTML table', () => {
    expect(processingHistoryHtml(history, 'fi')).toContain(
      '<th>Aika</th><th>Kuka</th><th>Toimenpide</th><th>Mitä tietoja</th><th>Tarkoitus tai peruste</th>',
    );
    expect(processingHistoryHtml(history, 'sv')).toContain(
      '<th>Tid</th><th>Vem</th><th>Åtgärd</th><th>Vilka uppgifter</th><th>Syfte eller grund</th>',
    );
  });

  it('should say when the period has no entries, and escape what it prints in HTML', async () => {
    const empty = { ...history, entries: [] };
    expect(pdfText(await processingHistoryPdf(empty, 'sv'))).toContain('Inga anteckningar under perioden.');
    const html = processingHistoryHtml({ ...history, entries: [{ ...history.entries[0], purpose: '<script>' }] }, 'en');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('should continue the listing on further pages, repeating the headings', async () => {
    const long = { ...history, entries: Array.from({ length: 60 }, () => history.entries).flat() };
    const text = pdfText(await processingHistoryPdf(long, 'en'));
    expect(text.match(/Purpose or basis/g)?.length).toBeGreaterThan(1);
    expect(text.match(/category-not-shared/g)?.length).toBe(60);
  });

  it('should show refusals recorded without rule and reason fields with the rule and reason taken from the purpose', () => {
    const older: RecordedAccess = {
      seq: 1,
      at: '2026-01-01T00:00:00.000Z',
      hash: 'x',
      actorId: 'demo-antti',
      actorRole: 'analyst',
      organisation: 'county',
      caseId,
      action: 'refused',
      what: 'processing history',
      purpose: 'analysts never read case data',
    };
    expect(processingHistoryEntry(older)).toEqual({
      at: older.at,
      who: { id: 'demo-antti', role: 'analyst', organisation: 'county' },
      action: 'refused',
      what: 'processing history',
      reason: 'analysts never read case data',
    });
    expect(processingHistoryEntry({ ...older, purpose: 'role-not-allowed: this needs one of the roles coordinator' })).toMatchObject({
      rule: 'role-not-allowed',
      reason: 'this needs one of the roles coordinator',
    });
    expect(
      processingHistoryEntry({ ...older, purpose: 'none stated', rule: 'purpose-required', reason: 'an auditor states a purpose' }),
    ).toMatchObject({ purpose: 'none stated', rule: 'purpose-required', reason: 'an auditor states a purpose' });
  });
});
