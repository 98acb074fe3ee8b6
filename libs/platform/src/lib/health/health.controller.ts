import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/access-rules.decorators';
import { HealthRegistry } from './health-registry';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get()
  @ApiOkResponse({ description: 'Every service module in this process reaches its event store.' })
  @ApiServiceUnavailableResponse({ description: 'Some dependency is down; the body says which and why.' })
  async health(@Res({ passthrough: true }) response: Response) {
    const report = await this.registry.run();
    if (report.status !== 'up') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
