import { BadRequestException, Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { ANY_PART, readableCategories, standingsOf, type CaseDataCategory, type CaseRole } from '@perheverkko/access-model';
import { AccessLogHost, type AuthenticatedRequest } from '@perheverkko/access';
import {
  CaseData,
  Roles,
  cursorAfter,
  invalidField,
  isUuid,
  keyOfCursor,
  pageSizeOf,
  type AuthenticatedUser,
  type Page,
  type Problem,
} from '@perheverkko/http';
import { PersonalDataHost } from '@perheverkko/service-host';
import { overviewParts, progressFor, tasksIn, type CaseTask, type CaseViewRow } from '@perheverkko/reporting-domain';
import { CaseViews, keyOf, type CaseViewFilter, type CaseViewKey } from './case-views';
import { CaseSearchQueryDto, MyCasesQueryDto, TasksQueryDto } from './case-view.dto';
import { CaseSearchIndex, CaseSearchQueryRefused } from './search';
import { familyNameOf } from './family-name';

/** The case number a worker says on the phone: the case id's first eight characters. */
export const caseNumberOf = (caseId: string) => caseId.slice(0, 8);

/** The roles the caller holds in the case now (the access model's standings; an auditor's is not a worker's). */
const rolesIn = (row: CaseViewRow, user: AuthenticatedUser, now: string): CaseRole[] =>
  standingsOf(user, row.access, now)
    .map((s) => s.role)
    .filter((role) => role !== 'auditor');

/** The organisations whose cases a coordinator answers for. */
const coordinated = (user: AuthenticatedUser) => (user.roles.includes('coordinator') ? (user.coordinates ?? [user.organisation]) : []);

/** A batch of rows is read past those the caller no longer stands in (a withdrawn consent), so pages stay full. */
const BATCH = 100;
/** A worker's open cases that tasks are computed from, at most (a caseload, not a register). */
const TASK_CASES = 2000;

/**
 * The workers' case view (issue 20, ADR 0017): "my cases", one case's overview and "my tasks", from the case-view
 * projection of reporting's archive. A list names only cases where the caller stands now, by the access model's
 * rules over the same facts; the family's names are opened only for a caller who reads identity, and each such read
 * is logged.
 */
@ApiTags('case view')
@ApiBearerAuth()
@Controller()
export class CaseViewHttp {
  constructor(
    private readonly views: CaseViews,
    private readonly personalData: PersonalDataHost,
    private readonly accessLog: AccessLogHost,
    private readonly searchIndex: CaseSearchIndex,
  ) {}

  @Get('cases')
  @Roles('professional', 'coordinator')
  @ApiOperation({
    summary: "My cases: where I am convener, responsible worker or invited participant (and my organisation's, as coordinator)",
    description: 'Sorted by the next date that matters (cases with none last), then case id; `next` is the following page’s cursor.',
  })
  @ApiOkResponse({ description: '{ items: [{ caseId, caseNumber, phase, nextDateAt, roles, familyName?, municipality? }], next }' })
  async myCases(@Query() query: MyCasesQueryDto, @Req() request: AuthenticatedRequest) {
    return this.casesOf(request.user, { phase: query.phase }, query.cursor, pageSizeOf(query), 'my cases');
  }

  @Get('cases/search')
  @Roles('professional', 'coordinator')
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'why you search (logged with the search)' })
  @ApiOperation({
    summary: 'Find one of my cases by the family’s names or identity codes, the case number or the municipality',
    description:
      'Only cases the caller could list at GET /cases are ever found (nothing reveals another case, not even a count). Every search is logged in the access log with its purpose; the terms are not.',
  })
  @ApiOkResponse({ description: 'as GET /cases: { items, next }' })
  async search(@Query() query: CaseSearchQueryDto, @Req() request: AuthenticatedRequest) {
    const user = request.user;
    const purposeHeader = request.headers['x-purpose'];
    const purpose = typeof purposeHeader === 'string' ? purposeHeader.trim().slice(0, 500) : '';
    if (!purpose) {
      const problem: Problem = {
        statusCode: 400,
        error: 'Bad Request',
        rule: 'search-purpose-required',
        message: 'A search of cases states its purpose in the X-Purpose header (it is logged)',
        violations: [{ field: 'X-Purpose', reason: 'required for a search' }],
      };
      throw new BadRequestException(problem);
    }
    if (query.q === undefined && query.caseNumber === undefined && query.municipality === undefined)
      throw invalidField('q', 'give q (names or identity codes), caseNumber or municipality');
    const by = [query.q && 'name or identity code', query.caseNumber && 'case number', query.municipality && 'municipality'].filter(
      Boolean,
    );
    await this.accessLog.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      organisation: user.organisation,
      action: 'read',
      what: `case search by ${by.join(', ')}`,
      purpose,
    });
    let caseIds: string[] | undefined;
    if (query.q !== undefined) {
      const among = await this.views.caseIdsOf({ person: this.personOf(user), organisations: coordinated(user) });
      try {
        caseIds = await this.searchIndex.casesMatching(query.q, { among });
      } catch (error) {
        if (error instanceof CaseSearchQueryRefused) throw invalidField(error.field, error.reason);
        throw error;
      }
    }
    const filter: CaseViewFilter = { phase: query.phase, caseIds, caseNumber: query.caseNumber, municipality: query.municipality };
    // Matching a name or a home municipality tells who the family is or where it lives: only a caller who reads
    // that category of the case may find it by it (an invitee who reads only the concern cannot probe names).
    const reads = [
      ...(query.q !== undefined ? (['identity'] as const) : []),
      ...(query.municipality !== undefined ? (['concern'] as const) : []),
    ];
    return this.casesOf(user, filter, query.cursor, pageSizeOf(query), 'a case search', reads);
  }

  @Get('cases/:caseId/overview')
  @CaseData({ category: ANY_PART, action: 'read', what: 'case overview' })
  @ApiOperation({
    summary: 'The case as a person reads it, across the services: each part only where my access reads its category',
    description: 'ETag: strong; If-None-Match answers 304 while nothing I may see changed.',
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
      // Only what the caller's categories tell: no revision or last-change time that moves with parts they do not read.
      ...progressFor(row, readable),
      roles: rolesIn(row, request.user, now),
      readableCategories: [...readable],
      ...(readable.has('identity') ? { family: await this.familyOf(row) } : {}),
      ...overviewParts(row, readable, now),
    };
    response.setHeader('ETag', `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`);
    return body;
  }

  @Get('tasks')
  @Roles('professional')
  @ApiOperation({
    summary: 'My tasks: what is due from me in my open cases, the earliest first, with an overdue flag',
    description:
      'Kinds: re-raise-concern, reply-to-invitation, hold-meeting, next-contact, convene-follow-up-meeting, collect-feedback, record-outcome.',
  })
  @ApiOkResponse({ description: '{ items: [{ caseId, caseNumber, kind, dueAt, overdue, about? }], next }' })
  async myTasks(@Query() query: TasksQueryDto, @Req() request: AuthenticatedRequest): Promise<Page<CaseTask & { caseNumber: string }>> {
    const user = request.user;
    const now = new Date().toISOString();
    const after = keyOfCursor(query.cursor, ['string', 'string', 'string', 'string']);
    const rows = await this.views.rows({ person: user.id, open: true }, undefined, TASK_CASES);
    const order = (t: CaseTask) => [t.dueAt, t.caseId, t.kind, t.about?.meetingId ?? t.about?.invitationId ?? ''];
    const tasks = rows
      .flatMap((row) => tasksIn(row, user.id, rolesIn(row, user, now), now, readableCategories(user, row.access, now)))
      .filter((task) => query.overdue === undefined || task.overdue === (query.overdue === 'true'))
      .sort((a, b) => compareKeys(order(a), order(b)))
      .filter((task) => !after || compareKeys(order(task), after.map(String)) > 0);
    const limit = pageSizeOf(query);
    const page = tasks.slice(0, limit);
    return {
      items: page.map((task) => ({ ...task, caseNumber: caseNumberOf(task.caseId) })),
      next: tasks.length > limit ? cursorAfter(order(page[page.length - 1])) : null,
    };
  }

  /**
   * One page of the caller's cases matching `filter`, in next-date order. Rows where the caller no longer stands
   * (their consent withdrawn or expired, their invitation declined) are passed over, never shown.
   */
  async casesOf(
    user: AuthenticatedUser,
    filter: CaseViewFilter,
    cursor: string | undefined,
    limit: number,
    what: string,
    reads: readonly CaseDataCategory[] = [],
  ) {
    const now = new Date().toISOString();
    const scope: CaseViewFilter = {
      ...filter,
      person: user.roles.includes('professional') ? user.id : undefined,
      organisations: coordinated(user),
    };
    let after = caseViewKeyOf(cursor);
    const shown: Array<{ row: CaseViewRow; roles: CaseRole[] }> = [];
    let more = false;
    for (;;) {
      const batch = await this.views.rows(scope, after, BATCH);
      for (const row of batch) {
        const roles = rolesIn(row, user, now);
        if (roles.length === 0) continue;
        const readable = readableCategories(user, row.access, now);
        if (!reads.every((category) => readable.has(category))) continue;
        // A phase filter matches only a phase the caller may know.
        if (filter.phase && progressFor(row, readable).phase !== filter.phase) continue;
        if (shown.length === limit) {
          more = true;
          break;
        }
        shown.push({ row, roles });
      }
      if (more || batch.length < BATCH) break;
      after = keyOf(batch[batch.length - 1]);
    }
    const items = await Promise.all(
      shown.map(async ({ row, roles }) => {
        const readable = readableCategories(user, row.access, now);
        return {
          caseId: row.caseId,
          caseNumber: caseNumberOf(row.caseId),
          ...progressFor(row, readable),
          roles,
          ...(readable.has('concern') ? { municipality: row.municipality } : {}),
          ...(readable.has('identity') ? { familyName: await this.familyNameIn(row, user, roles, what) } : {}),
        };
      }),
    );
    return { items, next: more ? cursorAfter(keyOf(shown[shown.length - 1].row)) : null };
  }

  /** A professional's own cases are looked up by their id; a coordinator's by organisation only. */
  private personOf(user: AuthenticatedUser): string | undefined {
    return user.roles.includes('professional') ? user.id : undefined;
  }

  private async familyOf(row: CaseViewRow) {
    return (await this.personalData.get()).openFields(row.caseId, row.family);
  }

  /** The family's name for a list: opened with the case key, and the read logged as any read of identity data. */
  private async familyNameIn(row: CaseViewRow, user: AuthenticatedUser, roles: CaseRole[], what: string): Promise<string | null> {
    await this.accessLog.record({
      actorId: user.id,
      actorRole: user.roles.join(','),
      organisation: user.organisation,
      caseId: row.caseId,
      action: 'read',
      what: `the family's name in ${what}`,
      purpose: `work as ${roles.join(', ')}`,
    });
    return familyNameOf(await this.familyOf(row));
  }
}

/** Where a list resumes: a cursor it gave (a next date or '' and a case id); anything else is a 400 on `cursor`. */
function caseViewKeyOf(cursor: string | undefined): CaseViewKey | undefined {
  const key = keyOfCursor(cursor, ['string', 'string']);
  if (!key) return undefined;
  const [at, caseId] = key.map(String);
  if ((at !== '' && (!ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at)))) || !isUuid(caseId))
    throw invalidField('cursor', "is not a cursor this list gave: pass the previous page's `next` as it was");
  return [at, caseId];
}
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
