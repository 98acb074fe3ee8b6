import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { PlatformConfig } from '@perheverkko/runtime';
import { Public } from '@perheverkko/http';
import { consoleConfigOf, consoleDirOf, consoleIsBuilt, consolePolicy, notBuiltPage } from './console-site';

/** Vite names every asset by its content hash: a changed file is a new name, so a name can be cached for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The web console, served by the embedded default at `/` (the five services do not serve it; deployments run it
 * on a web server of its own). Public: the console is static files and signs in by itself. Not in the OpenAPI
 * document, which describes the API.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ConsoleController {
  private readonly dir: string;
  private readonly policy: string;

  constructor(private readonly config: PlatformConfig) {
    this.dir = consoleDirOf(config);
    this.policy = consolePolicy(config);
  }

  @Get()
  index(@Res() response: Response, @Req() request: Request): void {
    response.setHeader('Content-Security-Policy', this.policy);
    // Checked at each request, so a console built after start-up is served without a restart.
    if (!consoleIsBuilt(this.dir)) {
      response.status(404).setHeader('Cache-Control', 'no-cache').type('html').send(notBuiltPage(this.dir));
      return;
    }
    // Revalidated every time: it names the current hashed assets.
    response.sendFile('index.html', { root: this.dir, cacheControl: false, headers: { 'Cache-Control': 'no-cache' } }, (error) =>
      this.failed(error, request, response),
    );
  }

  @Get('console-config.json')
  consoleConfig(@Res({ passthrough: true }) response: Response) {
    response.setHeader('Cache-Control', 'no-cache');
    return consoleConfigOf(this.config);
  }

  @Get('assets/*path')
  asset(@Req() request: Request, @Res() response: Response): void {
    // As sent (send decodes it once); `root` keeps the file inside assets/ (`..` is refused), dot files are not served.
    const name = request.path.slice('/assets/'.length);
    response.sendFile(
      name,
      { root: join(this.dir, 'assets'), dotfiles: 'deny', cacheControl: false, headers: { 'Cache-Control': IMMUTABLE } },
      (error) => this.failed(error, request, response),
    );
  }

  private failed(error: (Error & { status?: number }) | undefined, request: Request, response: Response): void {
    if (!error || response.headersSent) return;
    const status = error.status === 403 ? 403 : 404;
    response
      .status(status)
      .setHeader('Cache-Control', 'no-cache')
      .json({ statusCode: status, error: status === 403 ? 'Forbidden' : 'Not Found', message: `Cannot GET ${request.path}` });
  }
}
