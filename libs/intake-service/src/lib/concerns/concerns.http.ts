import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiOperation,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiBody,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import { commandOf, type CommandData } from '@perheverkko/command-handling';
import type { CommandMetadata } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import { concernDecider, recommendRoute, type IntakeCommand } from '@perheverkko/intake-domain';
import { AccessLogHost, type AuthenticatedRequest, CaseAccessDirectory, seenHistory, seenRevisionOf, visibleTo } from '@perheverkko/access';
import {
  answer,
  RevisionETag,
  CaseCommand,
  CommandContext,
  CaseData,
  EventHistory,
  commandIdOf,
  commandMetadataOf,
  expectedRevisionOf,
  IDEMPOTENCY_HEADER,
  invalidField,
  PageQueryDto,
  LongPageQueryDto,
  historyPage,
  Paged,
  pageOf,
  Roles,
  ApiJsonAnswer,
  ApiProblems,
  ETAG_HEADER,
} from '@perheverkko/http';
import { EVENT_STORE, PersonalDataHost, ReferenceData } from '@perheverkko/service-host';
import { ConcernOverview } from '../projections/concern-overview.projection';
import { OpenCaseIndex, type OpenCaseCheck } from '../open-cases/open-case-index';
import { logOpenCaseDisclosures, openCaseExists } from '../open-cases/open-case-warning';
import { concernHistory, concernView } from './concern-view';
import {
  DecideRouteDto,
  MandatoryNotificationDto,
  NeedsAssessmentContactDto,
  RaisingWithFamilyDto,
  RateZoneDto,
  RegisterConcernDto,
  RoutingFactsDto,
  ServiceContactDto,
} from './concern.dto';
import { ExecuteIntakeCommand, concernStream } from './concern.commands';
import { CONCERN_VIEW, REGISTERED_CONCERN, RE_RAISE_DUE, ROUTE_RECOMMENDATION } from '../intake.openapi';

/** Registration ids derive from the client's idempotency key, so a resent registration finds its own case. */
const CASE_ID_NAMESPACE = '3b0c5f0e-1d7a-4e55-9a8e-6c2f4a9b7d21';

@ApiTags('intake')
@ApiBearerAuth()
@Controller()
export class ConcernsHttp {
  private readonly logger = new Logger('ConcernsHttp');

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly overview: ConcernOverview,
    private readonly caseAccess: CaseAccessDirectory,
    private readonly openCases: OpenCaseIndex,
    private readonly accessLog: AccessLogHost,
    private readonly referenceData: ReferenceData,
  ) {}

  private async execute<T extends IntakeCommand['type']>(
    { caseId, metadata, expectedRevision, response }: CommandContext,
    type: T,
    data: CommandData<IntakeCommand, T>,
  ) {
    const outcome = await this.commands.execute(
      new ExecuteIntakeCommand(commandOf<IntakeCommand, T>(type, data, metadata), expectedRevision),
    );
    return answer(response, outcome, { caseId });
  }

  @Post('concerns')
  @ApiBody({
    type: RegisterConcernDto,
    examples: {
      concern: {
        summary: 'A concern about one child, rated zone 3',
        value: {
          channel: 'close-worker',
          sector: 'child health clinic',
          municipality: 'Kangasala',
          children: [{ name: 'Aada Virtanen', identifier: 'TEMP-2026-0001' }],
          guardians: [{ name: 'Mari Virtanen', identifier: 'TEMP-2026-0002' }],
          description: 'Tired every morning, has missed school twice this week.',
          zone: 3,
          ratedBy: 'worker',
        },
      },
    },
  })
  @ApiJsonAnswer(REGISTERED_CONCERN, 'Registered', 201, ETAG_HEADER)
  @ApiJsonAnswer(REGISTERED_CONCERN, 'Handled before: the same Idempotency-Key; the same case', 200, ETAG_HEADER)
  @ApiProblems(400, 409, 422)
  @ApiOperation({ summary: 'Register a concern about a child' })
  @Roles('professional')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({
    description:
      'Registered; resending the same Idempotency-Key answers 200 with the same case. `openCaseCheck` lists your own open cases of the same child, ' +
      'the organisers of the open cases you registered separately from (separateCase), and the children that could not be compared (a temporary identifier without birthDate).',
  })
  @ApiConflictResponse({
    description:
      'open-case-exists: a child already has an open case of another worker. Only that, and the organiser who convenes it, is said (logged as a disclosure); ' +
      'nothing is recorded. Join it (POST /concerns/joins with the reference), or resend with separateCase: true when it is a different child.',
  })
  async register(@Body() body: RegisterConcernDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const caseId = request.headers['idempotency-key'] ? uuidV5(commandIdOf(request), CASE_ID_NAMESPACE) : randomUUID();
    const { sector, separateCase, ...rest } = body;
    const user = request.user;
    const raisedBy = { id: user.id, name: user.name, organisation: user.organisation, sector };
    const municipality = await this.municipalityOf(body.municipality);
    const data: CommandData<IntakeCommand, 'RegisterConcern'> = { ...rest, municipality, raisedBy };
    const metadata = commandMetadataOf(request, caseId);
    const check = await this.checkOpenCases(request, caseId, data, metadata);
    if (check && check.elsewhere.length > 0 && !separateCase) {
      await logOpenCaseDisclosures(
        this.accessLog,
        user,
        check.elsewhere,
        'registering a concern about a child: warned that the child has an open case',
      );
      throw new ConflictException(openCaseExists(check.elsewhere, this.openCases.keys, user.id));
    }
    // A registration makes a new stream: there is nothing in it the caller could not see.
    const context = { caseId, metadata, expectedRevision: { revision: expectedRevisionOf(request) }, user, response };
    const result = await this.execute(context, 'RegisterConcern', data);
    if (response.statusCode < 300) response.setHeader('Location', `/concerns/${caseId}`);
    if (!check || result.alreadyHandled) return result;
    // The registration stands either way: the index consumer writes the same digests from the event shortly.
    await this.openCases
      .registered(caseId, user.organisation, user.id, new Date().toISOString(), rest.children)
      .catch((error: Error) => this.logger.warn(`case ${caseId}: its digests wait for the index consumer: ${error.message}`));
    if (check.elsewhere.length > 0) {
      await logOpenCaseDisclosures(
        this.accessLog,
        user,
        check.elsewhere,
        'registering a separate case (separateCase): told again that the child has an open case',
      );
      await this.accessLog.record({
        actorId: user.id,
        actorRole: user.roles.join(','),
        organisation: user.organisation,
        caseId,
        action: 'act',
        what: 'registration as a separate case although a child matched an open case',
        purpose: `separateCase: the worker states it is a different child than in ${check.elsewhere.length} open case(s)`,
      });
    }
    return {
      ...result,
      openCaseCheck: {
        ownOpenCases: check.own,
        separateFrom: check.elsewhere.map(({ children, organiser }) => ({ children, organiser })),
        notChecked: check.notChecked,
      },
    };
  }

  /**
   * The family's municipality as the classification names it (reference data): its code, or its Finnish or Swedish
   * name in any case; recorded by its Finnish name, so a typo cannot split the statistics. Unknown: 400 with the
   * nearest names.
   */
  private async municipalityOf(written: string): Promise<string> {
    const book = await this.referenceData.current();
    const found = book.municipality(written);
    if (found) return found.fi;
    throw invalidField('municipality', book.municipalityRefusal(written));
  }

  /**
   * The open cases a registration's children match, once the registration itself would be accepted (so a refused
   * registration discloses nothing). A resent registration whose case exists is answered by the command as before.
   */
  private async checkOpenCases(
    request: AuthenticatedRequest,
    caseId: string,
    data: CommandData<IntakeCommand, 'RegisterConcern'>,
    metadata: CommandMetadata,
  ): Promise<OpenCaseCheck | undefined> {
    if ((await this.store.readStream(concernStream(caseId), { maxCount: 1 })).length > 0) return undefined;
    concernDecider.decide(commandOf<IntakeCommand, 'RegisterConcern'>('RegisterConcern', data, metadata), concernDecider.initialState());
    return this.openCases.check(data.children, request.user.id, caseId);
  }

  @Post('concerns/:caseId/zone-ratings')
  @ApiOperation({ summary: 'Rate the concern on the zone scale' })
  @CaseCommand({ category: 'concern', action: 'act', what: 'concern (zone rating)' })
  @ApiConflictResponse({ description: 'The case changed since If-Match, or it is in the wrong state.' })
  rateZone(@Body() body: RateZoneDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RateZone', body);
  }

  @Post('concerns/:caseId/raisings')
  @ApiOperation({ summary: 'Record that the concern was raised with the family' })
  @CaseCommand({ category: 'concern', action: 'act', what: 'concern (raised with the family)' })
  recordRaising(@Body() body: RaisingWithFamilyDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RecordRaisingWithFamily', body);
  }

  @Post('concerns/:caseId/route-decision')
  @ApiOperation({ summary: 'Decide the route of the concern' })
  @CaseCommand({ category: 'routing', action: 'act', what: 'concern (route decision)' })
  @ApiUnprocessableEntityResponse({ description: 'A routing rule refuses the choice (e.g. zone 4 to the model alone); the rule is named.' })
  decideRoute(@Body() body: DecideRouteDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'DecideRoute', { ...body, facts: { ...body.facts } });
  }

  @Post('concerns/:caseId/mandatory-notifications')
  @ApiOperation({ summary: 'Record a mandatory child welfare notification' })
  @CaseCommand({ category: 'routing', action: 'act', what: 'concern (mandatory notification)' })
  recordNotification(@Body() body: MandatoryNotificationDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RecordMandatoryNotification', body);
  }

  /** Seed 003: the contact to social care for a needs assessment, made together with the parents by the worker who holds the concern. */
  @Post('concerns/:caseId/needs-assessment-contacts')
  @ApiOperation({ summary: 'Record the contact to social care for a needs assessment' })
  @CaseCommand({ category: 'routing', action: 'act', what: 'concern (contact to social care for a needs assessment)' })
  @ApiConflictResponse({
    description: 'contact-not-delegable (only the worker who holds the concern), route-not-needs-assessment (decide that route first).',
  })
  recordNeedsAssessmentContact(@Body() body: NeedsAssessmentContactDto, @CommandContext() context: CommandContext) {
    const { madeAt, parents, recipient, content } = body;
    return this.execute(context, 'RecordNeedsAssessmentContact', { madeAt, parents, recipient, content });
  }

  /** Seed 000, zone 2: a contact with a service the family already has, or the area's named one, with the family. */
  @Post('concerns/:caseId/service-contacts')
  @ApiOperation({ summary: 'Record a zone 2 contact with a service, together with the family' })
  @CaseCommand({ category: 'concern', action: 'act', what: 'concern (zone 2 contact with a service)' })
  @ApiConflictResponse({
    description: 'contact-not-delegable, service-contact-zone-2 (the concern is not in zone 2), raise-with-family-first.',
  })
  recordServiceContact(@Body() body: ServiceContactDto, @CommandContext() context: CommandContext) {
    const { service, relation, how, contactedAt, note } = body;
    return this.execute(context, 'RecordServiceContact', {
      service: { kind: service.kind, ...(service.name ? { name: service.name } : {}) },
      relation,
      how,
      contactedAt,
      note,
    });
  }

  @Post('routing/recommendation')
  @ApiJsonAnswer(ROUTE_RECOMMENDATION, 'The recommended route and why')
  @ApiProblems(400)
  @ApiOperation({ summary: 'Recommend a route for the facts of a concern (records nothing)' })
  @HttpCode(200)
  @Roles('professional', 'coordinator')
  recommend(@Body() facts: RoutingFactsDto) {
    return recommendRoute({ ...facts });
  }

  @Get('concerns/re-raise-due')
  @ApiJsonAnswer(RE_RAISE_DUE)
  @Paged()
  @ApiOperation({ summary: 'Concerns due to be raised again' })
  @Roles('professional', 'coordinator')
  @ApiOkResponse({ description: '{ items: [{ caseId, reRaiseAt, currentZone }], next }: the earliest first; paged' })
  async reRaiseDue(@Query() page: PageQueryDto, @Req() request: AuthenticatedRequest) {
    const own = request.user.roles.includes('coordinator') ? undefined : request.user.id;
    // A coordinator sees the due re-raisings of the organisations they answer for, as the guard would let them read.
    const rows = await this.caseAccess.readableBy(request.user, await this.overview.reRaiseDue(new Date(), own), 'concern');
    return pageOf(rows, (row) => [row.reRaiseAt, row.caseId], page);
  }

  @Get('concerns/:caseId')
  @ApiJsonAnswer(CONCERN_VIEW, 'The concern as the caller may read it')
  @ApiOperation({ summary: "A concern's current state" })
  @CaseData({ category: 'concern', action: 'read', what: 'concern' })
  @RevisionETag()
  async current(
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const stored = await concernHistory(this.store, await this.personalData.get(), caseId);
    if (stored.length === 0) {
      response.status(404);
      return { statusCode: 404, error: 'Not Found', message: `no concern is registered as case ${caseId}` };
    }
    // The revision as the caller sees the stream: an event they cannot read moves neither it nor their If-Match.
    const { events: history, withheld } = visibleTo(request, stored);
    return { ...concernView(caseId, history), revision: seenRevisionOf(request, stored), withheld };
  }

  @Get('concerns/:caseId/history')
  @ApiOperation({ summary: "The concern's events, opened" })
  @EventHistory({ category: 'concern', what: 'concern history' }, 'The concern')
  async history(@Param('caseId', ParseUUIDPipe) caseId: string, @Query() page: LongPageQueryDto, @Req() request: AuthenticatedRequest) {
    const history = seenHistory(request, await concernHistory(this.store, await this.personalData.get(), caseId));
    return { caseId, ...historyPage(history, page, `concern:${caseId}`) };
  }
}
