import { duration, progressLine, ProgressReporter, type ProgressOutput } from './progress-bar';

/** An output that keeps what is written, a terminal or not. */
function captured(isTTY: boolean): { stream: ProgressOutput; written: string[] } {
  const written: string[] = [];
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe('progress as an operator reads it', () => {
  it('should say durations as precisely as an estimate needs', () => {
    expect([duration(0), duration(12.4), duration(187), duration(7500)]).toEqual(['0 s', '12 s', '3 min 07 s', '2 h 05 min']);
  });

  it('should draw the bar, the share, done of total, the pace and the time left', () => {
    expect(progressLine('annual-report', 'events', { done: 2000, total: 4000, perSecond: 800.4, secondsLeft: 3 })).toBe(
      'annual-report [###############---------------]  50%  2000/4000 events  800/s  about 3 s left',
    );
    expect(progressLine('keys', 'case keys', { done: 5, total: 0, perSecond: 0, secondsLeft: null })).toContain('100%  5/0 case keys');
  });

  it('should leave the bar out while the total is not known', () => {
    expect(progressLine('case-view', 'events', { done: 120, total: null, perSecond: 60, secondsLeft: null })).toBe(
      'case-view: 120 events  60/s',
    );
  });

  it('should redraw one line on a terminal and clear it at the end', () => {
    const { stream, written } = captured(true);
    const reporter = new ProgressReporter('p', 'events', stream, 5000, 60_000);
    reporter.update({ done: 1, total: 3, perSecond: 1, secondsLeft: 2 });
    reporter.update({ done: 2, total: 3, perSecond: 1, secondsLeft: 1 }); // within the redraw interval: skipped
    reporter.update({ done: 3, total: 3, perSecond: 1, secondsLeft: 0 }); // the last: always drawn
    reporter.end();
    expect(written).toHaveLength(3);
    expect(written[1]).toContain('3/3 events');
    expect(written.every((chunk) => chunk.startsWith('\r\x1b[2K') && !chunk.includes('\n'))).toBe(true);
  });

  it('should write plain lines no more often than asked when not on a terminal', () => {
    const { stream, written } = captured(false);
    const reporter = new ProgressReporter('p', 'events', stream, 60_000);
    for (let done = 1; done <= 50; done++) reporter.update({ done, total: 50, perSecond: 10, secondsLeft: 50 - done });
    reporter.end();
    expect(written).toEqual([`${progressLine('p', 'events', { done: 1, total: 50, perSecond: 10, secondsLeft: 49 })}\n`]);
  });
});
