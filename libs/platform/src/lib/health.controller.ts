import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, ApiJsonAnswer, S, namedSchema } from '@perheverkko/http';
import { HealthRegistry } from '@perheverkko/runtime';

/** What /health answers: up or down overall, and each check with what it found. */
const HEALTH_REPORT = namedSchema(
  'HealthReport',
  S.object(
    {
      status: S.string({ enum: ['up', 'down'] }),
      checks: S.map(S.object({ status: S.string({ enum: ['up', 'down'] }), error: S.string() }, ['status'])),
    },
    ['status', 'checks'],
  ),
);

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  /** Liveness: the process answers. Dependencies are not checked: an orchestrator restarting a healthy process
   *  because PostgreSQL is down would only add to the outage. */
  @Get('live')
  @ApiJsonAnswer(S.object({ status: S.string({ enum: ['up'] }), uptimeSeconds: S.integer() }, ['status', 'uptimeSeconds']))
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'The process is alive and its event loop answers.' })
  live() {
    return { status: 'up', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: PostgreSQL, each event store, Kafka and the messaging loops answer; otherwise 503 with why. */
  @Get('ready')
  @ApiJsonAnswer(HEALTH_REPORT)
  @ApiJsonAnswer(HEALTH_REPORT, 'Some dependency is down', 503)
  @ApiOperation({ summary: 'Readiness: every dependency answers' })
  @ApiOkResponse({ description: 'PostgreSQL, every event store, Kafka (when configured) and the messaging loops answer.' })
  @ApiServiceUnavailableResponse({ description: 'Some dependency is down; the body says which and why.' })
  ready(@Res({ passthrough: true }) response: Response) {
    return this.health(response);
  }

  @Get()
  @ApiJsonAnswer(HEALTH_REPORT)
  @ApiJsonAnswer(HEALTH_REPORT, 'Some dependency is down', 503)
  @ApiOperation({ summary: 'Health of every dependency (the same as /health/ready)' })
  @ApiOkResponse({ description: 'The same as /health/ready.' })
  @ApiServiceUnavailableResponse({ description: 'Some dependency is down; the body says which and why.' })
  async health(@Res({ passthrough: true }) response: Response) {
    const report = await this.registry.run();
    if (report.status !== 'up') response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
