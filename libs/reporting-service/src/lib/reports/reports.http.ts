import { BadRequestException, Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags, ApiResponse } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { AccessLogHost, type AuthenticatedRequest, CaseAccessDirectory } from '@perheverkko/access';
import { PersonalDataHost } from '@perheverkko/service-host';
import { PlatformConfig } from '@perheverkko/runtime';
import { type AuthenticatedUser, Roles, ApiProblems, Paged, nextPageLink, pageOf } from '@perheverkko/http';
import { formatFinnishDate, formatFinnishTime, type ReaderLanguage } from '@perheverkko/decider';
import { periodInFinnishTime, reportPeriodOf } from '@perheverkko/reporting-domain';
import { AnnualReportQueries, type ReportFilter } from './annual-report.queries';
import { publishReport, reportRows } from './report-protection';
import { ReportQueryDto, ReportRecordsQueryDto } from './report-query.dto';
import { recordsWithRemarks, remarksCell, type PublishedRecord } from './report-remarks';
import { ANNUAL_REPORT, REPORT_RECORDS, jsonOrCsv } from '../reporting.openapi';

/**
 * The period and filters of a report query. Years, months and dates are Helsinki's calendar (an event at
 * 2026-12-31T23:30Z is in 2027); the period goes on as ISO 8601 with Helsinki's offset. With `wholeMonths`
 * (analysts) `from` and `to` must each start a month in Finnish time: a finer period is a 400 naming the field.
 * Coordinators keep exact dates: they see exact counts anyway.
 */
export function filterOf(query: ReportQueryDto, now = new Date(), options: { wholeMonths?: boolean } = {}): ReportFilter {
  const asked = reportPeriodOf(query, now, options);
  if (!('period' in asked))
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: asked.message, violations: asked.violations });
  return {
    ...periodInFinnishTime(asked.period),
    organizer: query.organizer,
    municipality: query.municipality,
    region: query.region,
    county: query.county,
  };
}

const wantsCsv = (query: ReportQueryDto, request: Request) =>
  query.format === 'csv' || (!query.format && /text\/csv/.test(request.headers.accept ?? ''));

/**
 * Every CSV this service writes goes through here. Names typed in through the API (organizers, municipalities,
 * regions, services) end up in cells, and a spreadsheet runs a cell starting with `=`, `+`, `-`, `@`, TAB or CR
 * as a formula: csv-stringify's `escape_formulas` prefixes such a string cell with `'` (OWASP's advice; the
 * full-width `＝ ＋ － ＠` too). Counts are numbers in the rows and stay numbers, negative or not: only string
 * cells are neutralised, so a numeric column is never given a quote.
 */
export function toCsv(rows: Array<Record<string, unknown>>, columns: string[]): string {
  return stringify(rows, { header: true, columns, escape_formulas: true, cast: { boolean: (b) => (b ? 'true' : 'false') } });
}

/**
 * The records CSV: `recordedAt` is for programs (ISO 8601 with its offset, as stored: a UTC instant); people and
 * spreadsheets read `recordedDate` and `recordedTime`, the same moment in Finnish time written as `lang` writes it.
 * `remarks`: the text, empty where none was written, `[erased]` or `[withheld]`.
 */
export const RECORD_CSV_COLUMNS = [
  'recordId',
  'meetingId',
  'recordedAt',
  'recordedDate',
  'recordedTime',
  'organizer',
  'municipality',
  'region',
  'kind',
  'participatingSectors',
  'referred',
  'referredTo',
  'referredToAssessmentOrSocialWork',
  'familyGotHelp',
  'remarks',
];

export function recordCsvRow(record: PublishedRecord, language: ReaderLanguage): Record<string, unknown> {
  return {
    ...record,
    recordedDate: formatFinnishDate(record.recordedAt, language),
    recordedTime: formatFinnishTime(record.recordedAt, language),
    participatingSectors: record.participatingSectors.join(';'),
    remarks: remarksCell(record.remarks),
  };
}

/**
 * What analysts and coordinators take to the wellbeing working groups. Analysts always get small numbers
 * suppressed; coordinators get exact counts. No case ids leave through here.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsHttp {
  constructor(
    private readonly queries: AnnualReportQueries,
    private readonly config: PlatformConfig,
    private readonly caseAccess: CaseAccessDirectory,
    private readonly personalData: PersonalDataHost,
    private readonly accessLog: AccessLogHost,
  ) {}

  private thresholdFor(user: AuthenticatedUser): number | null {
    return user.roles.includes('coordinator') ? null : this.config.REPORT_SUPPRESS_BELOW;
  }

  @Get('annual')
  @ApiResponse({
    status: 200,
    description: 'The report; CSV (section, category, value) with format=csv or Accept: text/csv',
    content: jsonOrCsv(ANNUAL_REPORT),
  })
  @ApiProblems(400)
  @ApiOperation({ summary: 'The annual report' })
  @Roles('analyst', 'coordinator')
  async annual(@Query() query: ReportQueryDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const threshold = this.thresholdFor(request.user);
    const report = publishReport(
      await this.queries.annualReport(filterOf(query, new Date(), { wholeMonths: threshold !== null })),
      threshold,
    );
    if (!wantsCsv(query, request)) return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="annual-report.csv"');
    return toCsv(reportRows(report), ['section', 'category', 'value']);
  }

  /**
   * One row per meeting: coordinators only. Analysts are refused (403, `records-for-coordinators-only`): a row
   * with its month, organizer, municipality, sectors and referral can point at a family in a small municipality
   * whatever is rounded, and the aggregated, suppressed form of these rows is the annual report. "Other remarks"
   * are opened with the case's key for the coordinators of the case's organiser (each case's read logged first),
   * withheld from other coordinators, and read as erased once the key is destroyed.
   */
  @Get('records')
  @ApiResponse({
    status: 200,
    description: 'One row per meeting, by when it was recorded, a page at a time; CSV with format=csv or Accept: text/csv',
    content: jsonOrCsv(REPORT_RECORDS),
  })
  @Paged({ bare: true })
  @ApiProblems(400)
  @ApiOperation({ summary: "The annual report's rows, one per meeting, for coordinators" })
  @Roles('analyst', 'coordinator')
  async records(
    @Query() query: ReportRecordsQueryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (this.thresholdFor(request.user) !== null) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        rule: 'records-for-coordinators-only',
        message: 'per-meeting records are for coordinators; analysts get them aggregated and protected in GET /reports/annual',
      });
    }
    const { user } = request;
    const vault = await this.personalData.get();
    // Paged before the remarks are opened: only this page's cases are read (and logged).
    const page = pageOf(await this.queries.reportRecords(filterOf(query)), (record) => [record.recordedAt, record.recordId], query);
    const records = await recordsWithRemarks(page.items, user, {
      factsOf: (caseId) => this.caseAccess.factsOf(caseId),
      open: async (caseId, sealed) => (await vault.openFields(caseId, { remarks: sealed })).remarks,
      logRead: async (caseId, basis) => {
        await this.accessLog.record({
          actorId: user.id,
          actorRole: user.roles.join(','),
          organisation: user.organisation,
          caseId,
          action: 'read',
          what: 'report record remarks',
          purpose: `report records: work as ${basis}`,
        });
      },
    });
    if (!wantsCsv(query, request)) return { items: records, next: page.next };
    if (page.next !== null) response.setHeader('Link', nextPageLink(request, page.next));
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="report-records.csv"');
    return toCsv(
      records.map((r) => recordCsvRow(r, query.lang ?? 'fi')),
      RECORD_CSV_COLUMNS,
    );
  }
}
