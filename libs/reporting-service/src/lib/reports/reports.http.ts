import { BadRequestException, Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { PlatformConfig, Roles, type AuthenticatedUser, type AuthenticatedRequest } from '@perheverkko/platform';
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

export function filterOf(query: ReportQueryDto, now = new Date()): ReportFilter {
  const from = query.from ? new Date(query.from) : new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  const to = query.to ? new Date(query.to) : new Date(Date.UTC(from.getUTCFullYear() + 1, from.getUTCMonth(), from.getUTCDate()));
  if (to <= from) {
    throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'the period is empty', violations: [{ field: 'to', reason: 'must be after from' }] });
  }
  return { from: from.toISOString(), to: to.toISOString(), organizer: query.organizer, municipality: query.municipality, region: query.region };
}

const wantsCsv = (query: ReportQueryDto, request: Request) => query.format === 'csv' || (!query.format && /text\/csv/.test(request.headers.accept ?? ''));


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
    const report = publishReport(await this.queries.annualReport(filterOf(query)), this.thresholdFor(request.user));
    if (!wantsCsv(query, request)) return report;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="annual-report.csv"');
    return stringify(reportRows(report), { header: true, columns: ['section', 'category', 'value'] });
  }

  @Get('records')
  @Roles('analyst', 'coordinator')
  async records(@Query() query: ReportQueryDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const exact = this.thresholdFor(request.user) === null;
    // Analysts get the month, not the day: a record's date and organizer could otherwise point at a family.
    const records = (await this.queries.reportRecords(filterOf(query))).map(({ recordId, recordedAt, ...record }) => ({
      ...(exact ? { recordId, recordedAt } : { month: recordedAt.slice(0, 7) }),
      ...record,
    }));
    if (!wantsCsv(query, request)) return records;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="report-records.csv"');
    const columns = [...(exact ? ['recordId', 'recordedAt'] : ['month']), 'organizer', 'municipality', 'region', 'kind', 'participatingSectors', 'referred', 'referredTo', 'referredToAssessmentOrSocialWork', 'familyGotHelp'];
    return stringify(
      records.map((r) => ({ ...r, participatingSectors: r.participatingSectors.join(';') })),
      { header: true, columns, cast: { boolean: (b) => (b ? 'true' : 'false') } },
    );
  }
}
