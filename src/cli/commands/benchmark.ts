import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BenchmarkDataset, BenchmarkMetric, ExplanationMethodSpec } from '../../benchmark/index.js';
import type { TokenizerJSON } from '../../data/types.js';
import { int, parse, str } from '../internal/args.js';
import { CliError, usageError } from '../internal/CliError.js';
import type { CliIo } from '../internal/io.js';
import { isPretrained } from '../internal/pretrained.js';
import { createProgress, withProgress } from '../internal/progress.js';
import { displayName } from '../internal/readAttentionFile.js';
import { packageInfo } from '../internal/packageInfo.js';
import type { ReportData } from '../../report/types.js';
import { writeReport } from './report.js';

export const BENCHMARK_HELP = `Usage: faithcheck benchmark --model <name|path> [options]

Ranks explanation methods on a model's own held-out data (benchmarkExplanations): every method explains
every example, every faithfulness metric scores every explanation, and the table shows the mean with a
bootstrap confidence interval per method and metric, followed by the pairwise comparisons that are decided
at that level (paired sign-flip test). On the planted-token models the data carry ground truth (recall@k).

Options:
  --model <m>           a shipped model (spam-transformer, spam-bilstm, planted-transformer, planted-bilstm) or
                        the path of a faithcheck tfjs model (<name>.json + weights, with its data recipe)
  --examples <n>        test examples to use (default 20)
  --methods <list>      comma-separated methods (default: attention, rollout and flow for self-attention, then
                        saliency, integratedGradients, leaveOneOut, random); any of attention, rollout, flow,
                        saliency, gradientXInput, integratedGradients, smoothGrad, leaveOneOut, occlusion,
                        shapleyValueSampling, random
  --metrics <list>      comma-separated metrics (default: all; see docs/benchmark.md)
  --seed <s>            seed of every random step (default 0)
  --json <file>         write the whole result (per-example values, comparisons) as JSON
  --markdown <file>     write the table as markdown
  --report <dir>        write the table as an HTML report to <dir>/index.html
  -h, --help            this help

Needs the optional peer @tensorflow/tfjs (+ a backend).

Example:
  faithcheck benchmark --model planted-transformer --examples 30 --json bench.json
`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `faithcheck benchmark`. */
export async function runBenchmark(io: CliIo, argv: readonly string[]): Promise<number> {
  const p = parse(
    'benchmark',
    argv,
    {
      model: { type: 'string' },
      examples: { type: 'string' },
      methods: { type: 'string' },
      metrics: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'string' },
      report: { type: 'string' },
    },
    0,
  );
  if (p === null) {
    io.stdout.write(BENCHMARK_HELP);
    return 0;
  }
  const modelArg = str(p, 'model');
  if (modelArg === undefined) throw usageError('missing --model (see faithcheck benchmark --help)');
  const count = int(p, 'examples', 1) ?? 20;
  const seed = int(p, 'seed') ?? 0;
  const methodNames = list(str(p, 'methods'));
  const metricNames = list(str(p, 'metrics'));
  const jsonOut = str(p, 'json');
  const markdownOut = str(p, 'markdown');
  const reportOut = str(p, 'report');

  const [tfjs, data, bench] = await Promise.all([import('../../backends/tfjs/index.js'), import('../../data/index.js'), import('../../benchmark/index.js')]);
  const isName = isPretrained(modelArg);
  const shown = isName ? modelArg : displayName(io.cwd, modelArg);
  await withProgress(io, 'starting TensorFlow.js', tfjs.initBackend());
  let loaded: Awaited<ReturnType<typeof tfjs.loadModel>>;
  try {
    loaded = isName ? await tfjs.loadPretrained(modelArg) : await tfjs.loadModel(resolve(io.cwd, modelArg));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${shown}: ${code === 'ENOENT' ? 'no such model file (expected <name>.json and its weights file, or a shipped model name)' : (error as Error).message.split('\n')[0]}`);
  }
  try {
    const recipe = (loaded.metadata as { data?: Record<string, unknown> } | undefined)?.data;
    let dataset: BenchmarkDataset;
    if (recipe?.['source'] === 'planted-token') {
      const { source: _source, ...options } = recipe;
      const test = data.plantedTokenTask(options as Parameters<typeof data.plantedTokenTask>[0]).test;
      const size = Math.min(count, test.size);
      dataset = { ids: test.ids.slice(0, size * test.maxLength), lengths: test.lengths.slice(0, size), size, maxLength: test.maxLength, decisive: test.decisive.slice(0, size) };
    } else if (recipe?.['source'] === 'spam-assassin') {
      const r = recipe as { seed: number; maxChars: number; maxLength: number };
      const tok = data.Tokenizer.fromJSON(loaded.tokenizer as TokenizerJSON);
      const splits = await withProgress(io, 'loading the SpamAssassin corpus', data.loadSpamAssassin({ seed: r.seed, maxChars: r.maxChars }));
      // alternate spam and ham so both classes are in every prefix
      const spam = splits.test.filter((e) => e.label === 1);
      const ham = splits.test.filter((e) => e.label === 0);
      const rows: { tokens: Int32Array }[] = [];
      for (let i = 0; rows.length < count && (i < spam.length || i < ham.length); i++) {
        for (const e of [spam[i], ham[i]]) {
          if (e === undefined || rows.length >= count) continue;
          const ids = tok.encode(e.text, { maxLength: r.maxLength });
          if (ids.length >= 4) rows.push({ tokens: ids });
        }
      }
      dataset = rows;
    } else {
      throw new CliError(`${shown}: the model carries no data recipe (metadata.data of npm run train), so there is no held-out data to benchmark on`);
    }
    const adapter = tfjs.tfjsAdapter(loaded.model);
    const selfAttention = adapter.info.attention?.queries === 'tokens';
    const methods = (methodNames ?? [...(selfAttention ? ['attention', 'rollout', 'flow'] : ['attention']), 'saliency', 'integratedGradients', 'leaveOneOut', 'random']) as ExplanationMethodSpec[];
    const progress = createProgress(io, 'benchmarking', 1);
    const result = await bench.benchmarkExplanations(adapter, dataset, {
      methods,
      ...(metricNames === undefined ? {} : { metrics: metricNames as BenchmarkMetric[] }),
      exclude: [0],
      seed,
      onProgress: (e) => progress.update(e.done, e.total),
    });
    progress.finish();
    const markdown = bench.benchmarkToMarkdown(result);
    io.stdout.write(`model: ${shown}; ${result.config.size} test examples; [CLS] excluded; seed ${seed}\n\n${markdown}`);
    io.stdout.write('\nHow to read: each cell is the mean over examples [95 % bootstrap interval]; ↑ higher is better, ↓ lower is better.\n');
    for (const [file, text] of [
      [jsonOut, `${JSON.stringify(result)}\n`],
      [markdownOut, markdown],
    ] as const) {
      if (file === undefined) continue;
      const path = resolve(io.cwd, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      io.stdout.write(`wrote ${displayName(io.cwd, path)}\n`);
    }
    if (reportOut !== undefined) {
      const report: ReportData = {
        title: `faithcheck benchmark: ${shown}`,
        subtitle: `${result.config.size} held-out examples, [CLS] excluded, seed ${seed}.`,
        generated: new Date().toISOString(),
        version: packageInfo().version,
        models: [],
        benchmarks: [{ ...result, title: `Explanation methods on ${shown}` }],
      };
      io.stdout.write(`report: ${await writeReport(io, reportOut, report)}\n`);
    }
    return 0;
  } finally {
    loaded.model.dispose();
  }
}
