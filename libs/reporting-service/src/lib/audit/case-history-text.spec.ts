import { caseAsOf } from '@perheverkko/reporting-domain';
import { historyAsText, type CaseHistory } from './case-history';

describe("the auditor's case history as text", () => {
  const caseId = '5d1f0c1e-7a3b-4c2d-9e8f-0a1b2c3d4e5f';
  const entry = (occurredAt: string, type: string) => ({
    occurredAt,
    receivedAt: occurredAt,
    service: 'intake',
    type,
    version: 1,
    published: true,
    origin: null,
    eventId: type,
    actor: { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala child health clinic' },
    consentReliedOn: null,
    correlationId: 'c',
    causationId: 'c',
    data: { at: occurredAt },
  });
  const history: CaseHistory = {
    caseId,
    asOf: '2027-01-01T10:00:00.000Z',
    state: caseAsOf(caseId, [], '2027-01-01T10:00:00.000Z'),
    events: [entry('2026-12-31T21:30:00.000Z', 'ConcernRegistered'), entry('2026-06-30T21:15:05.000Z', 'ZoneRated')],
  };

  it('should give every time in Finnish time, written in British English, and say so', () => {
    const text = historyAsText(history);
    expect(text.split('\n')[0]).toBe(
      `Case ${caseId}: 2 events across the services, as of 01/01/2027, 12:00:00 (times in Finnish time, Europe/Helsinki)`,
    );
    expect(text).toContain('31/12/2026, 23:30:00  intake        ConcernRegistered v1');
    // Summer time: 21:15 UTC on 30 June is 00:15 on 1 July in Helsinki.
    expect(text).toContain('01/07/2026, 00:15:05  intake        ZoneRated v1');
    // The data is shown as recorded: its ISO times are what programs and the JSON form read.
    expect(text).toContain('{"at":"2026-12-31T21:30:00.000Z"}');
  });
});
