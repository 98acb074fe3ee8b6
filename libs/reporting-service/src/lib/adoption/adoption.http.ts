import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commandOf } from '@perheverkko/command-handling';
import { isRecord } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import type { AdoptionCommand } from '@perheverkko/reporting-domain';
import {
  answer,
  commandMetadataOf,
  expectedRevisionOf,
  IDEMPOTENCY_HEADER,
  IF_MATCH_HEADER,
  invalidField,
  LongPageQueryDto,
  Paged,
  pageOf,
  RevisionETag,
  Roles,
  ApiJsonAnswer,
  ApiProblems,
  ETAG_HEADER,
} from '@perheverkko/http';
import { EVENT_STORE, ReferenceData } from '@perheverkko/service-host';
import type { AuthenticatedRequest } from '@perheverkko/access';
import { AnnualReportQueries } from '../reports/annual-report.queries';
import { adoptionStream, ExecuteAdoptionCommand } from './adoption.commands';
import { AdoptionStageDto, MunicipalityParams } from './adoption.dto';

/**
 * The strong ETag of a municipality with no stage recorded yet (its stream has no events): If-Match with it records
 * the first stage only while there is still none, as a revision guards every later one.
 */
const NO_STAGE_ETAG = '"no_stream"';
import { ADOPTION_STAGES, ADOPTION_STAGE_RECORDED, MUNICIPALITY_ADOPTION } from '../reporting.openapi';

@ApiTags('adoption of the model')
@ApiBearerAuth()
@Controller('municipalities')
export class AdoptionHttp {
  constructor(
    private readonly commands: CommandBus,
    private readonly reports: AnnualReportQueries,
    private readonly referenceData: ReferenceData,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post(':municipality/adoption-stage')
  @ApiJsonAnswer(ADOPTION_STAGE_RECORDED, 'Recorded', 201, ETAG_HEADER)
  @ApiJsonAnswer(ADOPTION_STAGE_RECORDED, 'Handled before: the same Idempotency-Key', 200, ETAG_HEADER)
  @ApiProblems(400, 409, 422)
  @ApiOperation({ summary: "Record a municipality's adoption stage" })
  @Roles('coordinator')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  async record(
    @Param() { municipality }: MunicipalityParams,
    @Body() body: AdoptionStageDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    const name = await this.municipalityOf(municipality);
    const command = commandOf<AdoptionCommand, 'RecordAdoptionStage'>(
      'RecordAdoptionStage',
      { municipality: name, ...body },
      commandMetadataOf(request, 'adoption'),
    );
    const first = String(request.headers['if-match'] ?? '').trim() === NO_STAGE_ETAG;
    const expected = first ? 'no_stream' : expectedRevisionOf(request);
    const outcome = await this.commands.execute(new ExecuteAdoptionCommand(command, expected));
    return answer(response, outcome, { municipality: name, stage: outcome.state?.stage });
  }

  /**
   * The municipality as the reference data knows it (ADR 0014), by its Finnish name, so a typo cannot open a stream
   * of its own; unknown: 400 naming the nearest ones, as intake does at registration.
   */
  private async municipalityOf(written: string): Promise<string> {
    const book = await this.referenceData.current();
    const found = book.municipality(written);
    if (found) return found.fi;
    throw invalidField('municipality', book.municipalityRefusal(written));
  }

  @Get(':municipality/adoption')
  @ApiJsonAnswer(MUNICIPALITY_ADOPTION)
  @ApiProblems(400)
  @Roles('coordinator', 'analyst')
  @RevisionETag()
  @ApiOperation({
    summary: "One municipality's adoption stage and its steps, read from its own stream",
    description:
      '`revision` (also the strong ETag) is what `POST …/adoption-stage` takes in If-Match; before the first stage is recorded there is no `revision` and the ETag is `"no_stream"`, which If-Match takes to record the first stage only while there is none. If-None-Match answers 304 while nothing changed.',
  })
  @ApiOkResponse({ description: '{ municipality, stage, region, steps: [{ stage, recordedAt, note? }], revision }' })
  async one(@Param() { municipality }: MunicipalityParams, @Res({ passthrough: true }) response: Response) {
    const name = await this.municipalityOf(municipality);
    const events = await this.store.readStream(adoptionStream(name));
    const steps = events.map(({ data, metadata }) => {
      const field = (name: string) => (isRecord(data) ? data[name] : undefined);
      const note = field('note');
      return {
        stage: Number(field('stage')),
        region: String(field('region') ?? ''),
        recordedAt: metadata.occurredAt,
        ...(typeof note === 'string' ? { note } : {}),
      };
    });
    const last = steps.at(-1);
    if (events.length === 0) response.setHeader('ETag', NO_STAGE_ETAG);
    return {
      municipality: name,
      stage: last?.stage ?? null,
      region: last?.region ?? null,
      steps: steps.map(({ region: _region, ...step }) => step),
      ...(events.length > 0 ? { revision: events[events.length - 1].streamRevision } : {}),
    };
  }

  @Get('adoption')
  @ApiJsonAnswer(ADOPTION_STAGES)
  @Paged({ bare: true })
  @ApiOperation({ summary: 'Every municipality’s adoption stage' })
  @Roles('coordinator', 'analyst')
  async current(@Query() page: LongPageQueryDto) {
    return pageOf(await this.reports.adoptionStages(new Date().toISOString()), (stage) => [stage.municipality], page);
  }
}
