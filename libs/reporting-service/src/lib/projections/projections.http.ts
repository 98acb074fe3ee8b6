import { ConflictException, Controller, Get, HttpCode, Logger, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RebuildInProgress } from '@perheverkko/read-model';
import { Roles } from '@perheverkko/platform';
import { ReportingReadModels } from './reporting-read-models';

/** For operators: where each projection stands, and rebuilding one from position 0 while it keeps serving. */
@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
export class ProjectionsHttp {
  private readonly logger = new Logger('Projections');

  constructor(private readonly readModels: ReportingReadModels) {}

  @Get()
  @Roles('administrator', 'coordinator')
  status() {
    return this.readModels.get().status();
  }

  /** Starts the rebuild and answers at once; GET /projections shows it as "rebuilding" until it swaps in. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('administrator')
  rebuild(@Param('name') name: string) {
    const models = this.readModels.get();
    if (!models.names().includes(name)) throw new NotFoundException(`no projection named ${name}; there are ${models.names().join(', ')}`);
    try {
      models.rebuild(name).catch((error: Error) => this.logger.error(`rebuilding ${name} failed: ${error.message}`));
    } catch (error) {
      if (error instanceof RebuildInProgress) throw new ConflictException({ statusCode: 409, error: 'Conflict', rule: 'one-rebuild-at-a-time', message: error.message });
      throw error;
    }
    return { projection: name, state: 'rebuilding', status: '/projections' };
  }
}
