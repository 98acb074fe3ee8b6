import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CaseData, invalidField, Roles } from '@perheverkko/http';
import { AccessLogHost } from './access-log-host';
import { processingHistoryEntry, processingHistoryHtml, processingHistoryPdf, type ProcessingHistory } from './processing-history-document';
import { HISTORY_LANGUAGES } from './processing-history-texts';

const HISTORY_FORMATS = ['json', 'pdf', 'html'] as const;

/** The family's right to know who has processed its data, and the chain check for auditors and administrators. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly accessLog: AccessLogHost) {}

  @Get('cases/:caseId/processing-history')
  @CaseData({ category: 'processing-history', action: 'read', what: 'processing history' })
  @ApiHeader({ name: 'X-Purpose', required: false, description: 'Why the history is read; required for auditors' })
  @ApiQuery({ name: 'months', required: false, description: 'How far back, 1–120 months (default 24: the last two years)' })
  @ApiQuery({ name: 'format', required: false, enum: HISTORY_FORMATS, description: 'json (default), or pdf or html to print' })
  @ApiQuery({ name: 'lang', required: false, enum: HISTORY_LANGUAGES, description: 'Language of the pdf and html print (default fi)' })
  @ApiProduces('application/json', 'application/pdf', 'text/html')
  async processingHistory(
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) response: Response,
    @Query('months') months?: string,
    @Query('format') format: unknown = 'json',
    @Query('lang') lang: unknown = 'fi',
  ): Promise<ProcessingHistory | string | StreamableFile> {
    if (!HISTORY_FORMATS.some((known) => known === format)) throw invalidField('format', `must be one of ${HISTORY_FORMATS.join(', ')}`);
    const language = HISTORY_LANGUAGES.find((known) => known === lang);
    if (!language) throw invalidField('lang', `must be one of ${HISTORY_LANGUAGES.join(', ')}`);
    const span = months === undefined ? 24 : Math.min(120, Math.max(1, Number.parseInt(months, 10) || 24));
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
    return history;
  }

  @Post('audit/access-log/verify')
  @HttpCode(200)
  @Roles('auditor', 'administrator')
  verify() {
    return this.accessLog.accessLog.verify();
  }
}
