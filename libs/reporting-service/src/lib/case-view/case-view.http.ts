import { BadRequestException, Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiResponse } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { ANY_PART, readableCategories, type CaseDataCategory } from '@perheverkko/access-model';
import { AccessLogHost, type AuthenticatedRequest } from '@perheverkko/access';
import {
  CaseData,
  Roles,
  cursorAfter,
  invalidField,
  keyOfCursor,
  pageSizeOf,
  type Page,
  Paged,
  type ProblemBody,
  ApiJsonAnswer,
  ApiProblems,
  ETAG_HEADER,
} from '@perheverkko/http';
import { PersonalDataHost } from '@perheverkko/service-host';
import { overviewParts, progressFor, tasksIn, type CaseTask, type CaseViewRow, type OpenedRecord } from '@perheverkko/reporting-domain';
import { CaseViews } from './case-views';
import { CaseSearchQueryDto, MyCasesQueryDto, TasksQueryDto } from './case-view.dto';
import { CASELOAD, MyCases, caseNumberOf, coordinated, personOf, rolesIn } from './my-cases';
import { CaseSearchIndex, CaseSearchQueryRefused } from './search';
import { CASE_OVERVIEW, CASE_PAGE, TASK_PAGE } from '../reporting.openapi';

const PHASES_IN_WORDS =
  'phase: concern (registered), routed (a route other than the joint meeting), convening (consents and invitations), meeting-scheduled, plan-in-force (a joint plan agreed), follow-up (contacts, progress, follow-up meetings, outcome), closed — as far as the categories the caller reads show it (a step they cannot read neither shows nor moves it; null when they read none); nextDateAt likewise from the dates the caller reads.';

/** The stated purpose of a search (X-Purpose), or a 400 naming the header. */
function purposeOf(request: AuthenticatedRequest): string {
  const header = request.headers['x-purpose'];
  const purpose = typeof header === 'string' ? header.trim().slice(0, 500) : '';
  if (purpose) return purpose;
  const problem: ProblemBody = {
    statusCode: 400,
    error: 'Bad Request',
    rule: 'search-purpose-required',
    message: 'A search of cases states its purpose in the X-Purpose header (it is logged)',
    violations: [{ field: 'X-Purpose', reason: 'required for a search' }],
  };
  throw new BadRequestException(problem);
}

/**
 * The workers' case view (issue 20, ADR 0017): "my cases", search, one case's overview and "my tasks", from the
 * case-view projection of reporting's archive. A list names only cases where the caller stands now, each with only
 * what their categories tell; the family's names are opened only for a caller who reads identity, and logged.
 */
@ApiTags('case view')
@ApiBearerAuth()
@Controller()
export class CaseViewHttp {
  constructor(
    private readonly views: CaseViews,
    private readonly myCases: MyCases,
    private readonly personalData: PersonalDataHost,
    private readonly accessLog: AccessLogHost,
    private readonly searchIndex: CaseSearchIndex,
  ) {}

  @Get('cases')
  @ApiJsonAnswer(CASE_PAGE)
  @Paged()
  @Roles('professional', 'coordinator')
  @ApiOperation({
    summary: "My cases: where I am convener, responsible worker or invited participant (and my organisation's, as coordinator)",
    description: `Sorted by the next date I read (cases with none last), then case id; \`next\` is the following page's cursor. ${PHASES_IN_WORDS}`,
  })
  @ApiOkResponse({ description: '{ items: [{ caseId, caseNumber, phase, nextDateAt, roles, municipality?, familyName? }], next }' })
  async list(@Query() query: MyCasesQueryDto, @Req() request: AuthenticatedRequest) {
    return this.myCases.page(request.user, {}, { phase: query.phase, cursor: query.cursor, limit: pageSizeOf(query), what: 'my cases' });
  }

  @Get('cases/search')
  @ApiJsonAnswer(CASE_PAGE)
  @Paged()
  @ApiProblems(400)
  @Roles('professional', 'coordinator', 'auditor')
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'why you search (logged with the search and with each case found)' })
  @ApiOperation({
    summary: "Find one of my cases by the family's names or identity codes, the case number or the municipality",
    description:
      'Only cases the caller could list at GET /cases are ever found (nothing reveals another case, not even a count); a name or identity code only where the caller reads identity, a municipality only where they read the concern. An auditor finds any case (auditors read every case with a purpose), in case id order. Every search, and every case it finds, is logged with its purpose; the terms are not.',
  })
  @ApiOkResponse({ description: 'as GET /cases: { items, next }' })
  async search(@Query() query: CaseSearchQueryDto, @Req() request: AuthenticatedRequest) {
    const user = request.user;
    const purpose = purposeOf(request);
    if (query.q === undefined && query.caseNumber === undefined && query.municipality === undefined)
      throw invalidField('q', 'give q (names or identity codes), caseNumber or municipality');
    const by = [query.q && 'name or identity code', query.caseNumber && 'case number', query.municipality && 'municipality'].filter(
      Boolean,
    );
    const what = `a case search by ${by.join(', ')}`;
    await this.accessLog.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      organisation: user.organisation,
      action: 'read',
      what,
      purpose,
    });
    const asAuditor = user.roles.includes('auditor') && !user.roles.includes('professional') && !user.roles.includes('coordinator');
    let caseIds: string[] | undefined;
    if (query.q !== undefined) {
      const among = asAuditor ? undefined : await this.views.caseIdsOf({ person: personOf(user), organisations: coordinated(user) });
      try {
        caseIds = await this.searchIndex.casesMatching(query.q, { among });
      } catch (error) {
        if (error instanceof CaseSearchQueryRefused) throw invalidField(error.field, error.reason);
        throw error;
      }
    }
    // Matching a name or a home municipality tells who the family is or where it lives: only a caller who reads that
    // category of the case may find it by it (an invitee who reads only the concern cannot probe names).
    const reads: CaseDataCategory[] = [
      ...(query.q !== undefined ? ['identity' as const] : []),
      ...(query.municipality ? ['concern' as const] : []),
    ];
    const narrowing = { caseIds, caseNumber: query.caseNumber, municipality: query.municipality };
    if (asAuditor) {
      return this.myCases.auditorsFinding(user, narrowing, {
        phase: query.phase,
        cursor: query.cursor,
        limit: pageSizeOf(query),
        what,
        purpose,
        logEach: true,
      });
    }
    return this.myCases.page(user, narrowing, {
      phase: query.phase,
      cursor: query.cursor,
      limit: pageSizeOf(query),
      reads,
      what,
      purpose,
      logEach: true,
    });
  }

  @Get('cases/:caseId/overview')
  @ApiJsonAnswer(CASE_OVERVIEW, 'The case as the caller reads it')
  @ApiResponse({ status: 200, description: 'The case', headers: ETAG_HEADER })
  @ApiResponse({ status: 304, description: 'Not modified since the ETag sent in If-None-Match' })
  @ApiHeader({ name: 'If-None-Match', required: false })
  @CaseData({ category: ANY_PART, action: 'read', what: 'case overview' })
  @ApiOperation({
    summary: 'The case as a person reads it, across the services: each part only where my access reads its category',
    description: `Parts: family (identity), concern, routing, consents (with invitations and the meetings' times), meetingRecord, jointPlan, followUp; readableCategories says which I read. ${PHASES_IN_WORDS} ETag: strong, over what was shown; If-None-Match answers 304 while nothing I may see changed.`,
  })
  @ApiOkResponse({
    description:
      '{ caseId, caseNumber, phase, nextDateAt, roles, readableCategories, family?, concern?, routing?, consents?, meetingRecord?, jointPlan?, followUp? }',
  })
  async overview(@Param('caseId') caseId: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const row = await this.views.row(caseId);
    if (!row) throw new NotFoundException(`the case view holds nothing about case ${caseId} yet`);
    const now = new Date().toISOString();
    // The guard decided on the freshest facts (the services' own streams where hosted); the parts follow the same.
    const readable = request.caseAccess?.readable ?? readableCategories(request.user, row.access, now);
    const body = {
      caseId,
      caseNumber: caseNumberOf(caseId),
      // Only what the caller's categories tell: no revision or change time that moves with parts they do not read.
      ...progressFor(row, readable),
      roles: rolesIn(row, request.user, now),
      readableCategories: [...readable],
      ...(readable.has('identity') ? { family: await this.opened(row, row.family) } : {}),
      ...overviewParts(row, readable, now, await this.openedRecord(row, readable)),
    };
    response.setHeader('ETag', `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`);
    return body;
  }

  @Get('tasks')
  @ApiJsonAnswer(TASK_PAGE)
  @Paged()
  @Roles('professional')
  @ApiOperation({
    summary: 'My tasks: what is due from me in my open cases, the earliest first, with an overdue flag',
    description:
      'Kinds: re-raise-concern, reply-to-invitation (within 7 days, or by the meeting where I read its time), hold-meeting, next-contact, convene-follow-up-meeting, collect-feedback (7 days after a meeting closed without it), record-outcome.',
  })
  @ApiOkResponse({ description: '{ items: [{ caseId, caseNumber, kind, dueAt, overdue, about? }], next }' })
  async tasks(@Query() query: TasksQueryDto, @Req() request: AuthenticatedRequest): Promise<Page<CaseTask & { caseNumber: string }>> {
    const user = request.user;
    const now = new Date().toISOString();
    const after = keyOfCursor(query.cursor, ['string', 'string', 'string', 'string'])?.map(String);
    // Closed cases too: whether a case is closed is the follow-up's to tell, and an invitee who does not read it keeps
    // the reply asked of him (nothing he cannot read changes his tasks).
    const rows = await this.views.wholeRows({ person: user.id }, CASELOAD);
    const order = (t: CaseTask) => [t.dueAt, t.caseId, t.kind, t.about?.meetingId ?? t.about?.invitationId ?? ''];
    const tasks = rows
      .flatMap((row) => tasksIn(row, user.id, rolesIn(row, user, now), now, readableCategories(user, row.access, now)))
      .filter((task) => query.overdue === undefined || task.overdue === (query.overdue === 'true'))
      .sort((a, b) => compareKeys(order(a), order(b)))
      .filter((task) => !after || compareKeys(order(task), after) > 0);
    const limit = pageSizeOf(query);
    const page = tasks.slice(0, limit);
    return {
      items: page.map((task) => ({ ...task, caseNumber: caseNumberOf(task.caseId) })),
      next: tasks.length > limit ? cursorAfter(order(page[page.length - 1])) : null,
    };
  }

  private async opened<T>(row: CaseViewRow, sealed: T): Promise<T> {
    return (await this.personalData.get()).openFields(row.caseId, sealed);
  }

  /** The record's sealed parts, opened for a caller who reads the meeting record or the joint plan. */
  private async openedRecord(row: CaseViewRow, readable: ReadonlySet<CaseDataCategory>): Promise<OpenedRecord | undefined> {
    if (!readable.has('meeting-record') && !readable.has('joint-plan')) return undefined;
    const { attendance, signedBy, plan } = await this.opened(row, row.moments.sealed);
    return {
      attendance: readable.has('meeting-record') ? attendance : {},
      signedBy: readable.has('meeting-record') ? signedBy : {},
      plan: readable.has('joint-plan') ? plan : null,
    };
  }
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
