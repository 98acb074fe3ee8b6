import type { ReadAllOptions } from './event-store.port';
import { CatchUpPacer } from './catch-up-pacer';
import type { GlobalPosition, RecordedEvent } from './recorded-event';

interface PollingFollowOptions {
  after?: GlobalPosition;
  signal: AbortSignal;
  batchSize: number;
  /** Upper bound on how stale a follower may be when no wake-up arrives (e.g. appends from another process). */
  idlePollMs: number;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Resolves early when this process appends, so in-process followers react at once. */
  nextWakeUp(): Promise<void>;
}

/** Follows a global log that can only be read in batches: read until caught up, then wait for a wake-up or a tick. */
export async function* followByPolling(options: PollingFollowOptions): AsyncGenerator<RecordedEvent> {
  const { signal, batchSize } = options;
  const pacer = new CatchUpPacer(options.idlePollMs, options.nextWakeUp);
  let after = options.after;
  while (!signal.aborted) {
    const batch = await options.readAll({ after, maxCount: batchSize });
    for (const event of batch) {
      if (signal.aborted) return;
      yield event;
      after = event.position;
    }
    await pacer.afterRead(batch.length, batchSize, signal);
  }
}
