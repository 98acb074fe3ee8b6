import {
  StreamableFile,
  Body,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags, ApiResponse, ApiBody } from '@nestjs/swagger';
import type { Response } from 'express';
import { commandOf, type Admission, type CommandData } from '@perheverkko/command-handling';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { upcastMeetingEvent, type JointPlan, type ResponsibleWorker } from '@perheverkko/meeting-domain';
import {
  answer,
  CaseCommand,
  CaseData,
  CommandContext,
  EventHistory,
  historyPage,
  invalidField,
  LongPageQueryDto,
  Paged,
  pageOf,
  openedEntry,
  Roles,
  RevisionETag,
  ApiJsonAnswer,
  ApiProblems,
} from '@perheverkko/http';
import { EVENT_STORE, PersonalDataHost, ReferenceData } from '@perheverkko/service-host';
import { type AuthenticatedRequest, seenHistory, visibleState } from '@perheverkko/access';
import type { WellbeingStarConfig } from '@perheverkko/reference-data';
import { planHtml, planPdf } from '../plan-document/plan-document';
import { LANGUAGES } from '../plan-document/plan-texts';
import {
  AgreePlanDto,
  AttendanceDto,
  CloseMeetingDto,
  CloseWorkerTasksDto,
  ConfirmPlanDto,
  ConsentFormDto,
  ResponsibleWorkersDto,
  RevisePlanDto,
  ViewsDto,
  WellbeingStarDto,
} from './meeting.dto';
import { ExecuteMeetingCommand, meetingStream, planOfOtherMeetings, type MeetingRequest } from './meeting.commands';
import { closeWorkerChecklist, meetingView } from './meeting-view';
import { MEETING_VIEW, PLAN_PRINT, STAR_CONFIGS } from '../meeting.openapi';

const MEETING = 'cases/:caseId/meetings/:meetingId';

@ApiTags('meeting')
@ApiBearerAuth()
@Controller()
export class MeetingsHttp {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly referenceData: ReferenceData,
  ) {}

  /** A new rating is made under a Wellbeing Star version in force in the reference data; unknown: 400 naming the nearest. */
  private async starConfigOf(version: string): Promise<WellbeingStarConfig> {
    const book = await this.referenceData.current();
    const config = book.starConfig(version);
    if (config && !book.entry('wellbeing-star', version)?.retired) return config;
    const near = book.closeMatches('wellbeing-star', version);
    const offered = near.length
      ? `did you mean ${near.join(', ')}?`
      : `the versions are ${book
          .entries('wellbeing-star')
          .map((e) => e.key)
          .join(', ')}`;
    throw invalidField(
      'configVersion',
      `${version} is ${config ? 'a retired' : 'not a'} Wellbeing Star version (GET /wellbeing-star/configs); ${offered}`,
    );
  }

  /** The report record names an organiser in force (GET /reference-data/organisers), by id or name: stored as its name. */
  private async organiserOf(written: string): Promise<string> {
    const book = await this.referenceData.current();
    const found = book.organiser(written);
    if (found) return found.name;
    const near = book.closeMatches('organisers', written);
    throw invalidField(
      'report.organizer',
      `${written.trim()} is not an organiser in force (GET /reference-data/organisers)${near.length ? `; did you mean ${near.join(', ')}?` : ''}`,
    );
  }

  private async eventsOf(caseId: string, meetingId: string): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(meetingStream(meetingId));
    meetingOfCase(caseId, meetingId)(events);
    return events;
  }

  private async execute<T extends MeetingRequest['type']>(
    { caseId, metadata, expectedRevision, response }: CommandContext,
    meetingId: string,
    type: T,
    data: CommandData<MeetingRequest, T>,
  ) {
    // The meeting's case is checked on the stream the command is decided on: it is read once.
    const outcome = await this.commands.execute(
      new ExecuteMeetingCommand(
        meetingId,
        commandOf<MeetingRequest, T>(type, data, metadata),
        expectedRevision,
        meetingOfCase(caseId, meetingId),
      ),
    );
    return answer(response, outcome, { caseId, meetingId });
  }

  @Get('wellbeing-star/configs')
  @ApiJsonAnswer(STAR_CONFIGS)
  @Paged({ bare: true })
  @ApiOperation({ summary: 'The Wellbeing Star versions' })
  @Roles('professional', 'coordinator', 'auditor', 'analyst')
  async starConfigs(@Query() page: LongPageQueryDto) {
    const entries = (await this.referenceData.current()).entries('wellbeing-star');
    const { items, next } = pageOf(entries, (entry) => [entry.key], page);
    return { items: items.map((entry) => entry.value), next };
  }

  @Get(MEETING)
  @ApiJsonAnswer(MEETING_VIEW, 'The joint meeting as it stands')
  @ApiOperation({ summary: 'A joint meeting: attendance, views, Wellbeing Star, plan and responsible workers' })
  @CaseData({ category: 'meeting-record', action: 'read', what: 'joint meeting' })
  @RevisionETag()
  @ApiOkResponse({
    description:
      'The joint meeting as it stands: `kind`, `number`, `startsAt`, `roomId`, `status` (open, closed or cancelled), `moves`, `cancelledAt`, ' +
      '`attendance`, `consentForm`, `views`, `wellbeingStar` (every rating), `closeWorkerTasks` (the checklist), `closing` (the joint ' +
      'evaluation), `report` (the report record); for a caller who reads the joint plan, `plan` (the latest revision recorded at this ' +
      'meeting, with its content and `change`: agreed, revised or confirmed), `planRevisions`, `responsibleWorkers` and ' +
      '`responsibleWorkersConsentId`. Identity fields read `{"withheld":"identity"}` for a caller who does not read identity; `withheld` ' +
      'names the categories the caller does not read. `revision` (also the ETag) counts the events the caller sees: a command takes it in If-Match. The events: GET …/history.',
  })
  async view(@Param('caseId', ParseUUIDPipe) caseId: string, @Param('meetingId') meetingId: string, @Req() request: AuthenticatedRequest) {
    const stored = await this.eventsOf(caseId, meetingId);
    // The plan and the responsible workers (joint-plan) are folded only for those who read them.
    return meetingView({
      caseId,
      meetingId,
      ...(await visibleState(request, caseId, stored, await this.personalData.get(), upcastMeetingEvent)),
    });
  }

  @Get(`${MEETING}/history`)
  @ApiOperation({ summary: "The meeting's events, opened" })
  @EventHistory({ category: 'meeting-record', what: 'joint meeting history (events)' }, 'The meeting record', '`closeWorkerTasks`; ')
  async history(
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('meetingId') meetingId: string,
    @Query() page: LongPageQueryDto,
    @Req() request: AuthenticatedRequest,
  ) {
    const vault = await this.personalData.get();
    const events = await this.eventsOf(caseId, meetingId);
    return {
      caseId,
      meetingId,
      // The checklist's events hold no personal data: read as stored.
      closeWorkerTasks: closeWorkerChecklist(
        events.filter((e) => e.type === 'CloseWorkerTasksChecked').map((e) => upcastMeetingEvent(e.type, e.metadata.schemaVersion, e.data)),
      ),
      // The plan and the responsible workers are the joint-plan category: shown only to those who read it.
      ...historyPage(
        seenHistory(request, await Promise.all(events.map(openedEntry(vault, caseId)))),
        page,
        `meeting:${caseId}:${meetingId}`,
      ),
    };
  }

  @Post(`${MEETING}/attendance`)
  @ApiOperation({ summary: 'Record who attended the meeting' })
  @CaseCommand({ category: 'meeting-record', action: 'act', what: 'joint meeting (attendance)' })
  attendance(@Param('meetingId') meetingId: string, @Body() body: AttendanceDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'RecordAttendance', body);
  }

  @Post(`${MEETING}/consent-form`)
  @ApiOperation({ summary: 'Record the consent form signed at the meeting' })
  @CaseCommand({ category: 'meeting-record', action: 'act', what: 'joint meeting (consent form)' })
  consentForm(@Param('meetingId') meetingId: string, @Body() body: ConsentFormDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'ConfirmConsentForm', body);
  }

  @Post(`${MEETING}/views`)
  @ApiOperation({ summary: "Record the participants' views" })
  @CaseCommand({ category: 'meeting-record', action: 'act', what: 'joint meeting (views)' })
  views(@Param('meetingId') meetingId: string, @Body() body: ViewsDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'RecordViews', body);
  }

  @Post(`${MEETING}/wellbeing-star`)
  @ApiOperation({ summary: 'Record the Wellbeing Star' })
  @CaseCommand({ category: 'meeting-record', action: 'act', what: 'joint meeting (Wellbeing Star)' })
  async star(@Param('meetingId') meetingId: string, @Body() body: WellbeingStarDto, @CommandContext() context: CommandContext) {
    const { configVersion, child, ratedBy, ratings } = body;
    const config = await this.starConfigOf(configVersion);
    return this.execute(context, meetingId, 'RateWellbeingStar', { configVersion, config, child, ratedBy, ratings });
  }

  /** The close worker ticks their tasks at the meeting (seed 002); the meeting record carries the checklist. */
  @Post(`${MEETING}/close-worker-tasks`)
  @ApiOperation({ summary: "Record the close worker's tasks ticked at the meeting" })
  @CaseCommand({ category: 'meeting-record', action: 'act', what: "joint meeting (close worker's tasks)" })
  closeWorkerTasks(@Param('meetingId') meetingId: string, @Body() body: CloseWorkerTasksDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'CheckCloseWorkerTasks', {
      tasks: body.tasks.map(({ task, done }) => ({ task, done })),
    });
  }

  @Post(`${MEETING}/plan`)
  @ApiBody({
    type: AgreePlanDto,
    examples: {
      plan: {
        summary: 'A plan of one action at home',
        value: {
          plan: {
            matters: ['Tired in the mornings'],
            actions: [{ arena: 'home', what: 'In bed by 20.30', who: 'Mari', by: '2026-03-20' }],
            followUp: { workerContactsFamily: 'a call every other Monday', familyContactsWorker: 'a text message to the clinic' },
            nextContactAt: '2026-03-17T10:00:00.000Z',
          },
        },
      },
    },
  })
  @ApiOperation({ summary: 'Agree the joint plan' })
  @CaseCommand({ category: 'joint-plan', action: 'act', what: 'joint plan (agreed)' })
  agreePlan(@Param('meetingId') meetingId: string, @Body() body: AgreePlanDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'AgreePlan', { plan: body.plan });
  }

  @Post(`${MEETING}/plan/revisions`)
  @ApiOperation({ summary: 'Revise the joint plan' })
  @CaseCommand({ category: 'joint-plan', action: 'act', what: 'joint plan (revised)' })
  revisePlan(@Param('meetingId') meetingId: string, @Body() body: RevisePlanDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'RevisePlan', { plan: body.plan, reason: body.reason });
  }

  /** At a follow-up meeting: the family confirms the plan in force as it is, with the next contact the meeting agrees. */
  @Post(`${MEETING}/plan/confirmation`)
  @ApiOperation({ summary: 'Confirm the joint plan' })
  @CaseCommand({ category: 'joint-plan', action: 'act', what: 'joint plan (confirmed at a follow-up meeting)' })
  confirmPlan(@Param('meetingId') meetingId: string, @Body() body: ConfirmPlanDto, @CommandContext() context: CommandContext) {
    return this.execute(context, meetingId, 'ConfirmPlan', { nextContactAt: body.nextContactAt });
  }

  @Post(`${MEETING}/responsible-workers`)
  @ApiOperation({ summary: 'Name the responsible workers' })
  @CaseCommand({ category: 'joint-plan', action: 'act', what: 'joint meeting (responsible worker)' })
  responsibleWorkers(
    @Param('meetingId') meetingId: string,
    @Body() body: ResponsibleWorkersDto,
    @CommandContext() context: CommandContext,
  ) {
    return this.execute(context, meetingId, 'NameResponsibleWorkers', body);
  }

  @Post(`${MEETING}/closing`)
  @ApiOperation({ summary: 'Close the meeting' })
  @CaseCommand({ category: 'meeting-record', action: 'act', what: 'joint meeting (closing and report record)' })
  async close(@Param('meetingId') meetingId: string, @Body() body: CloseMeetingDto, @CommandContext() context: CommandContext) {
    const organizer = await this.organiserOf(body.report.organizer);
    return this.execute(context, meetingId, 'CloseMeeting', { ...body, report: { ...body.report, organizer } });
  }

  @Get(`${MEETING}/plan`)
  @ApiResponse({
    status: 200,
    description: 'The plan to print: PDF (format=pdf, the default) or an HTML page (format=html)',
    content: PLAN_PRINT,
  })
  @ApiProblems(400)
  @ApiOperation({ summary: 'The joint plan, as JSON or to print' })
  @CaseData({ category: 'joint-plan', action: 'read', what: 'joint plan' })
  @ApiQuery({ name: 'revision', required: false, description: 'default: the latest' })
  @ApiQuery({ name: 'lang', required: false, enum: LANGUAGES })
  @ApiQuery({ name: 'format', required: false, enum: ['pdf', 'html'] })
  async plan(
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('meetingId') meetingId: string,
    @Res({ passthrough: true }) response: Response,
    @Query('revision') revision?: string,
    @Query('lang') lang = 'fi',
    @Query('format') format = 'pdf',
  ) {
    const language = LANGUAGES.find((known) => known === lang);
    if (!language || !['pdf', 'html'].includes(format)) {
      // Thrown, not returned: a problem answer like every other refusal (application/problem+json).
      throw invalidField(language ? 'format' : 'lang', language ? 'format is pdf or html' : 'lang is fi, sv or en');
    }
    const vault = await this.personalData.get();
    const events = await this.eventsOf(caseId, meetingId);
    const plans = events.filter((e) => e.type === 'PlanAgreed' || e.type === 'PlanRevised');
    const chosen =
      revision === undefined ? plans[plans.length - 1] : plans.find((e) => (e.data as { revision: number }).revision === Number(revision));
    if (!chosen) {
      if (revision !== undefined) throw new NotFoundException(`the plan has no revision ${revision} in this meeting`);
      // A follow-up meeting starts from the plan another meeting left in force: say where it is printed.
      const inForce = await planOfOtherMeetings(this.store, vault, caseId, meetingId);
      throw new NotFoundException(
        inForce
          ? `no plan has been recorded at this meeting yet; it starts from the plan in force, revision ${inForce.revision} of meeting ${inForce.meetingId} (GET /cases/${caseId}/meetings/${inForce.meetingId}/plan)`
          : 'no plan has been agreed in this meeting',
      );
    }
    // Each revision carries its responsible workers: the same revision always prints the same.
    const opened = (await vault.openFields(caseId, chosen.data)) as {
      revision: number;
      plan: JointPlan;
      responsibleWorkers: ResponsibleWorker[];
    };
    const print = {
      caseId,
      revision: opened.revision,
      decidedAt: chosen.metadata.occurredAt,
      plan: opened.plan,
      responsibleWorkers: opened.responsibleWorkers,
    };
    if (format === 'html') {
      response.type('html');
      return planHtml(print, language);
    }
    response.type('application/pdf');
    response.setHeader('Content-Disposition', `inline; filename="plan-${meetingId}-${print.revision}-${language}.pdf"`);
    // Returned, not sent: the read is logged before the document leaves (CaseReadLogger).
    return new StreamableFile(await planPdf(print, language));
  }
}

/** A meeting is reached only through its own case: access rights to one case never open another's meeting. */
function meetingOfCase(caseId: string, meetingId: string): Admission {
  return (events) => {
    if (events.length === 0 || events[0].metadata.caseId !== caseId)
      throw new NotFoundException(`case ${caseId} has no meeting ${meetingId}`);
  };
}
