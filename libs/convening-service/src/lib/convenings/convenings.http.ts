import {
  BadRequestException,
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
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags, ApiBody } from '@nestjs/swagger';
import { v5 as uuidV5 } from 'uuid';
import { commandOf, type CommandData } from '@perheverkko/command-handling';
import { upcastConveningEvent, type ConveningCommand, type Invitee } from '@perheverkko/convening-domain';
import type { EventStore } from '@perheverkko/event-store';
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
  Roles,
  RevisionETag,
  ApiJsonAnswer,
} from '@perheverkko/http';
import { EVENT_STORE, PersonalDataHost, ReferenceData } from '@perheverkko/service-host';
import { type AuthenticatedRequest, StaffDirectory, visibleHistoryOf, visibleState } from '@perheverkko/access';
import { ExecuteConveningCommand, MeetingScheduler, conveningStream } from './convening.commands';
import { conveningView } from './convening-view';
import {
  CancelMeetingDto,
  ExtendConsentDto,
  GrantConsentDto,
  InviteDto,
  ReplyDto,
  RescheduleMeetingDto,
  ScheduleMeetingDto,
  WithdrawConsentDto,
  DirectoryQueryDto,
} from './convening.dto';
import { CONVENING_VIEW, STAFF_DIRECTORY } from '../convening.openapi';

const notRouted = (caseId: string) => new NotFoundException(`case ${caseId} has not been routed to a joint meeting`);

/** Ids of consents and invitations derive from the command id, so a resent request creates nothing new. */
const ID_NAMESPACE = '9e2d7c41-3f5a-4b8e-a1c6-2d4f6b8a0c13';

@ApiTags('convening')
@ApiBearerAuth()
@Controller()
export class ConveningsHttp {
  constructor(
    private readonly commands: CommandBus,
    private readonly scheduler: MeetingScheduler,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataHost,
    private readonly staff: StaffDirectory,
    private readonly referenceData: ReferenceData,
  ) {}

  /**
   * A meeting is held in a room in force in the reference data (GET /reference-data/rooms): an unknown or retired
   * room is a 400 naming the nearest rooms. Meetings already booked keep their room.
   */
  private async roomOf(written: string): Promise<string> {
    const book = await this.referenceData.current();
    if (book.room(written)) return written;
    const near = book.closeMatches('rooms', written);
    const rooms = book.entries('rooms');
    const named = near
      .map((name) => rooms.find((e) => e.value.name === name || e.key === name))
      .flatMap((e) => (e ? [`${e.key} (${e.value.name})`] : []));
    const retired = book.entry('rooms', written)?.retired;
    throw invalidField(
      'roomId',
      `${written} is ${retired ? 'a retired room' : 'not a room in force'} (GET /reference-data/rooms)${named.length ? `; did you mean ${named.join(', ')}?` : ''}`,
    );
  }

  private async execute<T extends ConveningCommand['type']>(
    { caseId, metadata, expectedRevision, response }: CommandContext,
    type: T,
    data: CommandData<ConveningCommand, T>,
    about: object = {},
  ) {
    const outcome = await this.commands.execute(
      new ExecuteConveningCommand(commandOf<ConveningCommand, T>(type, data, metadata), expectedRevision),
    );
    return answer(response, outcome, { caseId, ...about });
  }

  @Get('directory')
  @ApiJsonAnswer(STAFF_DIRECTORY, 'The professionals, of the sector if one is named, by id')
  @Paged({ bare: true })
  @ApiOperation({ summary: 'The staff directory: professionals who may be invited' })
  @Roles('professional', 'coordinator')
  directory(@Query() query: DirectoryQueryDto) {
    return pageOf(this.staff.list(query.sector), (professional) => [professional.id], query);
  }

  @Get('convenings/:caseId')
  @ApiJsonAnswer(CONVENING_VIEW, 'Convening as it stands')
  @ApiOperation({ summary: "A case's convening: consents, invitations and meetings" })
  @CaseData({ category: 'consents', action: 'read', what: 'convening (consents, invitations, meetings)' })
  @RevisionETag()
  @ApiOkResponse({
    description:
      'Convening as it stands: `convener`, `zone`, `concernRegisteredAt`, `requestedAt`, `guardians`; `consents` (each with `status` in-force, ' +
      'expired or withdrawn, its `scopes` and what each shares, `validUntil`, `extensions`, `withdrawnBy`/`withdrawnAt`); `invitations` ' +
      '(invitee, consent, share, reply `status` pending, accepted, declined, time-proposed or cancelled, `proposedTime`); `meetings` ' +
      '(kind, number, time, room, `cancelled`, moves, cancellation); for a caller who reads follow-up, `followUpRequests` and ' +
      '`followUpPending`. Identity fields read `{"withheld":"identity"}` for a caller who does not read identity; `withheld` names ' +
      'the categories the caller does not read. `revision` (also the ETag) counts the events the caller sees: a command takes it in If-Match. The events: GET …/history.',
  })
  async view(@Param('caseId', ParseUUIDPipe) caseId: string, @Req() request: AuthenticatedRequest) {
    const stored = await this.store.readStream(conveningStream(caseId));
    if (stored.length === 0) throw notRouted(caseId);
    const state = await visibleState(request, caseId, stored, await this.personalData.get(), upcastConveningEvent);
    return conveningView({ caseId, ...state, now: new Date().toISOString() });
  }

  @Get('convenings/:caseId/history')
  @ApiOperation({ summary: "The convening's events, opened" })
  @EventHistory({ category: 'consents', what: 'convening history (events)' }, 'Convening')
  async history(@Param('caseId', ParseUUIDPipe) caseId: string, @Query() page: LongPageQueryDto, @Req() request: AuthenticatedRequest) {
    const history = await visibleHistoryOf(request, this.store, await this.personalData.get(), conveningStream(caseId), caseId);
    if (!history) throw notRouted(caseId);
    return { caseId, ...historyPage(history, page, `convening:${caseId}`) };
  }

  @Post('convenings/:caseId/consents')
  @ApiBody({
    type: GrantConsentDto,
    examples: {
      consent: {
        summary: 'Mari’s consent on a paper form: the teacher reads the concern',
        value: {
          guardians: ['Mari Virtanen'],
          children: ['Aada Virtanen'],
          scopes: [{ kind: 'person', value: 'demo-olli', share: ['concern'] }],
          validUntil: '2027-06-30T00:00:00.000Z',
          givenAs: 'paper-form',
        },
      },
    },
  })
  @ApiOperation({ summary: "Record the family's consent" })
  @CaseCommand({ category: 'consents', action: 'act', what: 'consent (recorded)' })
  grantConsent(@Body() body: GrantConsentDto, @CommandContext() context: CommandContext) {
    const consentId = uuidV5(`${context.metadata.commandId}:consent`, ID_NAMESPACE);
    return this.execute(context, 'GrantConsent', { consentId, ...body, scopes: this.namedScopes(body.scopes) }, { consentId });
  }

  @Post('convenings/:caseId/consents/:consentId/extensions')
  @ApiOperation({ summary: 'Extend a consent' })
  @CaseCommand({ category: 'consents', action: 'act', what: 'consent (extended)' })
  extendConsent(@Param('consentId') consentId: string, @Body() body: ExtendConsentDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'ExtendConsent', { consentId, ...body, scopes: this.namedScopes(body.scopes) });
  }

  /**
   * A person scope is a professional's directory id (clear: the access model matches it) or the name of a family
   * member or close person: that is personal data and goes to the scope's `name`, sealed (ConsentGranted v3).
   */
  private namedScopes<S extends { kind: string; value: string }>(scopes: S[]): Array<Omit<S, 'value'> & { value?: string; name?: string }> {
    return scopes.map(({ value, ...scope }) =>
      scope.kind === 'person' && !this.staff.find(value) ? { ...scope, name: value } : { ...scope, value },
    );
  }

  @Post('convenings/:caseId/consents/:consentId/withdrawal')
  @ApiOperation({ summary: 'Record the withdrawal of a consent' })
  @CaseCommand({ category: 'consents', action: 'act', what: 'consent (withdrawn)' })
  withdrawConsent(@Param('consentId') consentId: string, @Body() body: WithdrawConsentDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'WithdrawConsent', { consentId, withdrawnBy: body.withdrawnBy });
  }

  @Post('convenings/:caseId/invitations')
  @ApiBody({
    type: InviteDto,
    examples: { teacher: { summary: 'The teacher from the staff directory', value: { kind: 'professional', directoryId: 'demo-olli' } } },
  })
  @ApiOperation({ summary: 'Invite a professional to the network' })
  @CaseCommand({ category: 'consents', action: 'act', what: 'invitation (sent)' })
  @ApiConflictResponse({ description: 'The invitee is outside the consent (nothing is sent), or the case changed.' })
  async invite(@Body() body: InviteDto, @CommandContext() context: CommandContext) {
    let invitee: Invitee;
    if (body.kind === 'professional') {
      const person = this.staff.find(body.directoryId);
      if (!person)
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: 'a professional is invited by directoryId (GET /directory)',
          violations: [{ field: 'directoryId', reason: `unknown directory id ${body.directoryId}` }],
        });
      invitee = { kind: 'professional', id: person.id, name: person.name, organisation: person.organisation, sector: person.sector };
    } else {
      if (!body.name)
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: 'a family member or close person is invited by name',
          violations: [{ field: 'name', reason: 'required for family members and close people' }],
        });
      invitee = { kind: body.kind, name: body.name };
    }
    const invitationId = uuidV5(`${context.metadata.commandId}:invitation`, ID_NAMESPACE);
    // The disclosure to the invitee is logged by InvitationDisclosures from the stored InvitationSent (so a retry
    // after a crash between the append and the log entry still leaves exactly one).
    return this.execute(context, 'Invite', { invitationId, invitee }, { invitationId });
  }

  @Post('convenings/:caseId/invitations/:invitationId/replies')
  @ApiOperation({ summary: 'Reply to an invitation' })
  @CaseCommand({ category: 'consents', action: 'reply', what: 'invitation (reply)' })
  reply(@Param('invitationId') invitationId: string, @Body() body: ReplyDto, @CommandContext() context: CommandContext) {
    return this.execute(context, 'RecordReply', { invitationId, ...body });
  }

  @Post('convenings/:caseId/meetings')
  @ApiOperation({ summary: 'Schedule the joint meeting' })
  @CaseCommand({ category: 'consents', action: 'act', what: 'meeting (scheduled)' })
  @ApiConflictResponse({ description: 'The room is already booked at that time, or the case changed.' })
  async schedule(@Body() body: ScheduleMeetingDto, @CommandContext() { caseId, metadata, expectedRevision, response }: CommandContext) {
    const meetingId = uuidV5(`${metadata.commandId}:meeting`, ID_NAMESPACE);
    const roomId = await this.roomOf(body.roomId);
    const outcome = await this.scheduler.schedule(metadata, { meetingId, ...body, roomId }, expectedRevision);
    return answer(response, outcome, { caseId, meetingId });
  }

  @Post('convenings/:caseId/meetings/:meetingId/rescheduling')
  @ApiOperation({ summary: 'Reschedule a meeting' })
  @CaseCommand({ category: 'consents', action: 'act', what: 'meeting (rescheduled)' })
  @ApiConflictResponse({
    description:
      'The room is already booked at the new time, the meeting is under way or held (meeting-under-way) or cancelled, the consent ends before the new time, or the case changed.',
  })
  async reschedule(
    @Param('meetingId') meetingId: string,
    @Body() body: RescheduleMeetingDto,
    @CommandContext() { caseId, metadata, expectedRevision, response }: CommandContext,
  ) {
    const roomId = await this.roomOf(body.roomId);
    const outcome = await this.scheduler.reschedule(metadata, { meetingId, ...body, roomId }, expectedRevision);
    return answer(response, outcome, { caseId, meetingId });
  }

  @Post('convenings/:caseId/meetings/:meetingId/cancellation')
  @ApiOperation({ summary: 'Cancel a meeting' })
  @CaseCommand({ category: 'consents', action: 'act', what: 'meeting (cancelled)' })
  @ApiConflictResponse({ description: 'The meeting is under way or held (meeting-under-way), already cancelled, or the case changed.' })
  async cancel(
    @Param('meetingId') meetingId: string,
    @Body() body: CancelMeetingDto,
    @CommandContext() { caseId, metadata, expectedRevision, response }: CommandContext,
  ) {
    const outcome = await this.scheduler.cancel(metadata, { meetingId, reason: body.reason }, expectedRevision);
    return answer(response, outcome, { caseId, meetingId });
  }
}
