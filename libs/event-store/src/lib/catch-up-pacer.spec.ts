import { CatchUpPacer } from './catch-up-pacer';

/** Resolves `true` once the pacer lets the follower read again, checked after advancing fake time by `ms`. */
async function readyAfter(pacing: Promise<void>, ms: number): Promise<boolean> {
  let ready = false;
  void pacing.then(() => (ready = true));
  await jest.advanceTimersByTimeAsync(ms);
  return ready;
}

describe('pacing a follower of the global log', () => {
  const signal = new AbortController().signal;
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should read again at once while batches come back full', async () => {
    const pacer = new CatchUpPacer(1000);
    expect(await readyAfter(pacer.afterRead(10, 10, signal), 0)).toBe(true);
  });

  it('should sleep a whole idle period when nothing happens, and wake at once when this process appends', async () => {
    let append!: () => void;
    const pacer = new CatchUpPacer(1000, () => new Promise<void>((resolve) => (append = resolve)));
    const idle = pacer.afterRead(0, 10, signal);
    expect(await readyAfter(idle, 900)).toBe(false);
    append();
    expect(await readyAfter(idle, 0)).toBe(true);
  });

  it('should keep looking soon after a wake-up that found nothing yet (an event behind a transaction in flight)', async () => {
    let append!: () => void;
    const pacer = new CatchUpPacer(1000, () => new Promise<void>((resolve) => (append = resolve)));
    const woken = pacer.afterRead(0, 10, signal);
    append();
    await readyAfter(woken, 0);
    // Nothing visible yet: 5 ms, then 10, then 20 … not the idle second.
    expect(await readyAfter(pacer.afterRead(0, 10, signal), 5)).toBe(true);
    expect(await readyAfter(pacer.afterRead(0, 10, signal), 10)).toBe(true);
    expect(await readyAfter(pacer.afterRead(0, 10, signal), 20)).toBe(true);
    // Something came: back to 5 ms.
    expect(await readyAfter(pacer.afterRead(3, 10, signal), 5)).toBe(true);
  });

  it('should fall back to the idle period once the quick looks have found nothing for a while', async () => {
    const pacer = new CatchUpPacer(40, () => new Promise<void>(() => undefined));
    await readyAfter(pacer.afterRead(2, 10, signal), 5); // something arrived: settling
    await readyAfter(pacer.afterRead(0, 10, signal), 10);
    await readyAfter(pacer.afterRead(0, 10, signal), 20); // settle reached the idle period
    const idle = pacer.afterRead(0, 10, signal);
    expect(await readyAfter(idle, 35)).toBe(false);
    expect(await readyAfter(idle, 5)).toBe(true);
  });
});
