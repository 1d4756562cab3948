import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, progressEnabled, renderBar, withProgress } from '../../src/cli/internal/progress.js';
import type { CliIo } from '../../src/cli/internal/io.js';

function fakeIo(tty: boolean, env: Record<string, string> = {}): CliIo & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true, isTTY: tty },
    stderr: { write: (s: string) => (err += s), isTTY: tty, columns: 80 },
    cwd: '/',
    env,
    err: () => err,
  };
}

describe('progress bar', () => {
  it('formatDuration', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(75.4)).toBe('1:15');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('--:--');
  });

  it('renderBar shows done/total, percent and ETA from the rate so far', () => {
    expect(renderBar('flow', 30, 120, 3000, 12)).toBe('flow [###.........] 30/120  25%  0:03 elapsed, ETA 0:09');
    expect(renderBar('flow', 0, 10, 500, 4)).toBe('flow [....] 0/10   0%  0:01 elapsed, ETA --:--');
  });

  it('is quiet when stdout is not a TTY, and when FAITHCHECK_PROGRESS=0', () => {
    expect(progressEnabled(fakeIo(false))).toBe(false);
    expect(progressEnabled(fakeIo(true, { FAITHCHECK_PROGRESS: '0' }))).toBe(false);
    expect(progressEnabled(fakeIo(false, { FAITHCHECK_PROGRESS: '1' }))).toBe(true);
    const io = fakeIo(false);
    let t = 0;
    const p = createProgress(io, 'x', 10, { now: () => t });
    t = 5000;
    p.update(5);
    p.finish();
    expect(io.err()).toBe('');
  });

  it('on a TTY: nothing during the first second, then the bar in place, then a done line', () => {
    const io = fakeIo(true);
    let t = 0;
    const p = createProgress(io, 'step', 4, { now: () => t });
    t = 500;
    p.update(1);
    expect(io.err()).toBe('');
    t = 1200;
    p.update(2);
    expect(io.err()).toMatch(/^\rstep \[#+\.+\] 2\/4  50%  0:01 elapsed, ETA 0:01/);
    t = 2400;
    p.update(4);
    p.finish();
    expect(io.err()).toMatch(/\rstep: done in 2\.4 s\n$/);
  });

  it('a step that ends within a second prints nothing', () => {
    const io = fakeIo(true);
    let t = 0;
    const p = createProgress(io, 'quick', 2, { now: () => t });
    t = 900;
    p.update(2);
    p.finish();
    expect(io.err()).toBe('');
  });

  it('withProgress redraws a one-step bar while the work runs, then a done line', async () => {
    const io = fakeIo(true);
    let t = 0;
    const work = new Promise<number>((done) => setTimeout(() => done(7), 600));
    const ticking = setInterval(() => (t += 400), 100);
    const value = await withProgress(io, 'loading', work, { now: () => t });
    clearInterval(ticking);
    expect(value).toBe(7);
    expect(io.err()).toMatch(/\rloading \[\.+\] 0\/1   0%  \d:\d\d elapsed/);
    expect(io.err()).toMatch(/\rloading: done in \d+\.\d s\n$/);
  });
});
