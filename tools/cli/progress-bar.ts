/** How far a long job is: done of total (null: not known yet), its pace, and the time left at that pace. */
export interface Progress {
  done: number;
  total: number | null;
  perSecond: number;
  secondsLeft: number | null;
}

/** Where progress goes: stderr, or anything that writes text and says whether it is a terminal. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 30;

/** "2 h 05 min", "3 min 07 s", "12 s": as precise as a person reading an estimate needs. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** One line: `[#####-----]  50%  2000/4000 events  800/s  about 3 s left` (no bar while the total is unknown). */
export function progressLine(label: string, unit: string, progress: Progress): string {
  const { done, total, perSecond, secondsLeft } = progress;
  const pace = `${Math.round(perSecond)}/s`;
  const left = secondsLeft === null ? '' : `  about ${duration(secondsLeft)} left`;
  if (total === null) return `${label}: ${done} ${unit}  ${pace}`;
  const fraction = total === 0 ? 1 : Math.min(done / total, 1);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  return `${label} ${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${done}/${total} ${unit}  ${pace}${left}`;
}

/**
 * Shows progress on stderr: a bar redrawn in place on a terminal; otherwise (a log, a Job) a plain line at most every
 * `everyMs`, so a long job leaves a readable trail and not thousands of lines.
 */
export class ProgressReporter {
  private lastLine = 0;
  private lastDrawn = 0;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private readonly out: ProgressOutput = process.stderr,
    private readonly everyMs = 5000,
    /** A terminal is redrawn at most this often: a job that moves per key would otherwise flood it. */
    private readonly redrawMs = 100,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  update(progress: Progress): void {
    const now = Date.now();
    if (this.tty) {
      if (now - this.lastDrawn < this.redrawMs && progress.done !== progress.total) return;
      this.out.write(`\r\x1b[2K${progressLine(this.label, this.unit, progress)}`);
      this.lastDrawn = now;
    } else if (now - this.lastLine >= this.everyMs) {
      this.out.write(`${progressLine(this.label, this.unit, progress)}\n`);
      this.lastLine = now;
    }
  }

  /** Clears the bar, so what follows starts on a clean line. */
  end(): void {
    if (this.tty) this.out.write('\r\x1b[2K');
  }
}
