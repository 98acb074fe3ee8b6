import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';
import { ASYNCAPI_FILE } from './asyncapi';
import { CONSUMER_GROUPS } from './consumers';
import { ROOT } from './written-files';

/** Diagnostic severities of the parser (Spectral's): 0 is an error. */
const ERROR = 0;

describe('docs/events/asyncapi.yaml', () => {
  it('should parse with the official AsyncAPI parser without errors, its payloads resolved from the schema files', async () => {
    const { document, diagnostics } = await fromFile(new Parser(), join(ROOT, ASYNCAPI_FILE)).parse();
    const errors = diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    // The warnings and notes, listed: 3.0 is the version this document is written to.
    expect(diagnostics.map((d) => d.code)).toEqual(['asyncapi-latest-version']);
    expect(document?.channels().length).toBe(16);
    const topics =
      document
        ?.channels()
        .all()
        .map((c) => c.address()) ?? [];
    expect(topics).toEqual(expect.arrayContaining(['intake.events.v1', 'meeting.audit.v1', 'plan-followup.events.v1.dlq']));
  });

  it.each(CONSUMER_GROUPS.map((c) => [c.group, c] as const))(
    'should name the consumer group %s as its code declares it',
    (_group, consumer) => {
      expect(readFileSync(join(ROOT, consumer.declaredIn), 'utf8')).toContain(consumer.declaredAs);
    },
  );
});
