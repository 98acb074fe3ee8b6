/**
 * Lets followers in this process sleep until an append commits here, instead of polling tightly.
 * All waiters share one promise per generation, so an idle follower adds nothing per tick.
 */
export class AppendWakeUp {
  private generation?: { promise: Promise<void>; resolve: () => void };

  next(): Promise<void> {
    if (!this.generation) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.generation = { promise, resolve };
    }
    return this.generation.promise;
  }

  notify(): void {
    this.generation?.resolve();
    this.generation = undefined;
  }
}
