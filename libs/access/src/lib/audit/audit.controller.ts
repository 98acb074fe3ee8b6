import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiHeader, ApiProduces, ApiPropertyOptional, ApiTags, ApiResponse } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Response } from 'express';
import {
  CaseData,
  invalidField,
  Roles,
  ApiJsonAnswer,
  ApiProblems,
  LongPageQueryDto,
  Paged,
  S,
  namedSchema,
  pageOf,
} from '@perheverkko/http';
import { AccessLogHost } from './access-log-host';
import { processingHistoryEntry, processingHistoryHtml, processingHistoryPdf, type ProcessingHistory } from './processing-history-document';
import { HISTORY_LANGUAGES } from './processing-history-texts';

const PROCESSING_HISTORY = namedSchema(
  'ProcessingHistory',
  S.object(
    {
      caseId: S.string(),
      since: S.instant(),
      until: S.instant(),
      entries: S.array(
        S.object(
          {
            at: S.instant(),
            who: S.object({ id: S.string(), role: S.string(), organisation: S.string() }),
            action: S.string({ example: 'read' }),
            what: S.string(),
            purpose: S.string(),
          },
          ['at', 'who', 'action', 'what'],
        ),
        { description: 'This page of the entries, oldest first (the print: all of them)' },
      ),
      next: S.nullable(S.string({ description: 'Cursor of the next page of entries (also the Link header); null on the last' })),
    },
    ['caseId', 'since', 'until', 'entries', 'next'],
  ),
);

const CHAIN_VERIFICATION = namedSchema(
  'AccessLogVerification',
  S.object(
    {
      ok: S.boolean(),
      checked: S.integer(),
      brokenAt: S.integer(),
      findings: S.array(S.object({ kind: S.string(), seq: S.integer(), line: S.integer(), detail: S.string() }, ['kind', 'detail'])),
      keyedFrom: S.integer(),
      anchors: S.object({ file: S.string(), valid: S.integer(), lastSeq: S.integer(), lastAt: S.string() }),
    },
    ['ok', 'checked', 'findings'],
  ),
);

const HISTORY_FORMATS = ['json', 'pdf', 'html'] as const;

/** The processing history's query: checked in the handler, where a wrong value is named with what it may be. */
class ProcessingHistoryQueryDto extends LongPageQueryDto {
  @ApiPropertyOptional({ description: 'How far back, 1–120 months (default 24: the last two years)' })
  @IsOptional()
  months?: unknown;

  @ApiPropertyOptional({ enum: HISTORY_FORMATS, description: 'json (default, paged), or pdf or html to print (the whole history)' })
  @IsOptional()
  format?: unknown;

  @ApiPropertyOptional({ enum: HISTORY_LANGUAGES, description: 'Language of the pdf and html print (default fi)' })
  @IsOptional()
  lang?: unknown;
}

/** The family's right to know who has processed its data, and the chain check for auditors and administrators. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly accessLog: AccessLogHost) {}

  @Get('cases/:caseId/processing-history')
  @ApiResponse({
    status: 200,
    description: 'The history: JSON, or a PDF or an HTML page to print (format)',
    content: {
      'application/json': { schema: PROCESSING_HISTORY },
      'application/pdf': { schema: S.string({ format: 'binary' }) },
      'text/html': { schema: S.string() },
    },
  })
  @ApiProblems(400)
  @ApiOperation({ summary: "The family's processing history of a case: who read or did what, when and why" })
  @CaseData({ category: 'processing-history', action: 'read', what: 'processing history' })
  @ApiHeader({ name: 'X-Purpose', required: false, description: 'Why the history is read; required for auditors' })
  @Paged()
  @ApiProduces('application/json', 'application/pdf', 'text/html')
  async processingHistory(
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) response: Response,
    @Query() query: ProcessingHistoryQueryDto,
  ): Promise<(ProcessingHistory & { next: string | null }) | string | StreamableFile> {
    const { months, format = 'json', lang = 'fi' } = query;
    if (!HISTORY_FORMATS.some((known) => known === format)) throw invalidField('format', `must be one of ${HISTORY_FORMATS.join(', ')}`);
    const language = HISTORY_LANGUAGES.find((known) => known === lang);
    if (!language) throw invalidField('lang', `must be one of ${HISTORY_LANGUAGES.join(', ')}`);
    const span = typeof months !== 'string' ? 24 : Math.min(120, Math.max(1, Number.parseInt(months, 10) || 24));
    const until = new Date();
    const since = new Date(until);
    since.setMonth(since.getMonth() - span);
    // Reads, disclosures and refusals alike: the family has the right to know of each.
    const recorded = await this.accessLog.accessLog.forCase(caseId, since, until);
    const history: ProcessingHistory = {
      caseId,
      since: since.toISOString(),
      until: until.toISOString(),
      entries: recorded.map(processingHistoryEntry),
    };
    if (format === 'html') {
      response.type('html');
      return processingHistoryHtml(history, language);
    }
    if (format === 'pdf') {
      // Returned, not sent: the read is logged (CaseReadLogger) before the document leaves.
      return new StreamableFile(await processingHistoryPdf(history, language), {
        type: 'application/pdf',
        disposition: `inline; filename="processing-history-${caseId}-${language}.pdf"`,
      });
    }
    // The JSON a page at a time, by the log's own order; the print above is the whole history, as the family is given it.
    const page = pageOf(recorded, (entry) => [entry.seq], query, { list: `processing:${caseId}` });
    return { ...history, entries: page.items.map(processingHistoryEntry), next: page.next };
  }

  @Post('audit/access-log/verify')
  @ApiJsonAnswer(CHAIN_VERIFICATION, 'What the check found')
  @ApiOperation({ summary: "Verify the access log's chain and its anchors" })
  @HttpCode(200)
  @Roles('auditor', 'administrator')
  verify() {
    return this.accessLog.accessLog.verify();
  }
}
