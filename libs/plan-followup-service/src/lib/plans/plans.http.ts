import {
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
  UnprocessableEntityException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags, ApiBody } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import { IdempotencyKeyReused, commandOf, type CommandData } from '@perheverkko/command-handling';
import { eventIdFor, type CommandMetadata } from '@perheverkko/decider';
import { EventIdReusedError, StreamRevisionConflictError, type EventStore } from '@perheverkko/event-store';
import { ERASED, isSealed } from '@perheverkko/personal-data';
import { type AuthenticatedRequest, CaseAccessDirectory, visibleHistoryOf, visibleState } from '@perheverkko/access';
import {
  answer,
  RevisionETag,
  CaseCommand,
  CommandContext,
  CaseData,
  EventHistory,
  commandMetadataOf,
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
} from '@perheverkko/http';
import { EVENT_STORE, PersonalDataHost, ReferenceData } from '@perheverkko/service-host';
import type { FeedbackForm, ReferenceBook, ReferenceKind, ServiceEntry } from '@perheverkko/reference-data';
import { Worklist } from '../projections/worklist.projection';
import { upcastPlanEvent } from '@perheverkko/plan-followup-domain';
import { ExecutePlanCommand, planStream, type PlanRequest } from './plan.commands';
import { planTrackingView } from './plan-tracking-view';
import { ClosureDto, ContactDto, FeedbackDto, FollowUpRequestDto, OutcomeDto, ProgressDto, ReopenDto } from './plan.dto';
import { FEEDBACK_FILED, FEEDBACK_FORMS, PLAN_TRACKING, SERVICE_CATALOGUE, WORKLIST } from '../plan-followup.openapi';

const notFollowed = (caseId: string) => new NotFoundException(`no joint plan is followed up for case ${caseId}`);

/** Feedback ids derive from the client's Idempotency-Key, so a resent form finds its own record (fixed: ids are stored). */
const FEEDBACK_ID_NAMESPACE = '2d722f09-b226-471a-b97d-bd225f4dab55';

/**
 * The key of one feedback's personal data. FeedbackCommentGiven v2: `text` sealed under it (v1 stored it in clear
 * text; those events are not rewritten), opened with `vault.open(keyId, text)` while the retention of feedback lasts;
 * FeedbackReceived's `metadata.idempotency.request` likewise (the caller and the request's hash).
 */
const feedbackKeyId = (feedbackId: string) => `feedback:${feedbackId}`;

/** Who sent the form, as the key binding records it: a digest of the user's id for this feedback, never the id. */
const callerDigest = (feedbackId: string, userId: string) =>
  `sha256:${createHash('sha256').update(`${feedbackId}\n${userId}`).digest('hex')}`;

/** What a 400 offers in place of an unknown value: the nearest entries in force, or else all of them. */
function offered(book: ReferenceBook, kind: ReferenceKind, written: string, listAll = false): string {
  const near = book.closeMatches(kind, written);
  if (near.length) return `; did you mean ${near.join(', ')}?`;
  return listAll
    ? `; in force: ${book
        .entries(kind)
        .map((e) => e.key)
        .join(', ')}`
    : '';
}

@ApiTags('plan follow-up')
@ApiBearerAuth()
@Controller()
export class PlansHttp {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly worklist: Worklist,
    private readonly caseAccess: CaseAccessDirectory,
    private readonly referenceData: ReferenceData,
  ) {}

  /** A referral names a service in force in the catalogue (reference data); unknown: 400 naming the nearest. */
  private async serviceOf(serviceId: string): Promise<ServiceEntry> {
    const book = await this.referenceData.current();
    const service = book.service(serviceId);
    if (service) return service;
    throw invalidField(
      'referral.serviceId',
      `${serviceId} is not a service in force in the catalogue (GET /service-catalogue)${offered(book, 'services', serviceId, true)}`,
    );
  }

  /** Feedback is given on a form version in force (reference data); unknown: 400 naming the nearest. */
  private async formOf(version: string): Promise<FeedbackForm> {
    const book = await this.referenceData.current();
    const form = book.feedbackForm(version);
    if (form && !book.entry('feedback-forms', version)?.retired) return form;
    throw invalidField(
      'formVersion',
      `${version} is ${form ? 'a retired' : 'not a'} feedback form version (GET /feedback-forms)${offered(book, 'feedback-forms', version, true)}`,
    );
  }

  /** The organiser feedback names, in force, by id or name: recorded as its name. */
  private async organiserOf(written: string): Promise<string> {
    const book = await this.referenceData.current();
    const found = book.organiser(written);
    if (found) return found.name;
    throw invalidField(
      'organizer',
      `${written.trim()} is not an organiser in force (GET /reference-data/organisers)${offered(book, 'organisers', written)}`,
    );
  }

  private async execute<T extends PlanRequest['type']>(
    { caseId, metadata, expectedRevision, response }: CommandContext,
    type: T,
    data: CommandData<PlanRequest, T>,
  ) {
    const outcome = await this.commands.execute(new ExecutePlanCommand(commandOf<PlanRequest, T>(type, data, metadata), expectedRevision));
    return answer(response, outcome, { caseId });
  }

  @Get('service-catalogue')
  @ApiJsonAnswer(SERVICE_CATALOGUE)
  @Paged({ bare: true })
  @ApiOperation({ summary: 'The service catalogue a plan names services from' })
  @Roles('professional', 'coordinator', 'analyst')
  async catalogue(@Query() page: LongPageQueryDto) {
    return this.catalogueValues('services', page);
  }

  @Get('feedback-forms')
  @ApiJsonAnswer(FEEDBACK_FORMS)
  @Paged({ bare: true })
  @ApiOperation({ summary: 'The feedback form versions' })
  @Roles('professional', 'coordinator', 'analyst')
  async feedbackForms(@Query() page: LongPageQueryDto) {
    return this.catalogueValues('feedback-forms', page);
  }

  /** A page of a catalogue's entries in force, by key, as their values. */
  private async catalogueValues(kind: 'services' | 'feedback-forms', page: LongPageQueryDto) {
    const { items, next } = pageOf((await this.referenceData.current()).entries(kind), (entry) => [entry.key], page);
    return { items: items.map((entry) => entry.value), next };
  }

  @Get('worklist')
  @ApiJsonAnswer(WORKLIST)
  @Paged()
  @ApiOperation({ summary: "The caller's worklist of follow-ups due" })
  @Roles('professional')
  @ApiOkResponse({ description: '{ items: [{ caseId, nextContactAt, overdue }], next }: by next contact (none last), then case id; paged' })
  async myWorklist(@Query() page: PageQueryDto, @Req() request: AuthenticatedRequest) {
    // A worker whose access ended (the family withdrew the consent they were named under) no longer sees the case.
    const rows = await this.caseAccess.readableBy(request.user, await this.worklist.forWorker(request.user.id, new Date()), 'follow-up');
    // A next contact not yet agreed sorts after every date ('~' after any digit).
    return pageOf(rows, (row) => [row.nextContactAt ?? '~', row.caseId], page);
  }

  @Get('cases/:caseId/plan-tracking')
  @ApiJsonAnswer(PLAN_TRACKING, 'The plan tracking as it stands')
  @ApiOperation({ summary: "A case's plan tracking: actions, contacts, follow-ups and outcome" })
  @CaseData({ category: 'follow-up', action: 'read', what: 'plan follow-up' })
  @RevisionETag()
  @ApiOkResponse({
    description:
      'Plan follow-up as it stands: `status` (tracking or closed); for a caller who reads the joint plan, `plan` (the meeting and ' +
      'revision tracked, its responsible workers and next contact) and `actions` (each with its `index` and progress `status`); ' +
      '`progress`, `nextContactAt`, `contacts`, `followUpMeetings` (scheduled, cancelled or held), `followUpMeetingRequests`, `outcome`, ' +
      '`referrals`, `closure`, `reopenings`. `withheld` names the categories the caller does not read. `revision` (also the ETag) counts the ' +
      'events the caller sees: a command takes it in If-Match. The events: GET …/plan-tracking/history.',
  })
  async view(@Param('caseId', ParseUUIDPipe) caseId: string, @Req() request: AuthenticatedRequest) {
    const stored = await this.store.readStream(planStream(caseId));
    if (stored.length === 0) throw notFollowed(caseId);
    return planTrackingView({ caseId, ...(await visibleState(request, caseId, stored, await this.personalData.get(), upcastPlanEvent)) });
  }

  @Get('cases/:caseId/plan-tracking/history')
  @ApiOperation({ summary: "The plan tracking's events, opened" })
  @EventHistory({ category: 'follow-up', what: 'plan follow-up history (events)' }, 'Plan follow-up')
  async history(@Param('caseId', ParseUUIDPipe) caseId: string, @Query() page: LongPageQueryDto, @Req() request: AuthenticatedRequest) {
    const history = await visibleHistoryOf(request, this.store, await this.personalData.get(), planStream(caseId), caseId);
    if (!history) throw notFollowed(caseId);
    return { caseId, ...historyPage(history, page, `plan-tracking:${caseId}`) };
  }

  @Post('cases/:caseId/plan-tracking/progress')
  @ApiOperation({ summary: "Record progress on a plan's actions" })
  @CaseCommand({ category: 'follow-up', action: 'act', what: 'plan follow-up (progress)' })
  progress(@Body() body: ProgressDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RecordProgress', body);
  }

  @Post('cases/:caseId/plan-tracking/contacts')
  @ApiBody({
    type: ContactDto,
    examples: {
      call: {
        summary: 'A phone call, the next contact agreed',
        value: {
          at: '2026-03-17T10:00:00.000Z',
          method: 'phone',
          summary: 'Mornings are easier',
          nextContactAt: '2026-03-31T10:00:00.000Z',
        },
      },
    },
  })
  @ApiOperation({ summary: 'Record a contact with the family' })
  @CaseCommand({ category: 'follow-up', action: 'act', what: 'plan follow-up (contact)' })
  contact(@Body() body: ContactDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RecordContact', body);
  }

  @Post('cases/:caseId/plan-tracking/follow-up-requests')
  @ApiOperation({ summary: 'Request a follow-up meeting' })
  @CaseCommand({ category: 'follow-up', action: 'act', what: 'plan follow-up (follow-up meeting)' })
  followUp(@Body() body: FollowUpRequestDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RequestFollowUpMeeting', body);
  }

  @Post('cases/:caseId/plan-tracking/outcome')
  @ApiOperation({ summary: 'Record the outcome of the support' })
  @CaseCommand({ category: 'follow-up', action: 'act', what: 'plan follow-up (outcome)' })
  async outcome(@Body() body: OutcomeDto, @CommandContext() context: CommandContext) {
    const referral = body.referral && { ...body.referral, service: await this.serviceOf(body.referral.serviceId) };
    return this.execute(context, 'RecordOutcome', { outcome: body.outcome, ...(referral ? { referral } : {}) });
  }

  @Post('cases/:caseId/plan-tracking/closure')
  @ApiOperation({ summary: 'Close the plan tracking' })
  @CaseCommand({ category: 'follow-up', action: 'act', what: 'plan follow-up (closure)' })
  close(@Body() body: ClosureDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'CloseCase', body);
  }

  @Post('cases/:caseId/plan-tracking/reopening')
  @ApiOperation({ summary: 'Reopen a closed plan tracking' })
  @CaseCommand({ category: 'follow-up', action: 'act', what: 'plan follow-up (reopening)' })
  reopen(@Body() body: ReopenDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'ReopenCase', body);
  }

  /**
   * Feedback is filed apart from any case: its own stream, the month only, the family as its author. With an
   * Idempotency-Key the feedback's id derives from the key, and the key is bound, as for case commands, to its caller
   * and the request: resent exactly it answers 200 with the same feedbackId; another user or another body is 422
   * `idempotency-key-reused` with nothing stored. Everything is checked before the feedback's key is created.
   */
  @Post('feedback')
  @ApiJsonAnswer(FEEDBACK_FILED, 'Filed', 201)
  @ApiJsonAnswer(FEEDBACK_FILED, 'Handled before: the same Idempotency-Key')
  @ApiProblems(400, 422)
  @ApiOperation({ summary: "The family's feedback, filed apart from any case" })
  @Roles('professional')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({
    description: 'Filed; resending the same Idempotency-Key with the same form answers 200 with the same feedbackId (alreadyHandled)',
  })
  async feedback(@Body() body: FeedbackDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const form = await this.formOf(body.formVersion);
    const organizer = await this.organiserOf(body.organizer);
    for (const answer of body.answers) {
      if (!form.items.some((i) => i.key === answer.item) || answer.score < form.scale.min || answer.score > form.scale.max) {
        throw new UnprocessableEntityException({
          statusCode: 422,
          error: 'Unprocessable Entity',
          rule: 'feedback-answer',
          message: `${answer.item}: not an item of ${form.version}, or a score outside ${form.scale.min}–${form.scale.max}`,
        });
      }
    }
    // The key (400 unless a UUID), the caller and the request's fingerprint; the case id is only the feedback key.
    const command = commandMetadataOf(request, 'feedback');
    const asked = command.idempotency;
    const feedbackId = asked ? uuidV5(command.commandId, FEEDBACK_ID_NAMESPACE) : randomUUID();
    const streamId = `Feedback-${feedbackId}`;
    const answered = (alreadyHandled: boolean) => {
      response.status(alreadyHandled ? 200 : 201);
      return { feedbackId, alreadyHandled };
    };
    if (asked && (await this.sentBefore(streamId, feedbackId, command))) return answered(true);

    const vault = await this.personalData.get();
    const keyId = feedbackKeyId(feedbackId);
    // The family's own words are sealed with a key of this feedback's own (not a case's), destroyed when the
    // retention of feedback (RETENTION_YEARS `feedback`) ends; the scores stay, as they hold nothing personal. So is
    // what the Idempotency-Key is bound to: who sent the form is not to be read from it once that key is gone.
    if (body.freeText || asked) await vault.retainUntil(keyId, this.personalData.retention.eraseAfter('feedback', new Date()));
    const comment = body.freeText ? await vault.seal(keyId, body.freeText) : undefined;
    const idempotency = asked
      ? {
          operation: asked.operation,
          request: await vault.seal(keyId, { caller: callerDigest(feedbackId, command.actor.id), request: asked.request }),
        }
      : undefined;
    const metadata = (index: number) => ({
      eventId: eventIdFor(command.commandId, index),
      caseId: 'feedback',
      correlationId: feedbackId,
      causationId: feedbackId,
      actor: { id: 'family', role: 'family', organisation: organizer },
      occurredAt: `${body.month}-01T00:00:00.000Z`,
      schemaVersion: 1,
    });
    try {
      const result = await this.store.appendToStream(
        streamId,
        [
          {
            type: 'FeedbackReceived',
            data: {
              formVersion: body.formVersion,
              answers: body.answers.map(({ item, score }) => ({ item, score })),
              month: body.month,
              organizer,
            },
            metadata: { ...metadata(0), ...(idempotency ? { idempotency } : {}) },
          },
          ...(comment
            ? [{ type: 'FeedbackCommentGiven', data: { keyId, text: comment }, metadata: { ...metadata(1), schemaVersion: 2 } }]
            : []),
        ],
        { expectedRevision: 'no_stream' },
      );
      // Appended meanwhile by a concurrent twin (the same events): compared like any resend.
      if (result.alreadyAppended && asked) await this.sentBefore(streamId, feedbackId, command);
      return answered(result.alreadyAppended);
    } catch (error) {
      if (!asked || !(error instanceof StreamRevisionConflictError || error instanceof EventIdReusedError)) throw error;
      // A twin with another form won the race (answered by the comparison), or the key names another command here.
      if (await this.sentBefore(streamId, feedbackId, command)) return answered(true);
      throw new IdempotencyKeyReused(command.commandId, 'request');
    }
  }

  /**
   * Whether this feedback was filed before under the client's key: then the same caller with the same request is
   * answered as the first time, anyone or anything else is refused (422) and learns nothing more.
   */
  private async sentBefore(streamId: string, feedbackId: string, command: CommandMetadata): Promise<boolean> {
    const first = (await this.store.readStream(streamId, { maxCount: 1 }))[0];
    if (!first) return false;
    const asked = command.idempotency as NonNullable<CommandMetadata['idempotency']>;
    const recorded = first.metadata.idempotency;
    if (recorded && recorded.operation !== asked.operation)
      throw new IdempotencyKeyReused(command.commandId, 'operation', recorded.operation);
    const bound =
      recorded && isSealed(recorded.request)
        ? await (await this.personalData.get()).open(feedbackKeyId(feedbackId), recorded.request)
        : undefined;
    // Unreadable once the feedback's key is destroyed (retention ended): nothing is left to compare, as for a case.
    if (bound === undefined || bound === ERASED || typeof bound !== 'object' || bound === null) return true;
    const { caller, request } = bound as { caller?: unknown; request?: unknown };
    if (caller !== callerDigest(feedbackId, command.actor.id)) throw new IdempotencyKeyReused(command.commandId, 'caller');
    if (request !== asked.request) throw new IdempotencyKeyReused(command.commandId, 'request');
    return true;
  }
}
