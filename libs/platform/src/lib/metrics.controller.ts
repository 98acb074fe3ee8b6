import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Headers, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, bearerTokenOf } from '@perheverkko/http';
import { Metrics } from '@perheverkko/observability';
import { PlatformConfig } from '@perheverkko/runtime';

/** Prometheus' scrape of this process's metrics. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: PlatformConfig,
  ) {}

  /**
   * With METRICS_TOKEN: only a scraper sending it as a bearer token. Without it: served on the embedded default
   * (a developer's machine) and not at all with a database server (set the token to scrape).
   */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const expected = this.config.METRICS_TOKEN;
    if (expected) {
      const given = Buffer.from(bearerTokenOf(authorization) ?? '');
      const wanted = Buffer.from(expected);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new UnauthorizedException({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'send the scrape token (METRICS_TOKEN) as "Authorization: Bearer <token>"',
        });
      }
    } else if (!this.config.usesEmbeddedDatabase) {
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: 'metrics are served only with METRICS_TOKEN set (docs/operations.md)',
      });
    }
    return this.metrics.registry.metrics();
  }
}
