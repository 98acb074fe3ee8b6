import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { CaseDataCategory } from '@perheverkko/access-model';
import { CaseData } from './access-rules.decorators';
import { Paged, pageOf } from './pagination';
import { RevisionETag } from './revision-etag';
import { S, namedSchema } from './openapi';

/** Who did it: a person (id, role, organisation) or a service (`role: system`). */
export const ACTOR_SCHEMA = namedSchema(
  'Actor',
  S.object({ id: S.string(), role: S.string({ example: 'professional' }), organisation: S.string() }, ['id', 'role']),
);

/** One event of a stream as people read it. */
const OPENED_EVENT = namedSchema(
  'OpenedEvent',
  S.object(
    {
      revision: S.integer({ minimum: 0 }),
      type: S.string({ example: 'ConcernRegistered' }),
      occurredAt: S.instant(),
      actor: ACTOR_SCHEMA,
      data: S.object({}, [], {
        description: "The event's data (docs/events.md), identity fields withheld unless the caller reads identity",
      }),
    },
    ['revision', 'type', 'occurredAt', 'data'],
  ),
);

const EVENT_HISTORY = namedSchema(
  'EventHistory',
  S.object(
    {
      caseId: S.uuid(),
      meetingId: S.string({ description: 'A meeting’s history: the meeting' }),
      revision: S.revision(),
      events: S.array(OPENED_EVENT, { description: 'This page of the events, by revision' }),
      withheld: S.array(S.string(), { description: 'Categories the caller does not read' }),
      next: S.nullable(S.string({ description: 'Cursor of the next page of events (also the Link header); null on the last' })),
    },
    ['caseId', 'revision', 'events', 'next'],
  ),
);

/**
 * A stream's events as people read them (`…/history` beside a state view): read access to `category`, the revision
 * as a strong ETag, and the answer described once. `of` names whose events they are; `also` what else it carries.
 */
export const EventHistory = (rule: { category: CaseDataCategory; what: string }, of: string, also = '') =>
  applyDecorators(
    CaseData({ ...rule, action: 'read' }),
    RevisionETag(),
    Paged(),
    ApiOkResponse({
      schema: EVENT_HISTORY,
      description:
        `${of}'s events, opened: \`events\` (revision, type, occurredAt, actor, data) of the categories the caller reads, identity ` +
        `fields withheld unless they read identity, a page at a time by revision (\`limit\`, \`cursor\`, \`next\`); ${also}\`withheld\`; \`revision\`, ` +
        'the ETag: the whole stream’s as the caller sees it, on every page.',
    }),
  );

/**
 * A page of a history as the caller sees it (`seenHistory`): its events after the cursor by revision, and `next`.
 * `list` names the stream (kind and case, and meeting): a cursor of another case's history is refused, not followed.
 */
export function historyPage<H extends { events: ReadonlyArray<{ revision: number }> }>(
  history: H,
  query: { limit?: number; cursor?: string },
  list: string,
): Omit<H, 'events'> & { events: H['events'][number][]; next: string | null } {
  const { items, next } = pageOf(history.events, (event) => [event.revision], query, { list });
  return { ...history, events: items, next };
}
