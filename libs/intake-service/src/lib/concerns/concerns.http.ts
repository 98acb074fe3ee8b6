import { Body, Controller, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import type { CommandOutcome } from '@perheverkko/command-handling';
import type { EventStore, ExpectedRevision } from '@perheverkko/event-store';
import { recommendRoute, type ConcernState, type IntakeCommand, type IntakeEvent } from '@perheverkko/intake-domain';
import { CaseData, EVENT_STORE, PersonalDataHost, Roles, type AuthenticatedUser } from '@perheverkko/platform';
import { ConcernOverview } from '../overview/concern-overview.projection';
import { concernHistory, concernView } from './concern-view';
import { DecideRouteDto, MandatoryNotificationDto, RaisingWithFamilyDto, RateZoneDto, RegisterConcernDto, RoutingFactsDto } from './concern.dto';
import { ExecuteIntakeCommand } from './intake-command.handler';

/** Registration ids derive from the client's idempotency key, so a resent registration finds its own case. */
const CASE_ID_NAMESPACE = '3b0c5f0e-1d7a-4e55-9a8e-6c2f4a9b7d21';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AuthenticatedRequest = Request & { user: AuthenticatedUser };

function commandId(key: string | undefined): string {
  if (key === undefined) return randomUUID();
  if (!UUID.test(key)) throw new BadHeader('Idempotency-Key', 'must be a UUID chosen by the client for this intent');
  return key.toLowerCase();
}

function expectedRevision(ifMatch: string | undefined): ExpectedRevision | undefined {
  if (ifMatch === undefined) return undefined;
  const value = ifMatch.replace(/^W\//, '').replace(/"/g, '');
  if (!/^\d+$/.test(value)) throw new BadHeader('If-Match', 'must be the revision last read, e.g. "3"');
  return Number(value);
}

class BadHeader extends Error {
  constructor(
    readonly header: string,
    readonly reason: string,
  ) {
    super(`${header} ${reason}`);
  }
}

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'UUID per intent; resending it never records twice' };
const IF_MATCH = { name: 'If-Match', required: false, description: 'the revision last read; a case changed since then answers 409' };

@ApiTags('intake')
@ApiBearerAuth()
@Controller()
export class ConcernsHttp {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly overview: ConcernOverview,
  ) {}

  private async execute(request: AuthenticatedRequest, response: Response, caseId: string, command: Pick<IntakeCommand, 'type' | 'data'>, headers: { key?: string; ifMatch?: string }) {
    let metadata: IntakeCommand['metadata'];
    let expected: ExpectedRevision | undefined;
    try {
      const id = commandId(headers.key);
      expected = expectedRevision(headers.ifMatch);
      const user = request.user;
      metadata = {
        commandId: id,
        caseId,
        correlationId: (request.headers['x-correlation-id'] as string | undefined) ?? id,
        actor: { id: user.id, role: user.roles[0], organisation: user.organisation },
        now: new Date().toISOString(),
      };
    } catch (error) {
      if (!(error instanceof BadHeader)) throw error;
      response.status(400);
      return { statusCode: 400, error: 'Bad Request', message: error.message, violations: [{ field: error.header, reason: error.reason }] };
    }
    const outcome: CommandOutcome<IntakeEvent, ConcernState> = await this.commands.execute(new ExecuteIntakeCommand({ ...command, metadata } as IntakeCommand, expected));
    response.status(outcome.alreadyHandled ? 200 : 201);
    response.setHeader('ETag', `"${outcome.revision}"`);
    return { caseId, revision: outcome.revision, alreadyHandled: outcome.alreadyHandled, events: outcome.events.map((e) => e.type) };
  }

  @Post('concerns')
  @Roles('professional')
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ description: 'Registered; resending the same Idempotency-Key answers 200 with the same case.' })
  async register(@Body() body: RegisterConcernDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response, @Headers('idempotency-key') key?: string) {
    const caseId = key && UUID.test(key) ? uuidV5(key.toLowerCase(), CASE_ID_NAMESPACE) : randomUUID();
    const { sector, ...rest } = body;
    const user = request.user;
    const raisedBy = { id: user.id, name: user.name, organisation: user.organisation, sector };
    const result = await this.execute(request, response, caseId, { type: 'RegisterConcern', data: { ...rest, raisedBy } }, { key });
    if (response.statusCode < 300) response.setHeader('Location', `/concerns/${caseId}`);
    return result;
  }

  @Post('concerns/:caseId/zone-ratings')
  @CaseData({ what: 'concern (zone rating)', allow: ['professional'] })
  @ApiHeader(IDEMPOTENCY)
  @ApiHeader(IF_MATCH)
  @ApiConflictResponse({ description: 'The case changed since If-Match, or it is in the wrong state.' })
  rateZone(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: RateZoneDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response, @Headers('idempotency-key') key?: string, @Headers('if-match') ifMatch?: string) {
    return this.execute(request, response, caseId, { type: 'RateZone', data: body }, { key, ifMatch });
  }

  @Post('concerns/:caseId/raisings')
  @CaseData({ what: 'concern (raised with the family)', allow: ['professional'] })
  @ApiHeader(IDEMPOTENCY)
  @ApiHeader(IF_MATCH)
  recordRaising(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: RaisingWithFamilyDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response, @Headers('idempotency-key') key?: string, @Headers('if-match') ifMatch?: string) {
    return this.execute(request, response, caseId, { type: 'RecordRaisingWithFamily', data: body }, { key, ifMatch });
  }

  @Post('concerns/:caseId/route-decision')
  @CaseData({ what: 'concern (route decision)', allow: ['professional'] })
  @ApiHeader(IDEMPOTENCY)
  @ApiHeader(IF_MATCH)
  @ApiUnprocessableEntityResponse({ description: 'A routing rule refuses the choice (e.g. zone 4 to the model alone); the rule is named.' })
  decideRoute(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: DecideRouteDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response, @Headers('idempotency-key') key?: string, @Headers('if-match') ifMatch?: string) {
    return this.execute(request, response, caseId, { type: 'DecideRoute', data: { ...body, facts: { ...body.facts } } }, { key, ifMatch });
  }

  @Post('concerns/:caseId/mandatory-notifications')
  @CaseData({ what: 'concern (mandatory notification)', allow: ['professional'] })
  @ApiHeader(IDEMPOTENCY)
  recordNotification(@Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: MandatoryNotificationDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response, @Headers('idempotency-key') key?: string) {
    return this.execute(request, response, caseId, { type: 'RecordMandatoryNotification', data: body }, { key });
  }

  @Post('routing/recommendation')
  @HttpCode(200)
  @Roles('professional', 'coordinator')
  recommend(@Body() facts: RoutingFactsDto) {
    return recommendRoute({ ...facts });
  }

  @Get('concerns/re-raise-due')
  @Roles('professional', 'coordinator')
  reRaiseDue(@Req() request: AuthenticatedRequest) {
    const own = request.user.roles.includes('coordinator') ? undefined : request.user.id;
    return this.overview.reRaiseDue(new Date(), own);
  }

  @Get('concerns/:caseId')
  @CaseData({ what: 'concern', allow: ['professional', 'auditor'] })
  async current(@Param('caseId', ParseUUIDPipe) caseId: string, @Res({ passthrough: true }) response: Response) {
    const history = await concernHistory(this.store, await this.personalData.get(), caseId);
    if (history.length === 0) {
      response.status(404);
      return { statusCode: 404, error: 'Not Found', message: `no concern is registered as case ${caseId}` };
    }
    const view = concernView(caseId, history);
    response.setHeader('ETag', `"${view.revision}"`);
    return view;
  }

  @Get('concerns/:caseId/history')
  @CaseData({ what: 'concern history', allow: ['professional', 'auditor'] })
  async history(@Param('caseId', ParseUUIDPipe) caseId: string) {
    return { caseId, events: await concernHistory(this.store, await this.personalData.get(), caseId) };
  }
}
