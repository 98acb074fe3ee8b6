import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiHeader, ApiTags, ApiResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseInstant } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import { CaseData, ApiProblems, Paged, invalidField, keyOfCursor, pageOf } from '@perheverkko/http';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';
import { PERIOD_FORMAT } from '@perheverkko/reporting-domain';
import { caseHistory, historyAsText } from './case-history';
import { HistoryQueryDto } from './case-history.dto';
import { CASE_HISTORY } from '../reporting.openapi';

/**
 * Where a walk through a case's history stands (its cursor): the list, the asOf and the last time the archive had
 * received an event when the first page was read, and the place in the causal order of the last event shown.
 */
function walkOf(cursor: string | undefined, list: string): { asOf: string; receivedUntil: string } | undefined {
  const key = keyOfCursor(cursor, ['string', 'string', 'string', 'number']);
  if (!key) return undefined;
  const [of, asOf, receivedUntil] = key.map(String);
  if (of !== list) throw invalidField('cursor', 'is the cursor of another list: start this list without one');
  if (Number.isNaN(Date.parse(asOf)))
    throw invalidField('cursor', "is not a cursor this list gave: pass the previous page's `next` as it was");
  return { asOf, receivedUntil };
}

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
  @ApiResponse({
    status: 200,
    description: 'The case history; as text with format=text or Accept: text/plain',
    content: { 'application/json': { schema: CASE_HISTORY }, 'text/plain': { schema: { type: 'string' } } },
  })
  @Paged()
  @ApiProblems(400)
  @ApiOperation({ summary: "An auditor's history of a whole case across the services" })
  @CaseData({ category: 'whole-case', action: 'read', what: 'case history across services' })
  @ApiHeader({ name: 'X-Purpose', required: true, description: 'why the auditor reads this history (logged)' })
  async history(
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Query() query: HistoryQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const list = `audit:${caseId}`;
    const walk = walkOf(query.cursor, list);
    const received = await this.store.readByCase(caseId);
    if (received.length === 0) throw new NotFoundException(`reporting has received nothing about case ${caseId}`);
    // A walk page by page reads the archive as it was at its first page: the same events in the same causal order.
    const stored = walk ? received.filter((event) => event.recordedAt <= walk.receivedUntil) : received;
    // A date or a time without an offset is Finnish time, as in reports (`2026-03-01`: midnight in Helsinki).
    const asOfInstant = query.asOf === undefined ? new Date(walk?.asOf ?? Date.now()) : parseInstant(query.asOf);
    if (!asOfInstant)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'asOf is not a date or time',
        violations: [{ field: 'asOf', reason: PERIOD_FORMAT }],
      });
    const asOf = asOfInstant.toISOString();
    if (walk && walk.asOf !== asOf)
      throw invalidField('cursor', 'was given for another asOf: keep the asOf of the first page, or start again');
    const history = await caseHistory(caseId, stored, await this.personalData.get(), asOf);
    if (query.format === 'text' || (!query.format && /text\/plain/.test(request.headers.accept ?? ''))) {
      response.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return historyAsText(history);
    }
    const receivedUntil = walk?.receivedUntil ?? stored.reduce((last, event) => (event.recordedAt > last ? event.recordedAt : last), '');
    const { items, next } = pageOf(
      history.events.map((event, place) => ({ event, place })),
      ({ place }) => [asOf, receivedUntil, place],
      query,
      { list },
    );
    return { ...history, events: items.map(({ event }) => event), next };
  }
}
