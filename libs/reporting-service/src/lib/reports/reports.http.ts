import { BadRequestException, Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { PlatformConfig, Roles, type AuthenticatedUser, type AuthenticatedRequest } from '@perheverkko/platform';
import { startsAMonth } from '@perheverkko/reporting-domain';
import { AnnualReportQueries, type ReportFilter } from './annual-report.queries';
import { publishReport, reportRows } from './report-protection';

export class ReportQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'start of the period (inclusive); default: 1 January of the current year' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01', description: 'end of the period (exclusive); default: a year after `from`' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 'Kangasala child health clinic' }) @IsOptional() @IsString() @Length(1, 200) organizer?: string;
  @ApiPropertyOptional({ example: 'Kuopio' }) @IsOptional() @IsString() @Length(1, 100) municipality?: string;
  @ApiPropertyOptional({ example: 'Pohjois-Savo' }) @IsOptional() @IsString() @Length(1, 100) region?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'or send Accept: text/csv' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

/**
 * The period and filters of a report query. With `wholeMonths` (analysts) `from` and `to` must each start a month
 * (UTC): a finer period is a 400 naming the field. Coordinators keep exact dates: they see exact counts anyway.
 */
export function filterOf(query: ReportQueryDto, now = new Date(), options: { wholeMonths?: boolean } = {}): ReportFilter {
  const from = query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  const to = query.to ? new Date(query.to) : new Date(Date.UTC(from.getUTCFullYear() + 1, from.getUTCMonth(), from.getUTCDate()));
  const finer = options.wholeMonths ? (['from', 'to'] as const).filter((field) => !startsAMonth(field === 'from' ? from : to)) : [];
  if (finer.length) {
    const reason = 'analysts ask for whole months: the first day of a month (YYYY-MM or YYYY-MM-01, midnight UTC)';
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'the period is finer than a month', violations: finer.map((field) => ({ field, reason })) });
  }
  if (to <= from) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'the period is empty', violations: [{ field: 'to', reason: 'must be after from' }] });
  }
  return { from: from.toISOString(), to: to.toISOString(), organizer: query.organizer, municipality: query.municipality, region: query.region };
}

const wantsCsv = (query: ReportQueryDto, request: Request) => query.format === 'csv' || (!query.format && /text\/csv/.test(request.headers.accept ?? ''));

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
  ) {}

  private thresholdFor(user: AuthenticatedUser): number | null {
    return user.roles.includes('coordinator') ? null : this.config.REPORT_SUPPRESS_BELOW;
  }

  @Get('annual')
  @Roles('analyst', 'coordinator')
  async annual(@Query() query: ReportQueryDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const threshold = this.thresholdFor(request.user);
    const report = publishReport(await this.queries.annualReport(filterOf(query, new Date(), { wholeMonths: threshold !== null })), threshold);
    if (!wantsCsv(query, request)) return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="annual-report.csv"');
    return toCsv(reportRows(report), ['section', 'category', 'value']);
  }

  /**
   * One row per meeting: coordinators only. Analysts are refused (403, `records-for-coordinators-only`): a row
   * with its month, organizer, municipality, sectors and referral can point at a family in a small municipality
   * whatever is rounded, and the aggregated, suppressed form of these rows is the annual report.
   */
  @Get('records')
  @Roles('analyst', 'coordinator')
  async records(@Query() query: ReportQueryDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    if (this.thresholdFor(request.user) !== null) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        rule: 'records-for-coordinators-only',
        message: 'per-meeting records are for coordinators; analysts get them aggregated and protected in GET /reports/annual',
      });
    }
    const records = await this.queries.reportRecords(filterOf(query));
    if (!wantsCsv(query, request)) return records;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="report-records.csv"');
    const columns = ['recordId', 'recordedAt', 'organizer', 'municipality', 'region', 'kind', 'participatingSectors', 'referred', 'referredTo', 'referredToAssessmentOrSocialWork', 'familyGotHelp'];
    return toCsv(records.map((r) => ({ ...r, participatingSectors: r.participatingSectors.join(';') })), columns);
  }
}
