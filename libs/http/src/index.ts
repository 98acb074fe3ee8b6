export { CommandContext } from './lib/command-context';
export { ListOf, Moment, OneOf, OptionalListOf, OptionalMoment, OptionalOneOf, OptionalText, Text, WholeNumber } from './lib/body-fields';
export { CaseCommand } from './lib/case-command.decorator';
export { EventHistory, historyPage } from './lib/event-history.decorator';
export { CASE_DATA, CaseData, type CaseDataRule, PUBLIC, Public, ROLES_REQUIRED, Roles } from './lib/access-rules.decorators';
export { answer } from './lib/answer';
export { RevisionETag } from './lib/revision-etag';
export { type AuthenticatedUser, type Role, bearerTokenOf, isRole } from './lib/authenticated-user';
export {
  IDEMPOTENCY_HEADER,
  IF_MATCH_HEADER,
  commandIdOf,
  commandMetadataOf,
  expectedRevisionOf,
  withTraceparent,
  isUuid,
} from './lib/command-request';
export { type HttpSurface, configureHttp } from './lib/configure-http';
export {
  ApiCommandAnswer,
  ApiJsonAnswer,
  ApiProblems,
  ApiRevisionETag,
  CommandAnswerSchema,
  ETAG_HEADER,
  LINK_HEADER,
  ProblemSchema,
  S,
  type Schema,
  namedSchema,
  openApiDocumentOf,
  operationIdOf,
} from './lib/openapi';
export { type HistoryEntry, openedEntry, openedHistory } from './lib/opened-history';
export {
  LongPageQueryDto,
  MAX_PAGE_SIZE,
  type Page,
  PageQueryDto,
  Paged,
  WHOLE_LIST_PAGE_SIZE,
  cursorAfter,
  keyOfCursor,
  nextPageLink,
  pageOf,
  pageSizeOf,
} from './lib/pagination';
export { PROBLEM_CONTENT_TYPE, problemOf, problemType, type Problem, type ProblemBody, type Violation } from './lib/problem';
export { createValidationPipe, invalidField } from './lib/validation';
