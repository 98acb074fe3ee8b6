import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CaseData, Roles } from '../auth/access-rules.decorators';
import { AccessLogHost } from './access-log-host';

/** The family's right to know who has processed its data, and the chain check for auditors and administrators. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(private readonly accessLog: AccessLogHost) {}

  @Get('cases/:caseId/processing-history')
  @CaseData({ what: 'processing history', allow: ['coordinator', 'auditor'] })
  @ApiHeader({ name: 'X-Purpose', required: false, description: 'Why the history is read; required for auditors' })
  @ApiQuery({ name: 'months', required: false, description: 'How far back, 1–120 months (default 24: the last two years)' })
  async processingHistory(@Param('caseId') caseId: string, @Query('months') months?: string) {
    const span = months === undefined ? 24 : Math.min(120, Math.max(1, Number.parseInt(months, 10) || 24));
    const since = new Date();
    since.setMonth(since.getMonth() - span);
    const entries = await this.accessLog.accessLog.forCase(caseId, since);
    return {
      caseId,
      since: since.toISOString(),
      entries: entries.map((e) => ({ at: e.at, who: { id: e.actorId, role: e.actorRole, organisation: e.organisation }, action: e.action, what: e.what, purpose: e.purpose, recipient: e.recipient, basis: e.basis })),
    };
  }

  @Post('audit/access-log/verify')
  @HttpCode(200)
  @Roles('auditor', 'administrator')
  verify() {
    return this.accessLog.accessLog.verify();
  }
}
