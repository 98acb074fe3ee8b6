import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { commandOf } from '@perheverkko/command-handling';
import type { AdoptionCommand } from '@perheverkko/reporting-domain';
import { answer, commandMetadataOf, expectedRevisionOf, IDEMPOTENCY_HEADER, IF_MATCH_HEADER, invalidField, Roles } from '@perheverkko/http';
import { ReferenceData } from '@perheverkko/service-host';
import type { AuthenticatedRequest } from '@perheverkko/access';
import { AnnualReportQueries } from '../reports/annual-report.queries';
import { ExecuteAdoptionCommand } from './adoption.commands';
import { AdoptionStageDto, MunicipalityParams } from './adoption.dto';

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
