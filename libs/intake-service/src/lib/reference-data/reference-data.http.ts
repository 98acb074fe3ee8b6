import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { commandOf, type Admission, type CommandData } from '@perheverkko/command-handling';
import { StreamRevisionConflictError, type EventStore, type ExpectedRevision, type RecordedEvent } from '@perheverkko/event-store';
import type { ReferenceDataCommand } from '@perheverkko/intake-domain';
import { isRecord } from '@perheverkko/decider';
import { EVENT_STORE, ReferenceData } from '@perheverkko/service-host';
import { PlatformConfig } from '@perheverkko/runtime';
import {
  answer,
  commandMetadataOf,
  createValidationPipe,
  expectedRevisionOf,
  IDEMPOTENCY_HEADER,
  IF_MATCH_HEADER,
  invalidField,
  LongPageQueryDto,
  Paged,
  pageOf,
  Roles,
  ApiJsonAnswer,
  ApiProblems,
  ETAG_HEADER,
} from '@perheverkko/http';
import type { AuthenticatedRequest } from '@perheverkko/access';
import {
  ADMINISTERED_BY,
  MUNICIPALITY_CLASSIFICATION,
  REFERENCE_DATA_KEY,
  REFERENCE_KINDS,
  ReferenceBook,
  tagged,
  type TaggedValue,
  coordinatorKeeps,
  dependantsOf,
  entryProblems,
  isReferenceKind,
  referenceFactOf,
  type ReferenceKind,
  type ReferenceValues,
} from '@perheverkko/reference-data';
import { ExecuteReferenceDataCommand, referenceStream } from './reference-data.commands';
import { CatalogueQueryDto, KEY_PATTERNS, REFERENCE_DTOS, RetireReferenceEntryDto } from './reference-data.dto';
import { REFERENCE_CATALOGUE, REFERENCE_ENTRY_ANSWER, REFERENCE_KIND_LIST, REFERENCE_RECORDED } from '../intake.openapi';

const STAFF = ['professional', 'coordinator', 'administrator', 'auditor', 'analyst'] as const;

/** A catalogue's version is the number of changes recorded to it; If-Match names it (stream revision + 1). */
const revisionOfVersion = (version: number): ExpectedRevision => (version === 0 ? 'no_stream' : version - 1);

/** A page of a catalogue's entries, by key: `entries` and `next`. */
function pagedEntries<E extends { key: string }>(entries: readonly E[], page: LongPageQueryDto): { entries: E[]; next: string | null } {
  const { items, next } = pageOf(entries, (entry) => [entry.key], page);
  return { entries: items, next };
}

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
  ) {
    this.shipped = ReferenceBook.baseline(config.REFERENCE_BASELINE);
  }

  /** The baseline as shipped (never changed): whether an entry was shipped, without loading the files again per request. */
  private readonly shipped: ReferenceBook;

  /** The shipped baseline with every change in the kind's stream applied, and the version it is at. */
  private async catalogue(kind: ReferenceKind): Promise<{ book: ReferenceBook; version: number }> {
    const book = ReferenceBook.baseline(this.config.REFERENCE_BASELINE);
    const events = await this.store.readStream(referenceStream(kind));
    for (const event of events) book.apply(referenceFactOf(event));
    return { book, version: events.length };
  }

  @Get()
  @ApiJsonAnswer(REFERENCE_KIND_LIST)
  @Paged({ bare: true })
  @Roles(...STAFF)
  @ApiOperation({ summary: 'The kinds of reference data, each with its version and number of entries in force' })
  async kinds(@Query() page: LongPageQueryDto) {
    const kinds = await Promise.all(
      REFERENCE_KINDS.map(async (kind) => {
        const { book, version } = await this.catalogue(kind);
        return {
          kind,
          version,
          entries: book.entries(kind).length,
          administeredBy: ADMINISTERED_BY[kind],
          href: `/reference-data/${kind}`,
        };
      }),
    );
    return pageOf(kinds, (row) => [row.kind], page);
  }

  @Get(':kind')
  @ApiJsonAnswer(REFERENCE_CATALOGUE, 'The catalogue; its version is the ETag', 200, ETAG_HEADER)
  @Paged()
  @ApiProblems(404)
  @Roles(...STAFF)
  @ApiOperation({ summary: 'One catalogue: its entries in force (retired ones too with includeRetired=true); ETag: its version' })
  async list(@Param('kind') kind: string, @Query() query: CatalogueQueryDto, @Res({ passthrough: true }) response: Response) {
    const known = this.kindOf(kind);
    const { book, version } = await this.catalogue(known);
    response.setHeader('ETag', `"${version}"`);
    return {
      kind: known,
      version,
      ...(known === 'municipalities' ? { ...MUNICIPALITY_CLASSIFICATION, areas: book.areas() } : {}),
      ...pagedEntries(book.entries(known, { includeRetired: query.includeRetired === 'true' }), query),
    };
  }

  @Get(':kind/:key')
  @ApiJsonAnswer(REFERENCE_ENTRY_ANSWER, "The entry; its catalogue's version is the ETag", 200, ETAG_HEADER)
  @ApiProblems(404)
  @Roles(...STAFF)
  @ApiOperation({ summary: "One entry, with its catalogue's version (also the ETag, for If-Match when it is changed)" })
  async entry(@Param('kind') kind: string, @Param('key') key: string, @Res({ passthrough: true }) response: Response) {
    const known = this.kindOf(kind);
    const { book, version } = await this.catalogue(known);
    const entry = book.entry(known, key);
    if (!entry) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${known} has no entry ${key}` });
    response.setHeader('ETag', `"${version}"`);
    return { ...entry, version };
  }

  @Put(':kind/:key')
  @ApiJsonAnswer(REFERENCE_RECORDED, 'Recorded', 201, ETAG_HEADER)
  @ApiJsonAnswer(REFERENCE_RECORDED, 'Handled before, or unchanged: nothing new recorded', 200, ETAG_HEADER)
  @ApiProblems(404, 409, 422)
  @Roles('administrator', 'coordinator')
  @ApiExtraModels(...Object.values(REFERENCE_DTOS))
  @ApiBody({
    description: "The entry's fields by kind (its key — id, code or version — comes from the path; if sent, it must be the same)",
    schema: { oneOf: Object.values(REFERENCE_DTOS).map((dto) => ({ $ref: getSchemaPath(dto) })) },
  })
  @ApiOperation({
    summary: 'Record an entry (new or changed). Wellbeing Star and feedback form versions never change: a change is a new version (409).',
  })
  @ApiConflictResponse({ description: 'If-Match names an older version of the catalogue, or a recorded version would change' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader({ ...IF_MATCH_HEADER, description: "the catalogue's version last read (its ETag); a catalogue changed since answers 409" })
  async record(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const known = this.kindOf(kind);
    this.mayAdminister(request, known);
    const { pattern, reason } = KEY_PATTERNS[known];
    if (!pattern.test(key) || key.length > 100) throw invalidField('key', `${key}: ${reason}`);
    const fields: unknown = await createValidationPipe().transform(withoutKey(known, key, body), {
      type: 'body',
      metatype: REFERENCE_DTOS[known],
      data: '',
    });
    const book = await this.currentBook();
    const value = resolvedReferences(tagged(known, { ...withKey(known, key), ...JSON.parse(JSON.stringify(fields)) }), book);
    const created = book.entry(known, key) === undefined;
    // The rules are checked on the catalogues as the command is decided, again after a lost race: two coordinators
    // naming two rooms alike at once cannot both pass on the book as it was before either.
    const admit = (history: readonly RecordedEvent[]) => this.checkedRecording(request, known, key, value, history);
    const shipped = this.shipped.entry(known, key) !== undefined;
    return this.execute(request, response, 'RecordReferenceEntry', { kind: known, key, value, shipped }, created, admit);
  }

  private async checkedRecording(
    request: AuthenticatedRequest,
    kind: ReferenceKind,
    key: string,
    value: ReferenceValues[ReferenceKind],
    history: readonly RecordedEvent[],
  ): Promise<void> {
    const book = await this.currentBook({ kind, history });
    const problems = entryProblems(kind, key, value, book);
    if (problems.length)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `Invalid field(s): ${problems.map((p) => p.field).join(', ')}`,
        violations: problems,
      });
    const current = book.entry(kind, key);
    this.mayKeep(request, kind, [value, ...(current ? [current.value] : [])], book);
  }

  @Post(':kind/:key/retirement')
  @ApiJsonAnswer(REFERENCE_RECORDED, 'Retired', 201, ETAG_HEADER)
  @ApiJsonAnswer(REFERENCE_RECORDED, 'Already retired: nothing recorded', 200, ETAG_HEADER)
  @ApiProblems(404, 409, 422)
  @HttpCode(201)
  @Roles('administrator', 'coordinator')
  @ApiOperation({
    summary:
      'Retire an entry: no longer offered for new records; records that name it keep it. Refused (409 reference-in-use) while entries in force name it.',
  })
  @ApiOkResponse({ description: 'Already retired: nothing recorded' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader({ ...IF_MATCH_HEADER, description: "the catalogue's version last read (its ETag); a catalogue changed since answers 409" })
  async retire(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Body() body: RetireReferenceEntryDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const known = this.kindOf(kind);
    this.mayAdminister(request, known);
    const admit = async (history: readonly RecordedEvent[]) => {
      const book = await this.currentBook({ kind: known, history });
      const current = book.entry(known, key);
      if (!current) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `${known} has no entry ${key}` });
      this.mayKeep(request, known, [current.value], book);
      const dependants = current.retired ? [] : dependantsOf(known, key, book);
      if (dependants.length) {
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          rule: 'reference-in-use',
          message: `${known} ${key} is named by ${dependants.join(', ')} in force: retire or move them first`,
        });
      }
    };
    const shipped = this.shipped.entry(known, key) !== undefined;
    return this.execute(request, response, 'RetireReferenceEntry', { kind: known, key, reason: body.reason, shipped }, false, admit);
  }

  /**
   * Every catalogue as recorded: what a change is checked against (names, references, what depends on an entry).
   * `read`: one catalogue as the command path just read it, so the check and the decision see the same stream.
   */
  private async currentBook(read?: { kind: ReferenceKind; history: readonly RecordedEvent[] }): Promise<ReferenceBook> {
    const book = ReferenceBook.baseline(this.config.REFERENCE_BASELINE);
    for (const kind of REFERENCE_KINDS) {
      const events = kind === read?.kind ? read.history : await this.store.readStream(referenceStream(kind));
      for (const event of events) book.apply(referenceFactOf(event));
    }
    return book;
  }

  private async execute<T extends ReferenceDataCommand['type']>(
    request: AuthenticatedRequest,
    response: Response,
    type: T,
    data: CommandData<ReferenceDataCommand, T>,
    created: boolean,
    admit: Admission,
  ) {
    const metadata = commandMetadataOf(request, REFERENCE_DATA_KEY);
    const ifMatch = expectedRevisionOf(request);
    const command = commandOf<ReferenceDataCommand, T>(type, data, metadata);
    const outcome = await this.commands
      .execute(new ExecuteReferenceDataCommand(command, ifMatch === undefined ? undefined : revisionOfVersion(Number(ifMatch)), admit))
      .catch((error: unknown) => {
        if (!(error instanceof StreamRevisionConflictError)) throw error;
        const version = error.actual === 'no_stream' ? 0 : error.actual + 1;
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          rule: 'stale-version',
          message:
            ifMatch === undefined
              ? `${data.kind} kept changing while this was recorded (now version ${version}): resend`
              : `${data.kind} is at version ${version}, not ${ifMatch}: read it again (its ETag) and resend`,
        });
      });
    this.referenceData.recorded(outcome.events);
    const version = outcome.revision === 'no_stream' ? 0 : outcome.revision + 1;
    const recorded = outcome.events.length > 0 && !outcome.alreadyHandled && (created || type === 'RetireReferenceEntry');
    return answer(response, outcome, { kind: data.kind, key: data.key }, { created: recorded, version });
  }

  private kindOf(kind: string): ReferenceKind {
    if (!isReferenceKind(kind))
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no reference data ${kind}; the kinds are ${REFERENCE_KINDS.join(', ')}`,
      });
    return kind;
  }

  private mayAdminister(request: AuthenticatedRequest, kind: ReferenceKind): void {
    const allowed = ADMINISTERED_BY[kind];
    if (!request.user.roles.some((role) => allowed.some((may) => may === role))) {
      const wouldAllow = `one of the roles ${allowed.join(', ')}`;
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        rule: 'role-not-allowed',
        wouldAllow,
        message: `Refused (role-not-allowed): ${kind} are recorded by ${allowed.join(' or ')}s. Would allow: ${wouldAllow}.`,
      });
    }
  }

  /**
   * A coordinator (who is not also an administrator) keeps the organisers they coordinate and those organisers'
   * rooms only: the entry as it would be and as it is now must both be theirs, so no one takes over another unit's.
   */
  private mayKeep(request: AuthenticatedRequest, kind: ReferenceKind, values: ReferenceValues[ReferenceKind][], book: ReferenceBook): void {
    const user = request.user;
    if (user.roles.includes('administrator')) return;
    const coordinates = user.coordinates?.length ? user.coordinates : [user.organisation];
    if (values.every((value) => coordinatorKeeps(coordinates, kind, value, book))) return;
    const wouldAllow = `the administrator, or a coordinator of the ${kind === 'rooms' ? "room's organiser" : 'organiser'}`;
    throw new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      rule: 'not-your-organiser',
      wouldAllow,
      message: `Refused (not-your-organiser): a coordinator keeps the organisers they coordinate (${coordinates.join(', ')}) and their rooms. Would allow: ${wouldAllow}.`,
    });
  }
}

/** What an entry names (a room its organiser, an organiser its municipality) as stored: by id and code. */
function resolvedReferences(entry: TaggedValue, book: ReferenceBook): ReferenceValues[ReferenceKind] {
  switch (entry.kind) {
    case 'organisers':
      return { ...entry.value, municipality: municipalityCodeOf(book, entry.value.municipality) };
    case 'rooms':
      return { ...entry.value, organiser: organiserIdOf(book, entry.value.organiser) };
    default:
      return entry.value;
  }
}

/** An organiser's municipality by its code or name (400 naming the nearest): stored as the code. */
function municipalityCodeOf(book: ReferenceBook, written: string): string {
  const found = book.municipality(written);
  if (found) return found.code;
  const retired = book.retiredMunicipality(written);
  throw invalidField('municipality', retired ?? `${written} is not a municipality in force${suggest(book, 'municipalities', written)}`);
}

/** A room's organiser by its id or name (400 naming the nearest): stored as the id. */
function organiserIdOf(book: ReferenceBook, written: string): string {
  const found = book.organiser(written);
  if (found) return found.id;
  const near = book.closeMatches('organisers', written).map((name) => `${book.organiser(name)?.id ?? name} (${name})`);
  throw invalidField('organiser', `${written} is not an organiser in force${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
}

/** The key may be sent back as read (GET then PUT): it must then be the one in the path. */
function withoutKey(kind: ReferenceKind, key: string, body: unknown): unknown {
  if (!isRecord(body) || Array.isArray(body)) return body;
  const field = kind === 'municipalities' ? 'code' : kind === 'wellbeing-star' || kind === 'feedback-forms' ? 'version' : 'id';
  if (!(field in body)) return body;
  const { [field]: sent, ...rest } = body;
  if (sent !== key) throw invalidField(field, `must be ${key}, the key in the path, or left out`);
  return rest;
}

function withKey(kind: ReferenceKind, key: string): Partial<ReferenceValues[ReferenceKind]> {
  return kind === 'municipalities'
    ? { code: key }
    : kind === 'wellbeing-star' || kind === 'feedback-forms'
      ? { version: key }
      : { id: key };
}

function suggest(book: ReferenceBook, kind: ReferenceKind, written: string): string {
  const near = book.closeMatches(kind, written);
  return near.length ? `; did you mean ${near.join(', ')}?` : '';
}
