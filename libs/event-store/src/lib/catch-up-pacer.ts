/**
 * How a follower of the global log (relay, projection, in-process consumer) paces its reads once it is not
 * reading full batches. Reading stops below the oldest transaction still in flight anywhere in the database
 * (ADR 0002), so an event just committed here may stay invisible for a few milliseconds while somebody else's
 * transaction finishes: after a wake-up or a read that found something, look again soon (5 ms, doubling), rather
 * than sleeping a whole idle period. Idle followers sleep until this process appends, or `idleMs`.
 */
export class CatchUpPacer {
  private static readonly FIRST_SETTLE_MS = 5;
  private settleMs = CatchUpPacer.FIRST_SETTLE_MS;
  /** Events are arriving (a wake-up, or a read found some): keep looking soon, backing off while nothing comes. */
  private settling = false;

  constructor(
    private readonly idleMs: number,
    private readonly nextAppend?: () => Promise<void>,
  ) {}

  /** Call after each read: `found` events, of a batch of `batchSize`. Resolves when it is time to read again. */
  async afterRead(found: number, batchSize: number, signal: AbortSignal): Promise<void> {
    if (found >= batchSize) {
      this.settleMs = CatchUpPacer.FIRST_SETTLE_MS;
      return;
    }
    if (found > 0) {
      this.settling = true;
      this.settleMs = CatchUpPacer.FIRST_SETTLE_MS;
    }
    if (this.settling) {
      await this.waitFor(this.settleMs, signal, false);
      this.settleMs *= 2;
      if (this.settleMs >= this.idleMs) this.settling = false;
      return;
    }
    this.settleMs = CatchUpPacer.FIRST_SETTLE_MS;
    this.settling = await this.waitFor(this.idleMs, signal, true);
  }

  /** True when an append in this process ended the wait. */
  private waitFor(ms: number, signal: AbortSignal, wakeOnAppend: boolean): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const done = (appended: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', aborted);
        resolve(appended);
      };
      const aborted = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      signal.addEventListener('abort', aborted, { once: true });
      if (wakeOnAppend) this.nextAppend?.().then(() => done(true), aborted);
    });
  }
}
