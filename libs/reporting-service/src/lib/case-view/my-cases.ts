import { Injectable } from '@nestjs/common';
import { readableCategories, standingsOf, type CaseDataCategory, type CaseRole } from '@perheverkko/access-model';
import { AccessLogHost } from '@perheverkko/access';
import { cursorAfter, invalidField, isUuid, keyOfCursor, type AuthenticatedUser, type Page } from '@perheverkko/http';
import { progressFor, type WorkerPhase } from '@perheverkko/reporting-domain';
import { PersonalDataHost } from '@perheverkko/service-host';
import { CaseViews, type CaseListRow, type CaseViewFilter, type CaseViewKey } from './case-views';
import { familyNameOf } from './family-name';

/** The case number a worker says on the phone: the case id's first eight characters. */
export const caseNumberOf = (caseId: string) => caseId.slice(0, 8);

/** The roles the caller holds in the case now (the access model's standings; an auditor's is not a worker's). */
export const rolesIn = (row: Pick<CaseListRow, 'access'>, user: AuthenticatedUser, now: string): CaseRole[] =>
  standingsOf(user, row.access, now)
    .map((s) => s.role)
    .filter((role) => role !== 'auditor');

/** The organisations whose cases a coordinator answers for. */
export const coordinated = (user: AuthenticatedUser) =>
  user.roles.includes('coordinator') ? (user.coordinates ?? [user.organisation]) : [];

/** A professional's own cases are looked up by their id; a coordinator's by organisation only. */
export const personOf = (user: AuthenticatedUser) => (user.roles.includes('professional') ? user.id : undefined);

/** A professional's cases a list orders, at most (a caseload, not a register: ADR 0017). */
export const CASELOAD = 5000;
/** A coordinator's list is read a batch at a time past the rows they no longer stand in, so pages stay full. */
const BATCH = 100;

export interface MyCasesRequest {
  phase?: WorkerPhase;
  cursor?: string;
  limit: number;
  /** Categories the caller must read in a case for it to be found (a name search: identity). */
  reads?: readonly CaseDataCategory[];
  /** What the access log says was read, and why (a search's stated purpose; else the caller's roles). */
  what: string;
  purpose?: string;
  /** Log every case listed (a search), not only those whose family name is shown. */
  logEach?: boolean;
}

interface Listed {
  row: CaseListRow;
  roles: CaseRole[];
  readable: ReadonlySet<CaseDataCategory>;
  phase: WorkerPhase | null;
  nextDateAt: string | null;
}

/** The order of a list: the next date the caller reads (none last), then case id. */
const keyOfListed = (listed: Pick<Listed, 'nextDateAt' | 'row'>): CaseViewKey => [listed.nextDateAt ?? '', listed.row.caseId];
const NONE_LAST = '\uffff';
const compareKeys = ([aAt, aId]: CaseViewKey, [bAt, bId]: CaseViewKey) => {
  const [a, b] = [aAt || NONE_LAST, bAt || NONE_LAST];
  return a < b ? -1 : a > b ? 1 : aId < bId ? -1 : aId > bId ? 1 : 0;
};

/**
 * A date this API writes into a cursor: an ISO instant that reads back as itself (so not 30 February, which
 * JavaScript rolls over) in years PostgreSQL takes (not year 0).
 */
function isInstantWeGave(at: string): boolean {
  const parsed = new Date(at);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === at && parsed.getUTCFullYear() >= 1;
}

/** Where a list resumes: a cursor it gave (a next date or '' and a case id); anything else is a 400 on `cursor`. */
function resumeAfter(cursor: string | undefined): CaseViewKey | undefined {
  const key = keyOfCursor(cursor, ['string', 'string']);
  if (!key) return undefined;
  const [at, caseId] = key.map(String);
  if ((at !== '' && !isInstantWeGave(at)) || !isUuid(caseId))
    throw invalidField('cursor', "is not a cursor this list gave: pass the previous page's `next` as it was");
  return [at, caseId];
}

/**
 * "My cases" (ADR 0017): the cases where the caller stands now, each with what the caller may know of it. A
 * professional's caseload is ordered by the next date *they* read (a date of a category hidden from them neither
 * shows nor orders); a coordinator's, by the dates of the categories coordinators read, in the database.
 */
@Injectable()
export class MyCases {
  constructor(
    private readonly views: CaseViews,
    private readonly personalData: PersonalDataHost,
    private readonly accessLog: AccessLogHost,
  ) {}

  async page(user: AuthenticatedUser, narrowing: CaseViewFilter, request: MyCasesRequest) {
    const now = new Date().toISOString();
    const scope: CaseViewFilter = { ...narrowing, person: personOf(user), organisations: coordinated(user) };
    const after = resumeAfter(request.cursor);
    const listed = (row: CaseListRow): Listed | undefined => {
      const roles = rolesIn(row, user, now);
      if (roles.length === 0) return undefined;
      const readable = readableCategories(user, row.access, now);
      if (!(request.reads ?? []).every((category) => readable.has(category))) return undefined;
      const { phase, nextDateAt } = progressFor(row, readable);
      // A phase filter matches only a phase the caller may know.
      if (request.phase && phase !== request.phase) return undefined;
      return { row, roles, readable, phase, nextDateAt };
    };
    const { shown, more } = user.roles.includes('professional')
      ? await this.caseload(scope, after, request.limit, listed)
      : await this.organisersCases(scope, after, request.limit, listed);
    const items = await Promise.all(shown.map((entry) => this.item(entry, user, request)));
    const page: Page<(typeof items)[number]> = { items, next: more ? cursorAfter(keyOfListed(shown[shown.length - 1])) : null };
    return page;
  }

  /** What an auditor's search finds: any case its terms match, the whole case readable to them, each logged. */
  async auditorsFinding(user: AuthenticatedUser, narrowing: Omit<CaseViewFilter, 'person' | 'organisations'>, request: MyCasesRequest) {
    const now = new Date().toISOString();
    const key = keyOfCursor(request.cursor, ['string']);
    const after = key ? String(key[0]) : undefined;
    if (after !== undefined && !isUuid(after))
      throw invalidField('cursor', "is not a cursor this list gave: pass the previous page's `next` as it was");
    const rows = await this.views.auditorRows(narrowing, after, request.limit + 1);
    const shown = rows.slice(0, request.limit).flatMap((row): Listed[] => {
      const readable = readableCategories(user, row.access, now);
      const { phase, nextDateAt } = progressFor(row, readable);
      return request.phase && phase !== request.phase ? [] : [{ row, roles: ['auditor'], readable, phase, nextDateAt }];
    });
    const items = await Promise.all(shown.map((entry) => this.item(entry, user, request)));
    const last = rows.slice(0, request.limit).at(-1);
    const page: Page<(typeof items)[number]> = { items, next: rows.length > request.limit && last ? cursorAfter([last.caseId]) : null };
    return page;
  }

  /** A professional's (and, coordinating too, their organisations') cases, ordered here by what the caller reads. */
  private async caseload(
    scope: CaseViewFilter,
    after: CaseViewKey | undefined,
    limit: number,
    listed: (row: CaseListRow) => Listed | undefined,
  ) {
    const visible = (await this.views.listRows(scope, CASELOAD))
      .flatMap((row) => listed(row) ?? [])
      .sort((a, b) => compareKeys(keyOfListed(a), keyOfListed(b)))
      .filter((entry) => !after || compareKeys(keyOfListed(entry), after) > 0);
    return { shown: visible.slice(0, limit), more: visible.length > limit };
  }

  /** A coordinator's cases, in the database's order, read past the rows they do not stand in. */
  private async organisersCases(
    scope: CaseViewFilter,
    after: CaseViewKey | undefined,
    limit: number,
    listed: (row: CaseListRow) => Listed | undefined,
  ) {
    const shown: Listed[] = [];
    let from = after;
    for (;;) {
      const batch = await this.views.coordinatorRows(scope, from, BATCH);
      for (const row of batch) {
        const entry = listed(row);
        if (!entry) continue;
        if (shown.length === limit) return { shown, more: true };
        shown.push(entry);
      }
      if (batch.length < BATCH) return { shown, more: false };
      const last = batch[batch.length - 1];
      from = [last.coordinatorNextAt ?? '', last.caseId];
    }
  }

  private async item({ row, roles, readable, phase, nextDateAt }: Listed, user: AuthenticatedUser, request: MyCasesRequest) {
    const readsIdentity = readable.has('identity');
    if (readsIdentity || request.logEach) {
      // Each family name shown is a read of identity data; each case a search found, a read with the stated purpose.
      await this.accessLog.record({
        actorId: user.id,
        actorRole: user.roles.join(','),
        organisation: user.organisation,
        caseId: row.caseId,
        action: 'read',
        what: readsIdentity ? `the family's name in ${request.what}` : `the case found in ${request.what}`,
        purpose: request.purpose ?? `work as ${roles.join(', ')}`,
      });
    }
    return {
      caseId: row.caseId,
      caseNumber: caseNumberOf(row.caseId),
      phase,
      nextDateAt,
      roles,
      ...(readable.has('concern') ? { municipality: row.municipality } : {}),
      ...(readsIdentity ? { familyName: familyNameOf(await (await this.personalData.get()).openFields(row.caseId, row.family)) } : {}),
    };
  }
}
