/**
 * Issue 13: attention flow and rollout at BERT-base length (L = 12, H = 12, n = 256 and n = 512, random softmax
 * attention as a Float32Array `{ data, shape }`), side by side with numpy in the same run:
 *
 *     npx tsx bench/flow-bert.ts [--baseline /work/main/src] [--full512] [--reps 3]
 *
 * - flow, CLS row (`attentionFlow(…, { outputs: [0] })`, end to end from the raw stack), against the baseline
 *   implementation (another checkout's src/, e.g. main before issue 13) in alternation;
 * - flow, 8 rows alone (per row) and the full matrix with `attentionFlowParallel`, 2 workers (wall and process
 *   CPU time, which includes the workers; peak RSS sampled every 50 ms): n = 256 always, n = 512 with --full512;
 *   the full matrix also from the built package (dist/, after `npm run build`) when it exists;
 * - rollout, full matrix and one row (timed first for each n, before the flow runs leave garbage behind), against
 *   numpy (`bench/rollout-numpy.py --bert`, run with
 *   OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, right after the JS timings).
 *
 * Writes the section between the flow-bert markers of bench/results/flow.md and bench/results/rollout.md.
 * Medians and minima; the machine is shared, so read the ratios measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { attentionFlow, attentionFlowParallel, attentionRollout } from '../src/index.js';
import { prepareAttention } from '../src/attention/internal/prepareAttention.js';
import { LayeredFlowSolver } from '../src/attention/maxflow/internal/layeredSolver.js';
import { randomAttention } from './flowData.js';
import { arg, median } from './timing.js';

const REPS = Number(arg('--reps') ?? 3);
const FULL512 = process.argv.includes('--full512');
const baselineDir = arg('--baseline');
type Flow = typeof attentionFlow;
// The built package (npm run build), when present: its workers start from dist/flowWorker.js in tens of
// milliseconds, where workers started from the TypeScript sources load tsx first (≈ 0.4 s each here).
const distUrl = new URL('../dist/index.js', import.meta.url);
const dist = existsSync(distUrl) ? ((await import(distUrl.href)) as { attentionFlowParallel: typeof attentionFlowParallel }) : undefined;
const baseline: Flow | undefined = baselineDir === undefined ? undefined : ((await import(`${baselineDir}/attention/attentionFlow.ts`)) as { attentionFlow: Flow }).attentionFlow;

const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
async function measure(f: () => unknown): Promise<{ wall: number; cpu: number; rss: number }> {
  let rss = process.memoryUsage().rss;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
  }, 50);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  clearInterval(timer);
  return { wall, cpu: (c.user + c.system) / 1000, rss: Math.max(rss, process.memoryUsage().rss) };
}
const log = (s: string): void => console.error(s);

const flowLines: string[] = [];
const rollLines: string[] = [];
const load0 = loadavg().map((x) => x.toFixed(1)).join(' ');
const header = `- Machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} CPU(s); load average at start ${load0} (shared by other jobs: compare within a run)\n- Node ${process.version}; L = 12, H = 12, random softmax(z) attention (bench/flowData.ts, seed 7), Float32Array input; medians (min) over ${REPS} repetitions`;
flowLines.push('<!-- flow-bert:start -->', '## BERT-base length, n = 256 and 512 (issue 13): `npx tsx bench/flow-bert.ts`', '', header, '');
flowLines.push('| n | task | faithcheck: wall median (min); CPU median | baseline (main before issue 13), same run | baseline ÷ ours (CPU) | target |', '|---:|---|---:|---:|---:|---|');
const fullRows: string[] = [];
const rollRes: Record<string, { med: number; min: number }> = {};

for (const n of [256, 512]) {
  log(`n = ${n}: generating`);
  const { raw } = randomAttention(12, 12, n, 7);
  const input = { data: Float32Array.from(raw), shape: [12, 12, n, n] };
  // rollout first (before the flow runs leave hundreds of MB of garbage for the collector)
  for (const [c, opts] of [['full', {}], ['row', { outputs: [0] }]] as const) {
    attentionRollout(input, opts);
    const ts: number[] = [];
    for (let r = 0; r < Math.max(REPS, 5); r++) ts.push((await measure(() => attentionRollout(input, opts))).wall);
    rollRes[`${n} ${c}`] = { med: median(ts), min: Math.min(...ts) };
  }
  // CLS row, alternating with the baseline
  const ours: number[] = [];
  const base: number[] = [];
  const oursCpu: number[] = [];
  const baseCpu: number[] = [];
  attentionFlow(input, { outputs: [0] });
  baseline?.(input, { outputs: [0] });
  for (let r = 0; r < REPS; r++) {
    const m = await measure(() => attentionFlow(input, { outputs: [0] }));
    ours.push(m.wall);
    oursCpu.push(m.cpu);
    if (baseline) {
      const mb = await measure(() => baseline(input, { outputs: [0] }));
      base.push(mb.wall);
      baseCpu.push(mb.cpu);
    }
  }
  const a = baseline ? attentionFlow(input, { outputs: [0] }).data : undefined;
  const b = baseline ? baseline(input, { outputs: [0] }).data : undefined;
  let maxDiff = 0;
  if (a && b) for (let t = 0; t < n; t++) maxDiff = Math.max(maxDiff, Math.abs(a[t]! - b[t]!));
  const target = n === 512 ? '≤ 150 ms (stretch 50)' : '';
  flowLines.push(`| ${n} | flow, CLS row, end to end | ${fmt(median(ours))} (${fmt(Math.min(...ours))}); CPU ${fmt(median(oursCpu))} | ${baseline ? `${fmt(median(base))} (${fmt(Math.min(...base))}); CPU ${fmt(median(baseCpu))}; max \\|Δ\\| = ${maxDiff.toExponential(1)}` : 'n/a'} | ${baseline ? `${(median(baseCpu) / median(oursCpu)).toFixed(1)}×` : ''} | ${target} |`);
  // 8 rows alone (CPU per row) vs the full matrix on 2 workers
  const spread = Array.from({ length: 8 }, (_, i) => Math.floor((i * n) / 8) + 3);
  // (median CPU of REPS calls after a warm-up call: the first call with a block of rows compiles its paths)
  attentionFlow(input, { outputs: spread });
  const eightRuns: Array<{ wall: number; cpu: number; rss: number }> = [];
  for (let r = 0; r < REPS; r++) eightRuns.push(await measure(() => attentionFlow(input, { outputs: spread })));
  const eight = eightRuns.sort((x, y) => x.cpu - y.cpu)[REPS >> 1]!;
  let eightBase: { wall: number; cpu: number } | undefined;
  if (baseline) eightBase = await measure(() => baseline(input, { outputs: spread }));
  flowLines.push(`| ${n} | flow, 8 rows spread over 0 … n − 1 (per row, CPU) | ${fmt(eight.cpu / 8)} | ${eightBase ? fmt(eightBase.cpu / 8) : 'n/a'} | ${eightBase ? `${(eightBase.cpu / eight.cpu).toFixed(1)}×` : ''} | |`);
  {
    // how often the rows' restricted problem reached the bound (the rest were solved from scratch)
    const sv = new LayeredFlowSolver(prepareAttention('bench', input).data, 12, n);
    const row = new Float64Array(n);
    for (const o of [0, ...spread]) sv.solveRow(12, o, row, 0);
    const { restricted, fallbacks, direct } = sv.stats;
    flowLines.push(`| ${n} | rows 0 and the 8 above: pairs solved on the restricted problem (rest: from scratch) | ${restricted} of ${restricted + fallbacks + direct} | | | |`);
  }
  if (n === 256 || FULL512) {
    log(`n = ${n}: full matrix, 2 workers`);
    const full = await measure(() => attentionFlowParallel(input, { workers: 2 }));
    const target = n === 512 ? '≤ 30 s (stretch 10)' : '≤ 3 s (stretch 1)';
    flowLines.push(`| ${n} | flow, full ${n} × ${n}, \`attentionFlowParallel\`, 2 workers (from the TypeScript sources) | wall ${fmt(full.wall)}; CPU ${fmt(full.cpu)} (both workers) | | | ${target} |`);
    if (dist) {
      const built = await measure(() => dist.attentionFlowParallel(input, { workers: 2 }));
      flowLines.push(`| ${n} | flow, full ${n} × ${n}, \`attentionFlowParallel\`, 2 workers, built package (dist/) | wall ${fmt(built.wall)}; CPU ${fmt(built.cpu)} (both workers) | | | ${target} |`);
    }
    fullRows.push(`| ${n} | ${fmt(full.wall)} | ${fmt(full.cpu)} | ${fmt(full.cpu / n)} | ${fmt(eight.cpu / 8)} | ${(full.cpu / n / (eight.cpu / 8)).toFixed(2)} | ${((full.cpu / full.wall) * 100).toFixed(0)} % of one core (2 = 200 %) | ${(full.rss / 2 ** 20).toFixed(0)} MB |`);
  }
}
flowLines.push('');
if (fullRows.length > 0) {
  flowLines.push('Full matrix against its rows (process CPU time includes both workers; "share" is CPU ÷ wall):', '');
  flowLines.push('| n | wall | process CPU | CPU per row | CPU per row, 8 rows alone | ratio | share of the machine | peak RSS |', '|---:|---:|---:|---:|---:|---:|---|---:|');
  flowLines.push(...fullRows, '');
}
flowLines.push('<!-- flow-bert:end -->');

log('numpy');
const env = { ...process.env };
delete env['OPENBLAS_CORETYPE'];
delete env['OPENBLAS_L2_SIZE'];
const py = execFileSync('python3', [new URL('./rollout-numpy.py', import.meta.url).pathname, '--bert'], { env, encoding: 'utf8' });
const np = py.trim().split('\n').map((l) => JSON.parse(l) as { n: number; case: string; median: number; min: number; vmedian: number; vmin: number; numpy: string; blas: string; threads: string });
rollLines.push('<!-- flow-bert:start -->', '## BERT-base length, n = 256 and 512 (issue 13): `npx tsx bench/flow-bert.ts`', '', header);
rollLines.push(`- numpy ${np[0]?.numpy} (${np[0]?.blas}), OPENBLAS_NUM_THREADS=${np[0]?.threads}, run right after the JS timings with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset`, '');
rollLines.push('| case | faithcheck (validation included) | numpy rollout only | numpy with validation | ours ÷ numpy with validation | target |', '|---|---:|---:|---:|---:|---|');
for (const r of np) {
  const o = rollRes[`${r.n} ${r.case}`]!;
  const target = r.case === 'full' && r.n === 512 ? '≤ 1.5× numpy (stretch ≤ numpy)' : '';
  rollLines.push(`| n = ${r.n}, ${r.case === 'full' ? 'full matrix' : 'one row'} | ${fmt(o.med)} (${fmt(o.min)}) | ${fmt(r.median)} (${fmt(r.min)}) | ${fmt(r.vmedian)} (${fmt(r.vmin)}) | ${(o.med / r.vmedian).toFixed(2)}× | ${target} |`);
}
rollLines.push('', '<!-- flow-bert:end -->');

function splice(file: URL, block: string[]): void {
  const text = readFileSync(file, 'utf8');
  const s = text.indexOf('<!-- flow-bert:start -->');
  const e = text.indexOf('<!-- flow-bert:end -->');
  const out = s >= 0 && e > s ? `${text.slice(0, s)}${block.join('\n')}${text.slice(e + '<!-- flow-bert:end -->'.length)}` : `${text.trimEnd()}\n\n${block.join('\n')}\n`;
  writeFileSync(file, out);
}
splice(new URL('./results/flow.md', import.meta.url), flowLines);
splice(new URL('./results/rollout.md', import.meta.url), rollLines);
console.log(flowLines.join('\n'));
console.log(rollLines.join('\n'));
