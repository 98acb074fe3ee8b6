import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@perheverkko/event-store';
import { positionOf, ReadModels, RebuildInProgress, type ProjectionDefinition, type ProjectionStatus } from '@perheverkko/read-model';
import { Roles, ApiJsonAnswer, ApiProblems, LongPageQueryDto, Paged, S, namedSchema, pageOf } from '@perheverkko/http';
import { DatabaseConnection, HealthRegistry } from '@perheverkko/runtime';
import { eventsAfter, Metrics } from '@perheverkko/observability';
import { EVENT_STORE } from '../event-store/service-event-store.module';
import { ReferenceData } from '../reference-data/reference-data';

const PROJECTIONS = namedSchema(
  'Projections',
  S.array(
    S.object(
      {
        service: S.string({ example: 'reporting' }),
        name: S.string(),
        schema: S.string(),
        state: S.string({ enum: ['building', 'live', 'rebuilding'] }),
        eventsApplied: S.nullable(S.integer()),
        position: S.nullable(S.object({ commit: S.string(), prepare: S.string() })),
        updatedAt: S.nullable(S.string()),
        lastRebuild: S.nullable(
          S.object({ startedAt: S.string(), finishedAt: S.string(), events: S.integer(), eventsPerSecond: S.number() }),
        ),
        progress: S.nullable(
          S.object(
            {
              startedAt: S.instant(),
              eventsApplied: { ...S.integer(), description: 'Events of the log folded into the shadow copy so far' },
              position: S.nullable(S.object({ commit: S.string(), prepare: S.string() })),
              total: S.nullable(
                S.integer({
                  description: 'Events to go through: those the live copy has applied (it follows the head); null on a first build',
                }),
              ),
              fraction: S.nullable({ ...S.number(), minimum: 0, maximum: 1 }),
              eventsPerSecond: S.number(),
              secondsLeft: S.nullable(S.integer({ description: 'At the pace so far' })),
              estimatedFinishAt: S.nullable(S.instant()),
            },
            ['startedAt', 'eventsApplied', 'position', 'total', 'fraction', 'eventsPerSecond', 'secondsLeft', 'estimatedFinishAt'],
            { description: 'While the projection is built or rebuilt: where its shadow copy stands; null otherwise' },
          ),
        ),
      },
      ['service', 'name', 'state'],
    ),
  ),
);

const REBUILD_STARTED = namedSchema(
  'RebuildStarted',
  S.object({ projection: S.string(), state: S.string({ enum: ['rebuilding'] }), status: S.string({ example: '/projections' }) }, [
    'projection',
    'state',
  ]),
);

interface ServiceReadModelsOptions {
  /** The owning service, named in GET /projections. */
  service: string;
  /** Its projections (pure rules over its own log), made once at start with what the process knows then. */
  projections(context: { referenceData: ReferenceData }): ProjectionDefinition[] | Promise<ProjectionDefinition[]>;
  /** The health check its projections report in: the service's own unless named. */
  healthCheck?: string;
}

/** Every service's read models in this process: what GET /projections lists and rebuilds (one process may host five services). */
@Injectable()
class ProjectionsDirectory {
  private readonly services: ServiceReadModels[] = [];

  add(models: ServiceReadModels): void {
    this.services.push(models);
  }

  async status(): Promise<Array<ProjectionStatus & { service: string }>> {
    const listed = await Promise.all(
      this.services.filter((s) => s.opened).map(async (s) => (await s.get().status()).map((p) => ({ service: s.service, ...p }))),
    );
    return listed.flat();
  }

  names(): string[] {
    return this.services.filter((s) => s.opened).flatMap((s) => s.get().names());
  }

  /** The read models that hold a projection of this name. */
  holding(name: string): ReadModels | undefined {
    return this.services.find((s) => s.opened && s.get().names().includes(name))?.get();
  }
}

const OPTIONS = Symbol('SERVICE_READ_MODELS_OPTIONS');

/**
 * One service's read models (libs/read-model) for the application's lifetime: opened and kept live at start, each
 * projection's lag a metric, their states in health and GET /projections, closed at shutdown. Queries use `get()`.
 */
@Injectable()
export class ServiceReadModels implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private models?: ReadModels;

  constructor(
    @Inject(OPTIONS) private readonly options: ServiceReadModelsOptions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: DatabaseConnection,
    private readonly health: HealthRegistry,
    private readonly metrics: Metrics,
    private readonly referenceData: ReferenceData,
    directory: ProjectionsDirectory,
  ) {
    directory.add(this);
  }

  get service(): string {
    return this.options.service;
  }

  get opened(): boolean {
    return this.models !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const projections = await this.options.projections({ referenceData: this.referenceData });
    this.models = await ReadModels.open({
      connectionString: this.database.connectionString,
      store: this.store,
      projections,
      poolSize: this.database.embedded ? 2 : 6,
    });
    this.models.start();
    for (const name of this.models.names()) {
      this.metrics.registerLag('projection', { projection: name }, async () => {
        const live = (await this.get().status()).find((p) => p.name === name);
        return eventsAfter(
          this.store,
          live?.position ? positionOf({ commitPosition: live.position.commit, preparePosition: live.position.prepare }) : undefined,
        );
      });
    }
    this.health.extend(this.options.healthCheck ?? this.options.service, async () => {
      const status = await this.get().status();
      return { projections: Object.fromEntries(status.map((p) => [p.name, { state: p.state, eventsApplied: p.eventsApplied }])) };
    });
  }

  get(): ReadModels {
    if (!this.models) throw new Error(`the read models of ${this.options.service} are not open yet`);
    return this.models;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.models?.close();
  }
}

/** The providers of a service's read models: add them to its module, with `ProjectionsModule` in its imports. */
export function serviceReadModels(options: ServiceReadModelsOptions): Provider[] {
  return [{ provide: OPTIONS, useValue: options }, ServiceReadModels];
}

/** For operators: where each projection of the process stands, and rebuilding one from position 0 while it keeps serving. */
@ApiTags('projections')
@ApiBearerAuth()
@Controller('projections')
class ProjectionsHttp {
  private readonly logger = new Logger('Projections');

  constructor(private readonly directory: ProjectionsDirectory) {}

  @Get()
  @ApiJsonAnswer(PROJECTIONS)
  @Paged({ bare: true })
  @ApiOperation({ summary: 'Every projection: its position and state' })
  @Roles('administrator', 'coordinator')
  async status(@Query() page: LongPageQueryDto) {
    return pageOf(await this.directory.status(), (projection) => [projection.service, projection.name], page);
  }

  /** Starts the rebuild and answers at once; GET /projections shows it as "rebuilding" until it swaps in. */
  @Post(':name/rebuild')
  @ApiJsonAnswer(REBUILD_STARTED, 'The rebuild started; GET /projections follows it', 202)
  @ApiProblems(404, 409)
  @ApiOperation({ summary: 'Rebuild a projection in the background' })
  @HttpCode(202)
  @Roles('administrator')
  async rebuild(@Param('name') name: string) {
    const models = this.directory.holding(name);
    if (!models) throw new NotFoundException(`no projection named ${name}; there are ${this.directory.names().join(', ')}`);
    try {
      // Answered once the rebuild holds its lock: a rebuild another replica runs is a 409 too.
      const { done } = await models.beginRebuild(name);
      done.catch((error: Error) => this.logger.error(`rebuilding ${name} failed: ${error.message}`));
    } catch (error) {
      if (error instanceof RebuildInProgress)
        throw new ConflictException({ statusCode: 409, error: 'Conflict', rule: 'one-rebuild-at-a-time', message: error.message });
      throw error;
    }
    return { projection: name, state: 'rebuilding', status: '/projections' };
  }
}

/**
 * GET /projections and its rebuild, once per process however many of its services import it (a static module is
 * one instance): every service with read models imports it and adds `serviceReadModels(...)` to its providers.
 */
@Module({ controllers: [ProjectionsHttp], providers: [ProjectionsDirectory], exports: [ProjectionsDirectory] })
export class ProjectionsModule {}
