import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@perheverkko/http';
import { HealthRegistry } from '@perheverkko/runtime';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** Liveness: the process answers. Dependencies are not checked: an orchestrator restarting a healthy process
   *  because PostgreSQL is down would only add to the outage. */
  @Get('live')
  @ApiOkResponse({ description: 'The process is alive and its event loop answers.' })
  live() {
    return { status: 'up', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: PostgreSQL, each event store, Kafka and the messaging loops answer; otherwise 503 with why. */
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, every event store, Kafka (when configured) and the messaging loops answer.' })
  @ApiServiceUnavailableResponse({ description: 'Some dependency is down; the body says which and why.' })
  ready(@Res({ passthrough: true }) response: Response) {
    return this.health(response);
  }

  @Get()
  @ApiOkResponse({ description: 'The same as /health/ready.' })
  @ApiServiceUnavailableResponse({ description: 'Some dependency is down; the body says which and why.' })
  async health(@Res({ passthrough: true }) response: Response) {
    const report = await this.registry.run();
    if (report.status !== 'up') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
