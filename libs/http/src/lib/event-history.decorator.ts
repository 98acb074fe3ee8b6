import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { CaseDataCategory } from '@perheverkko/access-model';
import { CaseData } from './access-rules.decorators';
import { RevisionETag } from './revision-etag';

/**
 * A stream's events as people read them (`…/history` beside a state view): read access to `category`, the revision
 * as a strong ETag, and the answer described once. `of` names whose events they are; `also` what else it carries.
 */
export const EventHistory = (rule: { category: CaseDataCategory; what: string }, of: string, also = '') =>
  applyDecorators(
    CaseData({ ...rule, action: 'read' }),
    RevisionETag(),
    ApiOkResponse({
      description:
        `${of}'s events, opened: \`events\` (revision, type, occurredAt, actor, data) of the categories the caller reads, identity ` +
        `fields withheld unless they read identity; ${also}\`withheld\`; \`revision\`, the ETag.`,
    }),
  );
