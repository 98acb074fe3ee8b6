import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import type { CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import { recommendRoute, type ConcernState, type IntakeCommand, type IntakeEvent } from '@perheverkko/intake-domain';
import { CaseAccessDirectory, CaseData, EVENT_STORE, IDEMPOTENCY_HEADER, IF_MATCH_HEADER, PersonalDataHost, Roles, commandIdOf, commandMetadataOf, expectedRevisionOf, visibleTo, type AuthenticatedRequest } from '@perheverkko/platform';
import { ConcernOverview } from '../overview/concern-overview.projection';
import { concernHistory, concernView } from './concern-view';
import { DecideRouteDto, MandatoryNotificationDto, RaisingWithFamilyDto, RateZoneDto, RegisterConcernDto, RoutingFactsDto } from './concern.dto';
import { ExecuteIntakeCommand } from './intake-command.handler';

/** Registration ids derive from the client's idempotency key, so a resent registration finds its own case. */
const CASE_ID_NAMESPACE = '3b0c5f0e-1d7a-4e55-9a8e-6c2f4a9b7d21';





@ApiTags('intake')
@ApiBearerAuth()
@Controller()
export class ConcernsHttp {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly overview: ConcernOverview,
    private readonly caseAccess: CaseAccessDirectory,
  ) {}

  private async execute(request: AuthenticatedRequest, response: Response, caseId: string, command: Pick<IntakeCommand, 'type' | 'data'>) {
    const metadata = commandMetadataOf(request, caseId);
    const outcome: CommandOutcome<IntakeEvent, ConcernState> = await this.commands.execute(
      new ExecuteIntakeCommand({ ...command, metadata } as IntakeCommand, expectedRevisionOf(request)),
    );
    response.status(outcome.alreadyHandled ? 200 : 201);
    response.setHeader('ETag', `"${outcome.revision}"`);
    return { caseId, revision: outcome.revision, alreadyHandled: outcome.alreadyHandled, events: outcome.events.map((e) => e.type) };
  }

  @Post('concerns')
  @Roles('professional')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ description: 'Registered; resending the same Idempotency-Key answers 200 with the same case.' })
  async register(@Body() body: RegisterConcernDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const caseId = request.headers['idempotency-key'] ? uuidV5(commandIdOf(request), CASE_ID_NAMESPACE) : randomUUID();
    const { sector, ...rest } = body;
    const user = request.user;
    const raisedBy = { id: user.id, name: user.name, organisation: user.organisation, sector };
    const result = await this.execute(request, response, caseId, { type: 'RegisterConcern', data: { ...rest, raisedBy } });
    if (response.statusCode < 300) response.setHeader('Location', `/concerns/${caseId}`);
    return result;
  }

  @Post('concerns/:caseId/zone-ratings')
  @CaseData({ category: 'concern', action: 'act', what: 'concern (zone rating)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiConflictResponse({ description: 'The case changed since If-Match, or it is in the wrong state.' })
  rateZone(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: RateZoneDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return this.execute(request, response, caseId, { type: 'RateZone', data: body });
  }

  @Post('concerns/:caseId/raisings')
  @CaseData({ category: 'concern', action: 'act', what: 'concern (raised with the family)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  recordRaising(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: RaisingWithFamilyDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return this.execute(request, response, caseId, { type: 'RecordRaisingWithFamily', data: body });
  }

  @Post('concerns/:caseId/route-decision')
  @CaseData({ category: 'routing', action: 'act', what: 'concern (route decision)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiUnprocessableEntityResponse({ description: 'A routing rule refuses the choice (e.g. zone 4 to the model alone); the rule is named.' })
  decideRoute(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: DecideRouteDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return this.execute(request, response, caseId, { type: 'DecideRoute', data: { ...body, facts: { ...body.facts } } });
  }

  @Post('concerns/:caseId/mandatory-notifications')
  @CaseData({ category: 'routing', action: 'act', what: 'concern (mandatory notification)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  recordNotification(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: MandatoryNotificationDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    return this.execute(request, response, caseId, { type: 'RecordMandatoryNotification', data: body });
  }

  @Post('routing/recommendation')
  @HttpCode(200)
  @Roles('professional', 'coordinator')
  recommend(@Body() facts: RoutingFactsDto) {
    return recommendRoute({ ...facts });
  }

  @Get('concerns/re-raise-due')
  @Roles('professional', 'coordinator')
  async reRaiseDue(@Req() request: AuthenticatedRequest) {
    const own = request.user.roles.includes('coordinator') ? undefined : request.user.id;
    // A coordinator sees the due re-raisings of the organisations they answer for, as the guard would let them read.
    return this.caseAccess.readableBy(request.user, await this.overview.reRaiseDue(new Date(), own), 'concern');
  }

  @Get('concerns/:caseId')
  @CaseData({ category: 'concern', action: 'read', what: 'concern' })
  async current(@Param('caseId', ParseUUIDPipe) caseId: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const stored = await concernHistory(this.store, await this.personalData.get(), caseId);
    if (stored.length === 0) {
      response.status(404);
      return { statusCode: 404, error: 'Not Found', message: `no concern is registered as case ${caseId}` };
    }
    // The revision is the stream's, whatever part of it the caller may see: If-Match works for everyone.
    const { events: history, withheld } = visibleTo(request, stored);
    const view = { ...concernView(caseId, history), revision: stored[stored.length - 1].revision, withheld };
    response.setHeader('ETag', `"${view.revision}"`);
    return view;
  }

  @Get('concerns/:caseId/history')
  @CaseData({ category: 'concern', action: 'read', what: 'concern history' })
  async history(@Param('caseId', ParseUUIDPipe) caseId: string, @Req() request: AuthenticatedRequest) {
    return { caseId, ...visibleTo(request, await concernHistory(this.store, await this.personalData.get(), caseId)) };
  }
}
