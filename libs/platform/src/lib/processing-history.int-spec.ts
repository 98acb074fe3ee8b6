import { Module, type INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import type { ResponseBody } from '../testing/api-client';
import { onEmbeddedApp, type ServedApp } from '../testing/embedded-app';
import { DatabaseConnection } from '@perheverkko/runtime';
import { AccessLog, AccessLogHost } from '@perheverkko/access';
import { PlatformModule } from './platform.module';

@Module({ imports: [PlatformModule] })
class ProcessingHistoryTestApp {}

/** GET /cases/{caseId}/processing-history: who read, was given or was refused a case's data (703/2023). */
describe('the family’s processing history', () => {
  const caseId = '44444444-4444-4444-8444-444444444444';
  const otherCase = '55555555-5555-4555-8555-555555555555';
  const path = `/cases/${caseId}/processing-history`;
  const purpose = { 'x-purpose': 'family request 2026/3' };
  let app: INestApplication;
  let base: string;
  let tokens: Record<string, string>;
  let call: ServedApp['call'];
  onEmbeddedApp(ProcessingHistoryTestApp, { tempPrefix: 'history', nest: { logger: false } }, (served) => {
    ({ app, base, tokens, call } = served);
  });

  const entries = async () => {
    const answer = await call('GET', path, undefined, 'aino', purpose);
    expect(answer.status).toBe(200);
    return answer.body.entries as ResponseBody[];
  };

  it('should list reads, disclosures and refusals, a refusal with its rule and reason', async () => {
    // Refused by the guard: a professional with no standing in the case, an analyst.
    expect((await call('GET', path, undefined, 'terhi')).status).toBe(403);
    expect((await call('GET', path, undefined, 'antti')).status).toBe(403);
    // A disclosure and a refusal as the services and the guard record them; one on another case.
    const log = app.get(AccessLogHost);
    await log.record({
      actorId: 'demo-terhi',
      actorRole: 'professional',
      organisation: 'Kangasala child health clinic',
      caseId,
      action: 'disclose',
      what: 'concern, joint-plan',
      recipient: 'demo-olli (Kangasala school)',
      basis: 'consent c-1',
      purpose: 'invitation to a joint meeting',
    });
    await log.record({
      actorId: 'demo-olli',
      actorRole: 'professional',
      organisation: 'Kangasala school',
      caseId,
      action: 'refused',
      what: 'follow-up',
      rule: 'category-not-shared',
      reason: 'the consent in force does not share follow-up with you',
    });
    await log.record({
      actorId: 'demo-olli',
      actorRole: 'professional',
      organisation: 'Kangasala school',
      caseId: otherCase,
      action: 'read',
      what: 'joint-plan',
      purpose: 'work as convener',
    });

    await entries(); // this read is itself logged
    const listed = await entries();

    expect(listed.map((e) => e.action)).toEqual(['refused', 'refused', 'disclose', 'refused', 'read']);
    expect(listed[0]).toMatchObject({
      who: { id: 'demo-terhi', role: 'professional', organisation: expect.any(String) },
      action: 'refused',
      what: 'processing history',
      rule: expect.stringMatching(/^[a-z-]+$/),
      reason: expect.any(String),
    });
    expect(listed[1]).toMatchObject({
      who: { id: 'demo-antti', role: 'analyst' },
      action: 'refused',
      rule: expect.stringMatching(/^[a-z-]+$/),
      reason: expect.any(String),
    });
    expect(listed[2]).toEqual({
      at: expect.any(String),
      who: { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala child health clinic' },
      action: 'disclose',
      what: 'concern, joint-plan',
      purpose: 'invitation to a joint meeting',
      recipient: 'demo-olli (Kangasala school)',
      basis: 'consent c-1',
    });
    expect(listed[3]).toEqual({
      at: expect.any(String),
      who: { id: 'demo-olli', role: 'professional', organisation: 'Kangasala school' },
      action: 'refused',
      what: 'follow-up',
      rule: 'category-not-shared',
      reason: 'the consent in force does not share follow-up with you',
    });
    expect(listed[4]).toMatchObject({ who: { id: 'demo-aino', role: 'auditor' }, action: 'read', purpose: 'family request 2026/3' });
    for (const entry of listed) expect(Date.parse(entry.at)).not.toBeNaN();
    expect(listed.some((e) => e.who.id === 'demo-olli' && e.action === 'read')).toBe(false);
  });

  it('should print the history as PDF and as HTML in the language asked for, logging the read first', async () => {
    const before = (await entries()).length;
    const pdf = await fetch(`${base}${path}?format=pdf&lang=sv`, { headers: { authorization: `Bearer ${tokens.aino}`, ...purpose } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(pdf.headers.get('content-disposition')).toBe(`inline; filename="processing-history-${caseId}-sv.pdf"`);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const html = await fetch(`${base}${path}?format=html&lang=fi`, { headers: { authorization: `Bearer ${tokens.aino}`, ...purpose } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    for (const phrase of [
      'Asiakastietojen käsittelyhistoria',
      `Asian tunnus: ${caseId}`,
      'evätty',
      'Sääntö: category-not-shared',
      'luovutettu',
      'Peruste: consent c-1',
    ])
      expect(page).toContain(phrase);

    // Both prints were logged as reads (the JSON read that follows is logged after it answers).
    expect((await entries()).length).toBe(before + 3);
  });

  it.each([
    ['lang', '?format=pdf&lang=de'],
    ['lang', '?lang=fi&lang=sv'],
    ['format', '?format=docx'],
  ])('should refuse a bad %s with 400 naming it, logging no read', async (field, query) => {
    const before = (await entries()).length;
    const answer = await call('GET', `${path}${query}`, undefined, 'aino', purpose);
    expect(answer.status).toBe(400);
    expect(answer.body.violations).toEqual([expect.objectContaining({ field })]);
    expect((await entries()).length).toBe(before + 1);
  });

  // Last: it breaks the chain on purpose.
  it('should keep the chain verifiable with a refusal’s rule and reason, and find a changed reason', async () => {
    const pool = new Pool({ connectionString: app.get(DatabaseConnection).connectionString, max: 1 });
    try {
      const log = await AccessLog.open(pool);
      expect(await log.verify()).toMatchObject({ ok: true });
      const { rows } = await pool.query<{ seq: string }>(`select seq from audit.access_log where rule = 'category-not-shared'`);
      const seq = Number(rows[0].seq);
      await pool.query('alter table audit.access_log disable trigger access_log_append_only');
      await pool.query(`update audit.access_log set reason = 'nothing to see' where seq = $1`, [seq]);
      await pool.query('alter table audit.access_log enable trigger access_log_append_only');
      expect(await log.verify()).toMatchObject({ ok: false, checked: seq - 1, brokenAt: seq, findings: [{ kind: 'edited', seq }] });
    } finally {
      await pool.end();
    }
  });
});
