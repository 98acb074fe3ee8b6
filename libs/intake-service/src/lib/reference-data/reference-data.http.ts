import { Body, ConflictException, Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandHandler, CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommandPathHandler, ExecuteCommand, commandOf, type CommandData, type CommandPath } from '@perheverkko/command-handling';
import { StreamRevisionConflictError, type EventStore, type ExpectedRevision } from '@perheverkko/event-store';
import { referenceDataDecider, type ReferenceCatalogueState, type ReferenceDataCommand, type ReferenceDataEvent } from '@perheverkko/intake-domain';
import { EVENT_STORE, PlatformConfig, answer, ReferenceData, Roles, commandMetadataOf, createValidationPipe, expectedRevisionOf, invalidField, type AuthenticatedRequest } from '@perheverkko/platform';
import {
  ADMINISTERED_BY,
  MUNICIPALITY_CLASSIFICATION,
  REFERENCE_DATA_KEY,
  REFERENCE_KINDS,
  ReferenceBook,
  type ReferenceFact,
  type ReferenceKind,
  type ReferenceValues,
} from '@perheverkko/reference-data';
import { KEY_PATTERNS, REFERENCE_DTOS, RetireReferenceEntryDto } from './reference-data.dto';

export const referenceStream = (kind: ReferenceKind) => `ReferenceData-${kind}`;

/** Reference data's commands go the shared command path to their decider, one stream per kind. */
export class ExecuteReferenceDataCommand extends ExecuteCommand<ReferenceDataCommand, ReferenceDataEvent, ReferenceCatalogueState> {}

const REFERENCE_DATA_PATH: CommandPath<ExecuteReferenceDataCommand, ReferenceDataCommand, ReferenceDataEvent, ReferenceCatalogueState> = {
  decider: referenceDataDecider,
  streamOf: ({ command }) => referenceStream(command.data.kind),
};

@CommandHandler(ExecuteReferenceDataCommand)
export class ReferenceDataCommandHandler extends CommandPathHandler<ExecuteReferenceDataCommand, ReferenceDataCommand, ReferenceDataEvent, ReferenceCatalogueState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(REFERENCE_DATA_PATH, store);
  }

  protected prepare({ command }: ExecuteReferenceDataCommand): ReferenceDataCommand {
    return command;
  }
}

const STAFF = ['professional', 'coordinator', 'administrator', 'auditor', 'analyst'] as const;

/** A catalogue's version is the number of changes recorded to it; If-Match names it (stream revision + 1). */
const revisionOfVersion = (version: number): ExpectedRevision => (version === 0 ? 'no_stream' : version - 1);

/**
 * Reference data as data with an API (ADR 0014): anyone on the staff reads the catalogues; administrators (and
 * coordinators, for organisers and rooms) record and retire entries. Every change is an event in intake's
 * `ReferenceData-<kind>` stream, published to the other services, which validate against it. The answers here
 * are folded from the stream itself, so they are current even while the published copy is on its way.
 */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller('reference-data')
export class ReferenceDataHttp {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: PlatformConfig,
    private readonly referenceData: ReferenceData,
  ) {}

  /** The shipped baseline with every change in the kind's stream applied, and the version it is at. */
  private async catalogue(kind: ReferenceKind): Promise<{ book: ReferenceBook; version: number }> {
    const book = ReferenceBook.baseline(this.config.REFERENCE_BASELINE);
    const events = await this.store.readStream(referenceStream(kind));
    for (const event of events) book.apply({ type: event.type, data: event.data } as ReferenceFact);
    return { book, version: events.length };
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The kinds of reference data, each with its version and number of entries in force' })
  async kinds() {
    return Promise.all(
      REFERENCE_KINDS.map(async (kind) => {
        const { book, version } = await this.catalogue(kind);
        return { kind, version, entries: book.entries(kind).length, administeredBy: ADMINISTERED_BY[kind], href: `/reference-data/${kind}` };
      }),
    );
  }

  @Get(':kind')
  @Roles(...STAFF)
  @ApiOperation({ summary: 'One catalogue: its entries in force (retired ones too with includeRetired=true); ETag: its version' })
  async list(@Param('kind') kind: string, @Query('includeRetired') includeRetired: string | undefined, @Res({ passthrough: true }) response: Response) {
    const known = this.kindOf(kind);
    if (includeRetired !== undefined && !['true', 'false'].includes(includeRetired)) throw invalidField('includeRetired', 'must be true or false');
    const { book, version } = await this.catalogue(known);
    response.setHeader('ETag', `"${version}"`);
    return {
      kind: known,
      version,
      ...(known === 'municipalities' ? { ...MUNICIPALITY_CLASSIFICATION, areas: book.areas() } : {}),
      entries: book.entries(known, { includeRetired: includeRetired === 'true' }),
    };
  }

  @Get(':kind/:key')
  @Roles(...STAFF)
  async entry(@Param('kind') kind: string, @Param('key') key: string) {
    const known = this.kindOf(kind);
    const entry = (await this.catalogue(known)).book.entry(known, key);
    if (!entry) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${known} has no entry ${key}` });
    return entry;
  }

  @Put(':kind/:key')
  @Roles('administrator', 'coordinator')
  @ApiOperation({ summary: 'Record an entry (new or changed). Wellbeing Star and feedback form versions never change: a change is a new version (409).' })
  @ApiConflictResponse({ description: 'If-Match names an older version of the catalogue, or a recorded version would change' })
  async record(@Param('kind') kind: string, @Param('key') key: string, @Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const known = this.kindOf(kind);
    this.mayAdminister(request, known);
    const { pattern, reason } = KEY_PATTERNS[known];
    if (!pattern.test(key) || key.length > 100) throw invalidField('key', `${key}: ${reason}`);
    const fields = (await createValidationPipe().transform(body, { type: 'body', metatype: REFERENCE_DTOS[known], data: '' })) as object;
    const value = { ...withKey(known, key), ...JSON.parse(JSON.stringify(fields)) } as ReferenceValues[ReferenceKind];
    await this.checkReferences(known, value);
    const { book } = await this.catalogue(known);
    const shipped = ReferenceBook.baseline(this.config.REFERENCE_BASELINE).entry(known, key) !== undefined;
    return this.execute(request, response, 'RecordReferenceEntry', { kind: known, key, value, shipped }, book.entry(known, key) === undefined);
  }

  @Post(':kind/:key/retirement')
  @HttpCode(201)
  @Roles('administrator', 'coordinator')
  @ApiOperation({ summary: 'Retire an entry: no longer offered for new records; records that name it keep it' })
  @ApiOkResponse({ description: 'Already retired: nothing recorded' })
  async retire(@Param('kind') kind: string, @Param('key') key: string, @Body() body: RetireReferenceEntryDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const known = this.kindOf(kind);
    this.mayAdminister(request, known);
    const shipped = ReferenceBook.baseline(this.config.REFERENCE_BASELINE).entry(known, key) !== undefined;
    if (!shipped && !(await this.catalogue(known)).book.entry(known, key)) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${known} has no entry ${key}` });
    return this.execute(request, response, 'RetireReferenceEntry', { kind: known, key, reason: body.reason, shipped }, false);
  }

  private async execute<T extends ReferenceDataCommand['type']>(request: AuthenticatedRequest, response: Response, type: T, data: CommandData<ReferenceDataCommand, T>, created: boolean) {
    const metadata = commandMetadataOf(request, REFERENCE_DATA_KEY);
    const ifMatch = expectedRevisionOf(request);
    const command = commandOf<ReferenceDataCommand, T>(type, data, metadata);
    const outcome = await this.commands
      .execute(new ExecuteReferenceDataCommand(command, ifMatch === undefined ? undefined : revisionOfVersion(Number(ifMatch))))
      .catch((error: unknown) => {
        if (!(error instanceof StreamRevisionConflictError)) throw error;
        const version = error.actual === 'no_stream' ? 0 : error.actual + 1;
        throw new ConflictException({ statusCode: 409, error: 'Conflict', rule: 'stale-version', message: `${data.kind} is at version ${version}, not ${ifMatch}: read it again (its ETag) and resend` });
      });
    this.referenceData.recorded(outcome.events);
    const version = outcome.revision === 'no_stream' ? 0 : outcome.revision + 1;
    const recorded = outcome.events.length > 0 && !outcome.alreadyHandled && (created || type === 'RetireReferenceEntry');
    return answer(response, outcome, { kind: data.kind, key: data.key }, { created: recorded, version });
  }

  private kindOf(kind: string): ReferenceKind {
    if (!(REFERENCE_KINDS as readonly string[]).includes(kind)) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no reference data ${kind}; the kinds are ${REFERENCE_KINDS.join(', ')}` });
    return kind as ReferenceKind;
  }

  private mayAdminister(request: AuthenticatedRequest, kind: ReferenceKind): void {
    const allowed = ADMINISTERED_BY[kind];
    if (!request.user.roles.some((role) => (allowed as readonly string[]).includes(role))) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `${kind} are recorded by ${allowed.join(' or ')}s` });
    }
  }

  /** A room names an organiser in force, an organiser a municipality in force: no entry points at nothing. */
  private async checkReferences(kind: ReferenceKind, value: ReferenceValues[ReferenceKind]): Promise<void> {
    if (kind === 'rooms') {
      const { organiser } = value as ReferenceValues['rooms'];
      const { book } = await this.catalogue('organisers');
      if (!book.active('organisers', organiser)) throw invalidField('organiser', `${organiser} is not an organiser in force${suggest(book, 'organisers', organiser)}`);
    }
    if (kind === 'organisers') {
      const { municipality } = value as ReferenceValues['organisers'];
      const { book } = await this.catalogue('municipalities');
      if (!book.active('municipalities', municipality)) throw invalidField('municipality', `${municipality} is not the code of a municipality in force`);
    }
  }
}

function withKey(kind: ReferenceKind, key: string): Partial<ReferenceValues[ReferenceKind]> {
  const value = kind === 'municipalities' ? { code: key } : kind === 'wellbeing-star' || kind === 'feedback-forms' ? { version: key } : { id: key };
  return value as Partial<ReferenceValues[ReferenceKind]>;
}

function suggest(book: ReferenceBook, kind: ReferenceKind, written: string): string {
  const near = book.closeMatches(kind, written);
  return near.length ? `; did you mean ${near.join(', ')}?` : '';
}

