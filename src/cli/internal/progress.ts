import type { CliIo } from './io.js';

/** A progress bar for one step of a command. */
export interface Progress {
  /** Report `done` of `total` units (total may change, e.g. once it is known). */
  update(done: number, total?: number): void;
  /** Finish the step: clears the bar and, if it was shown, prints how long the step took. */
  finish(): void;
}

export interface ProgressOptions {
  /** Milliseconds before the bar first appears (default 1000: steps shorter than a second stay silent). */
  readonly delayMs?: number;
  /** Minimum milliseconds between redraws (default 100). */
  readonly intervalMs?: number;
  /** Clock, for tests (default performance.now). */
  readonly now?: () => number;
}

/** `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** One line: `label [#####.....] 45/120  37%  0:05 elapsed, ETA 0:12`. */
export function renderBar(label: string, done: number, total: number, elapsedMs: number, width = 24): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(frac * width);
  const eta = done > 0 ? ((elapsedMs / done) * (total - done)) / 1000 : Number.NaN;
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${String(Math.floor(frac * 100)).padStart(3)}%  ${formatDuration(elapsedMs / 1000)} elapsed, ETA ${formatDuration(eta)}`;
}

/**
 * Wait for `work` with a one-step bar that redraws while it runs (for steps that report no progress of
 * their own, e.g. loading a corpus): the elapsed time moves, and the step completes when `work` settles.
 */
export async function withProgress<T>(io: CliIo, label: string, work: Promise<T>, options: ProgressOptions = {}): Promise<T> {
  const progress = createProgress(io, label, 1, options);
  const timer = setInterval(() => progress.update(0), 250);
  try {
    const value = await work;
    progress.update(1);
    return value;
  } finally {
    clearInterval(timer);
    progress.finish();
  }
}

/**
 * Whether progress bars are drawn: only when stdout and stderr are terminals (so nothing is drawn when
 * the output is piped or captured), unless FAITHCHECK_PROGRESS=0 (never) or =1 (always).
 */
export function progressEnabled(io: CliIo): boolean {
  const force = io.env['FAITHCHECK_PROGRESS'];
  if (force === '0') return false;
  if (force === '1') return true;
  return io.stdout.isTTY === true && io.stderr.isTTY === true;
}

/**
 * A progress bar on stderr with ETA, drawn in place (`\r`), shown only once the step has run for
 * `delayMs` and only when {@link progressEnabled}; a no-op otherwise.
 */
export function createProgress(io: CliIo, label: string, total: number, options: ProgressOptions = {}): Progress {
  if (!progressEnabled(io)) return { update() {}, finish() {} };
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 100;
  const start = now();
  let last = -Infinity;
  let shown = false;
  let lastDone = 0;
  let lastTotal = total;
  const draw = (t: number): void => {
    const width = Math.max(40, (io.stderr.columns ?? 80) - 1);
    const line = renderBar(label, lastDone, lastTotal, t - start).slice(0, width);
    io.stderr.write(`\r${line.padEnd(width)}`);
    shown = true;
    last = t;
  };
  return {
    update(done, newTotal) {
      lastDone = done;
      if (newTotal !== undefined) lastTotal = newTotal;
      const t = now();
      if (t - start < delay || t - last < interval) return;
      draw(t);
    },
    finish() {
      if (!shown) return;
      const width = Math.max(40, (io.stderr.columns ?? 80) - 1);
      io.stderr.write(`\r${' '.repeat(width)}\r${label}: done in ${((now() - start) / 1000).toFixed(1)} s\n`);
    },
  };
}
