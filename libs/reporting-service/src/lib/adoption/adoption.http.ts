import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, CommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { v5 as uuidV5 } from 'uuid';
import { CommandPathHandler, ExecuteCommand, commandOf, type CommandPath } from '@perheverkko/command-handling';
import type { EventStore } from '@perheverkko/event-store';
import { ADOPTION_STAGES, adoptionDecider, type AdoptionCommand, type AdoptionEvent, type AdoptionState } from '@perheverkko/reporting-domain';
import { EVENT_STORE, IDEMPOTENCY_HEADER, answer, IF_MATCH_HEADER, ReferenceData, Roles, commandMetadataOf, expectedRevisionOf, invalidField, type AuthenticatedRequest } from '@perheverkko/platform';
import { AnnualReportQueries } from '../reports/annual-report.queries';

const MUNICIPALITY_NAMESPACE = 'a3e0f6b2-6c1d-4b8e-9f57-2d4c8e1b7a90';

/**
 * One stream per municipality: the name is kept in the events as the endpoint took it (the classification's Finnish
 * name since the reference data; as written before), the stream id derives from it, case ignored.
 */
export const adoptionStream = (municipality: string) => `Adoption-${uuidV5(municipality.trim().toLocaleLowerCase('fi'), MUNICIPALITY_NAMESPACE)}`;

/** A municipality's adoption stage goes the shared command path to its decider. */
export class ExecuteAdoptionCommand extends ExecuteCommand<AdoptionCommand, AdoptionEvent, AdoptionState> {}

const ADOPTION_PATH: CommandPath<ExecuteAdoptionCommand, AdoptionCommand, AdoptionEvent, AdoptionState> = {
  decider: adoptionDecider,
  streamOf: ({ command }) => adoptionStream(command.data.municipality),
};

@CommandHandler(ExecuteAdoptionCommand)
export class AdoptionCommandHandler extends CommandPathHandler<ExecuteAdoptionCommand, AdoptionCommand, AdoptionEvent, AdoptionState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(ADOPTION_PATH, store);
  }

  protected prepare({ command }: ExecuteAdoptionCommand): AdoptionCommand {
    return command;
  }
}

class AdoptionStageDto {
  @ApiProperty({ example: 'Pohjois-Savo', description: 'the wellbeing services county the municipality belongs to' }) @IsString() @Length(1, 100) region!: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: Object.entries(ADOPTION_STAGES).map(([n, s]) => `${n} ${s}`).join('; ') }) @IsInt() @Min(1) @Max(5) stage!: number;
  @ApiPropertyOptional({ description: 'required when the stage goes back' }) @IsOptional() @IsString() @Length(1, 2000) note?: string;
}

class MunicipalityParams {
  @ApiProperty({ example: 'Kuopio', description: 'a municipality of Finland: its code, or its Finnish or Swedish name (case ignored); recorded by its Finnish name' })
  @IsString()
  @Length(1, 100)
  municipality!: string;
}


@ApiTags('adoption of the model')
@ApiBearerAuth()
@Controller('municipalities')
export class AdoptionHttp {
  constructor(
    private readonly commands: CommandBus,
    private readonly reports: AnnualReportQueries,
    private readonly referenceData: ReferenceData,
  ) {}

  @Post(':municipality/adoption-stage')
  @Roles('coordinator')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  async record(@Param() { municipality }: MunicipalityParams, @Body() body: AdoptionStageDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response) {
    const name = await this.municipalityOf(municipality);
    const command = commandOf<AdoptionCommand, 'RecordAdoptionStage'>('RecordAdoptionStage', { municipality: name, ...body }, commandMetadataOf(request, 'adoption'));
    const outcome = await this.commands.execute(new ExecuteAdoptionCommand(command, expectedRevisionOf(request)));
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

  @Get('adoption')
  @Roles('coordinator', 'analyst')
  current() {
    return this.reports.adoptionStages(new Date().toISOString());
  }
}
