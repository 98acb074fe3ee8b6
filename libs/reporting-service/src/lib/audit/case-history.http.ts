import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseInstant } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import { CaseData } from '@perheverkko/http';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';
import { PERIOD_FORMAT } from '@perheverkko/reporting-domain';
import { caseHistory, historyAsText } from './case-history';
import { HistoryQueryDto } from './case-history.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/cases')
export class CaseHistoryHttp {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
  ) {}

  /** Every read is logged with the auditor's stated purpose (X-Purpose) before the history leaves. */
  @Get(':caseId/history')
  @CaseData({ category: 'whole-case', action: 'read', what: 'case history across services' })
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'why the auditor reads this history (logged)' })
  async history(
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Query() query: HistoryQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const stored = await this.store.readByCase(caseId);
    if (stored.length === 0) throw new NotFoundException(`reporting has received nothing about case ${caseId}`);
    // A date or a time without an offset is Finnish time, as in reports (`2026-03-01`: midnight in Helsinki).
    const asOfInstant = query.asOf === undefined ? new Date() : parseInstant(query.asOf);
    if (!asOfInstant)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'asOf is not a date or time',
        violations: [{ field: 'asOf', reason: PERIOD_FORMAT }],
      });
    const asOf = asOfInstant.toISOString();
    const history = await caseHistory(caseId, stored, await this.personalData.get(), asOf);
    if (query.format === 'text' || (!query.format && /text\/plain/.test(request.headers.accept ?? ''))) {
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return historyAsText(history);
    }
    return history;
  }
}
