import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DomainRuleViolation } from '@perheverkko/decider';
import { StreamRevisionConflictError, type EventStore, type GlobalPosition } from '@perheverkko/event-store';

type LagKind = 'relay' | 'consumer' | 'projection' | 'dead-letters';

/** Counting stops here: a backlog this large says enough, and counting it must stay cheap on every scrape. */
const LAG_COUNT_LIMIT = 10_000;

/** Events in a store's global log after a position (capped at LAG_COUNT_LIMIT): how far a follower is behind. */
export async function eventsAfter(store: EventStore, after: GlobalPosition | undefined): Promise<number> {
  return (await store.readAll({ after, maxCount: LAG_COUNT_LIMIT })).length;
}

/**
 * The process's Prometheus metrics (`GET /metrics`): HTTP latency, commands by type and result, event store
 * append latency, and — computed when scraped, from sources the messaging host and projections register —
 * relay lag, consumer lag per group, projection lag and dead letters.
 */
@Injectable()
export class Metrics implements OnApplicationBootstrap {
  readonly registry = new Registry();
  private readonly lagSources: Array<{ kind: LagKind; labels: Record<string, string>; read: () => Promise<number> }> = [];

  readonly httpDuration = new Histogram({
    name: 'perheverkko_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly commands = new Counter<'command' | 'result'>({
    name: 'perheverkko_commands_total',
    help: 'Commands by type and result (accepted, duplicate, refused, conflict, error)',
    labelNames: ['command', 'result'],
    registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'perheverkko_event_store_append_seconds',
    help: "Appends to a service's event store",
    labelNames: ['service', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor(private readonly moduleRef: ModuleRef) {
    // Unprefixed, as stock Node.js dashboards and alerts name them (process_cpu_seconds_total, nodejs_eventloop_lag_seconds…).
    collectDefaultMetrics({ register: this.registry });
    const gauge = (kind: LagKind, name: string, help: string, labelNames: string[]) => {
      const sources = () => this.lagSources.filter((s) => s.kind === kind);
      new Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          this.reset();
          await Promise.all(sources().map(async ({ labels, read }) => this.set(labels, await read().catch(() => -1))));
        },
      });
    };
    gauge(
      'relay',
      'perheverkko_relay_lag_events',
      `Stored events not yet published by the relay (counted up to ${LAG_COUNT_LIMIT}; -1: unknown)`,
      ['service'],
    );
    gauge('consumer', 'perheverkko_consumer_lag_events', 'Events a consumer group has not processed yet, per source', ['group', 'source']);
    gauge('projection', 'perheverkko_projection_lag_events', `Events a projection has not applied yet (counted up to ${LAG_COUNT_LIMIT})`, [
      'projection',
    ]);
    gauge('dead-letters', 'perheverkko_dead_letters', 'Messages set aside as dead letters, per consumer group or topic', ['where']);
  }

  /** A backlog to report when scraped. */
  registerLag(kind: LagKind, labels: Record<string, string>, read: () => Promise<number>): void {
    this.lagSources.push({ kind, labels, read });
  }

  /** Counts every command through the command bus by its type and how it ended. */
  onApplicationBootstrap(): void {
    let bus: CommandBus;
    try {
      bus = this.moduleRef.get(CommandBus, { strict: false });
    } catch {
      return; // no service with commands in this process
    }
    const execute = bus.execute.bind(bus);
    const counter = this.commands;
    // Every result of a command type is a series from its first command on, at 0: a rate or increase over a series
    // that appears already at 1 counts nothing, and the first error would never reach an alert.
    const seen = new Set<string>();
    bus.execute = (async (command: { command?: { type?: string } }) => {
      const type = command.command?.type ?? command.constructor.name;
      if (!seen.has(type)) {
        seen.add(type);
        for (const result of COMMAND_RESULTS) counter.inc({ command: type, result }, 0);
      }
      try {
        const outcome = (await execute(command as never)) as { alreadyHandled?: boolean } | undefined;
        counter.inc({ command: type, result: outcome?.alreadyHandled ? 'duplicate' : 'accepted' });
        return outcome;
      } catch (error) {
        counter.inc({
          command: type,
          result: error instanceof DomainRuleViolation ? 'refused' : error instanceof StreamRevisionConflictError ? 'conflict' : 'error',
        });
        throw error;
      }
    }) as CommandBus['execute'];
  }
}

const COMMAND_RESULTS = ['accepted', 'duplicate', 'refused', 'conflict', 'error'] as const;

/** An event store that times its appends (everything else passes straight through). */
export function measuredEventStore(store: EventStore, service: string, metrics: Metrics): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'appendToStream') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: Parameters<EventStore['appendToStream']>) => {
        const end = metrics.appendSeconds.startTimer({ service });
        try {
          const result = await target.appendToStream(...args);
          end({ outcome: result.alreadyAppended ? 'duplicate' : 'appended' });
          return result;
        } catch (error) {
          end({ outcome: error instanceof StreamRevisionConflictError ? 'conflict' : 'error' });
          throw error;
        }
      };
    },
  });
}
