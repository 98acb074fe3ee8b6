import { Body, Controller, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { onEmbeddedApp, type ServedApp } from '../testing/embedded-app';
import { AccessLogHost } from '@perheverkko/access';
import { PersonalDataHost } from '@perheverkko/service-host';
import { PlatformModule } from './platform.module';

/** Stands for any command that records something personal in a case (a note, a summary). */
@Controller('test-notes')
class NotesController {
  constructor(private readonly personalData: PersonalDataHost) {}

  @Post(':id')
  async note(@Param('id') id: string, @Body() body: { note: string }) {
    return { sealed: await (await this.personalData.get()).seal(id, body.note) };
  }
}

@Module({ imports: [PlatformModule], controllers: [NotesController] })
class ErasureTestApp {}

describe('erasure on request (POST /erasures)', () => {
  let app: INestApplication;
  let call: ServedApp['call'];
  onEmbeddedApp(ErasureTestApp, { tempPrefix: 'erasure', nest: { logger: ['error'], abortOnError: false } }, (served) => {
    ({ app, call } = served);
  });

  it('should let an administrator erase a case, logged, after which a write of personal data answers 409 case-erased', async () => {
    const caseId = randomUUID();
    expect((await call('POST', `/test-notes/${caseId}`, { note: 'Aada väsynyt' })).status).toBe(201);

    const erased = await call('POST', '/erasures', { caseId, reason: 'the family asked for erasure (request 2031-114)' }, 'pekka');
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ caseId, reason: 'the family asked for erasure (request 2031-114)', alreadyErased: false });

    const write = await call('POST', `/test-notes/${caseId}`, { note: 'more' });
    expect(write.status).toBe(409);
    expect(write.body).toMatchObject({ statusCode: 409, rule: 'case-erased' });

    const again = await call('POST', '/erasures', { caseId, reason: 'asked again' }, 'pekka');
    expect(again.body).toEqual({ ...erased.body, alreadyErased: true });

    const logged = await app.get(AccessLogHost).accessLog.forCase(caseId, new Date(Date.now() - 60_000));
    expect(logged.filter((e) => e.action === 'act')).toEqual([
      expect.objectContaining({
        actorId: 'demo-pekka',
        what: 'erasure of the personal data (case key destroyed)',
        purpose: 'the family asked for erasure (request 2031-114)',
      }),
      expect.objectContaining({ actorId: 'demo-pekka', purpose: 'asked again' }),
    ]);
  });

  it('should let nobody else erase, and refuse a request without a case id or a reason', async () => {
    const caseId = randomUUID();
    for (const user of ['terhi', 'aino', 'kaisa', 'antti'])
      expect((await call('POST', '/erasures', { caseId, reason: 'because' }, user)).status).toBe(403);
    const invalid = await call('POST', '/erasures', { caseId: 'not-a-case' }, 'pekka');
    expect(invalid.status).toBe(400);
    expect(new Set(invalid.body.violations.map((v: { field: string }) => v.field))).toEqual(new Set(['caseId', 'reason']));
    expect(await (await app.get(PersonalDataHost).get()).isErased(caseId)).toBe(false);
  });
});
