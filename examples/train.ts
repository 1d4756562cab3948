/**
 * Train the committed reference models and save them to examples/models/ (`npm run train`).
 *
 * Four models, each saved as `<name>.json` + `<name>.bin` (format: docs/tfjs.md) with its
 * tokenizer and a `metadata.data` recipe that regenerates its test split exactly:
 *
 * | name                 | data                                   | model                                        |
 * |----------------------|----------------------------------------|----------------------------------------------|
 * | spam-transformer     | SpamAssassin, 8k vocabulary, 128 tokens | Transformer L=2, H=4, d=64, ff=128           |
 * | spam-bilstm          | same tokenization                       | Jain & Wallace BiLSTM (d=64, h=64) + tanh attn |
 * | planted-transformer  | plantedTokenTask (2,000 rows, 16 tokens) | Transformer L=2, H=2, d=32, ff=64           |
 * | planted-bilstm       | same                                    | BiLSTM (d=32, h=32) + tanh attention         |
 *
 * Every model is trained with Adam, keeping the epoch with the best validation accuracy, then
 * scored on its test split; the accuracies go to examples/models/metrics.json (merged with the
 * entries of models not retrained) and are quoted in docs/tfjs.md.
 *
 * Usage: `npm run train` (all four), or `npx tsx examples/train.ts spam-bilstm planted-bilstm`
 * (some). Backend: `FAITHCHECK_BACKEND=wasm|cpu|tensorflow|auto` (default `wasm`, so the
 * committed weights are reproducible without the native addon). Progress goes to stdout.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  AttentionRnnClassifier,
  evaluate,
  initBackend,
  saveModel,
  TransformerClassifier,
  train,
  type BackendChoice,
  type TfjsClassifier,
  type TrainOptions,
} from '../src/backends/tfjs/index.js';
import { encodeDataset, loadSpamAssassin, plantedTokenTask, Tokenizer, type TokenizedDataset } from '../src/data/index.js';

const OUT_DIR = fileURLToPath(new URL('./models/', import.meta.url));

/** How the SpamAssassin splits are built (stored in each model's metadata.data). */
const SPAM_DATA = { source: 'spam-assassin', seed: 0, maxChars: 4000, maxVocab: 8000, minCount: 2, maxLength: 128 } as const;
/** The planted-token task's options (stored in each model's metadata.data). */
const PLANTED_DATA = { source: 'planted-token', size: 2000, length: 16, minLength: 8, seed: 0 } as const;

interface Splits {
  readonly tokenizer: Tokenizer;
  readonly train: TokenizedDataset;
  readonly validation: TokenizedDataset;
  readonly test: TokenizedDataset;
  readonly recipe: Readonly<Record<string, unknown>>;
}

interface Job {
  readonly name: string;
  readonly task: 'spam' | 'planted';
  readonly target: number;
  readonly make: (vocabSize: number) => TfjsClassifier;
  readonly options: TrainOptions;
}

const JOBS: readonly Job[] = [
  {
    name: 'spam-transformer',
    task: 'spam',
    target: 0.95,
    make: (vocabSize) =>
      new TransformerClassifier({ vocabSize, maxLength: SPAM_DATA.maxLength, embeddingDim: 64, layers: 2, heads: 4, ffDim: 128, numClasses: 2, seed: 1, name: 'spam-transformer' }),
    options: { epochs: 3, batchSize: 32, learningRate: 1e-3, seed: 1 },
  },
  {
    name: 'spam-bilstm',
    task: 'spam',
    target: 0.95,
    make: (vocabSize) => new AttentionRnnClassifier({ vocabSize, embeddingDim: 64, hiddenDim: 64, encoder: 'bilstm', numClasses: 2, seed: 1, name: 'spam-bilstm' }),
    options: { epochs: 3, batchSize: 64, learningRate: 2e-3, seed: 1 },
  },
  {
    name: 'spam-average',
    task: 'spam',
    target: 0.95,
    make: (vocabSize) => new AttentionRnnClassifier({ vocabSize, embeddingDim: 64, hiddenDim: 64, encoder: 'average', numClasses: 2, seed: 1, name: 'spam-average' }),
    options: { epochs: 3, batchSize: 64, learningRate: 2e-3, seed: 1 },
  },
  {
    // Wiegreffe & Pinter's seed-variance baseline: spam-bilstm with only the seeds changed
    name: 'spam-bilstm-seed2',
    task: 'spam',
    target: 0.95,
    make: (vocabSize) => new AttentionRnnClassifier({ vocabSize, embeddingDim: 64, hiddenDim: 64, encoder: 'bilstm', numClasses: 2, seed: 2, name: 'spam-bilstm-seed2' }),
    options: { epochs: 3, batchSize: 64, learningRate: 2e-3, seed: 2 },
  },
  {
    name: 'planted-transformer',
    task: 'planted',
    target: 0.99,
    make: (vocabSize) =>
      new TransformerClassifier({ vocabSize, maxLength: PLANTED_DATA.length, embeddingDim: 32, layers: 2, heads: 2, ffDim: 64, numClasses: 2, seed: 1, name: 'planted-transformer' }),
    options: { epochs: 4, batchSize: 32, learningRate: 2e-3, seed: 1 },
  },
  {
    name: 'planted-bilstm',
    task: 'planted',
    target: 0.99,
    make: (vocabSize) => new AttentionRnnClassifier({ vocabSize, embeddingDim: 32, hiddenDim: 32, encoder: 'bilstm', numClasses: 2, seed: 1, name: 'planted-bilstm' }),
    options: { epochs: 4, batchSize: 32, learningRate: 3e-3, seed: 1 },
  },
  {
    name: 'planted-average',
    task: 'planted',
    target: 0.99,
    make: (vocabSize) => new AttentionRnnClassifier({ vocabSize, embeddingDim: 32, hiddenDim: 32, encoder: 'average', numClasses: 2, seed: 1, name: 'planted-average' }),
    options: { epochs: 4, batchSize: 32, learningRate: 3e-3, seed: 1 },
  },
];

async function spamSplits(): Promise<Splits> {
  const corpus = await loadSpamAssassin({ seed: SPAM_DATA.seed, maxChars: SPAM_DATA.maxChars });
  const tokenizer = Tokenizer.fromTexts(
    corpus.train.map((e) => e.text),
    { maxVocab: SPAM_DATA.maxVocab, minCount: SPAM_DATA.minCount },
  );
  const encode = (rows: typeof corpus.train): TokenizedDataset => encodeDataset(tokenizer, rows, { maxLength: SPAM_DATA.maxLength, numClasses: 2 });
  return { tokenizer, train: encode(corpus.train), validation: encode(corpus.validation), test: encode(corpus.test), recipe: SPAM_DATA };
}

function plantedSplits(): Splits {
  const { source: _source, ...options } = PLANTED_DATA;
  const task = plantedTokenTask(options);
  return { tokenizer: task.tokenizer, train: task.train, validation: task.validation, test: task.test, recipe: PLANTED_DATA };
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !JOBS.some((j) => j.name === w));
  if (unknown.length > 0) throw new Error(`unknown model name(s): ${unknown.join(', ')} (known: ${JOBS.map((j) => j.name).join(', ')})`);
  const jobs = wanted.length === 0 ? JOBS : JOBS.filter((j) => wanted.includes(j.name));
  const backend = await initBackend({ backend: (process.env['FAITHCHECK_BACKEND'] ?? 'wasm') as BackendChoice });
  console.log(`backend: ${backend}`);

  const metricsPath = `${OUT_DIR}metrics.json`;
  let metrics: { models: Record<string, unknown> } & Record<string, unknown> = { models: {} };
  try {
    metrics = JSON.parse(await readFile(metricsPath, 'utf8')) as typeof metrics;
  } catch {
    // first run: no metrics yet
  }
  const cache = new Map<string, Splits>();
  for (const job of jobs) {
    let data = cache.get(job.task);
    if (data === undefined) {
      const t0 = performance.now();
      data = job.task === 'spam' ? await spamSplits() : plantedSplits();
      cache.set(job.task, data);
      console.log(
        `${job.task} data: train ${data.train.size}, validation ${data.validation.size}, test ${data.test.size}, ` +
          `vocabulary ${data.tokenizer.vocabSize}, maxLength ${data.train.maxLength} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }
    const model = job.make(data.tokenizer.vocabSize);
    const params = model.variables.reduce((sum, v) => sum + v.size, 0);
    console.log(`\n${job.name}: ${params} parameters; training ${JSON.stringify(job.options)}`);
    const history = await train(model, data.train, {
      ...job.options,
      validation: data.validation,
      restoreBestWeights: true,
      onProgress: (e) => {
        if (e.type === 'batch' && (e.batch % 25 === 0 || e.batch === e.batches)) {
          console.log(`  epoch ${e.epoch}/${e.epochs} batch ${e.batch}/${e.batches} loss ${e.loss.toFixed(4)}`);
        } else if (e.type === 'epoch') {
          const r = e.record;
          console.log(
            `  epoch ${r.epoch}: train loss ${r.loss.toFixed(4)} acc ${r.accuracy.toFixed(4)} | ` +
              `validation loss ${r.validationLoss!.toFixed(4)} acc ${r.validationAccuracy!.toFixed(4)} | ${r.seconds.toFixed(1)} s`,
          );
        }
      },
    });
    const test = await evaluate(model, data.test);
    const validation = history.epochs[history.finalEpoch - 1]!;
    console.log(`  kept epoch ${history.finalEpoch}; test accuracy ${test.accuracy.toFixed(4)} (target ${job.target}), loss ${test.loss.toFixed(4)}; ${history.seconds.toFixed(0)} s`);
    if (test.accuracy < job.target) console.warn(`  WARNING: ${job.name} is below its target accuracy ${job.target}`);
    const entry = {
      task: job.task === 'spam' ? 'SpamAssassin spam/ham' : 'planted-token',
      kind: model.kind,
      parameters: params,
      testAccuracy: round(test.accuracy),
      testLoss: round(test.loss),
      testSize: test.size,
      validationAccuracy: round(validation.validationAccuracy!),
      target: job.target,
      epochs: job.options.epochs,
      keptEpoch: history.finalEpoch,
      trainSeconds: round(history.seconds, 1),
      backend,
    };
    await saveModel(model, `${OUT_DIR}${job.name}`, {
      tokenizer: data.tokenizer.toJSON(),
      metadata: {
        data: data.recipe,
        training: { ...job.options, restoreBestWeights: true },
        history: history.epochs.map((r) => ({ ...r, seconds: round(r.seconds, 1) })),
        metrics: entry,
      },
    });
    metrics.models[job.name] = entry;
    model.dispose();
  }
  // Known models in JOBS order, then anything else the file held.
  const ordered = Object.fromEntries(
    [...JOBS.map((j) => j.name), ...Object.keys(metrics.models)].filter((k, i, all) => k in metrics.models && all.indexOf(k) === i).map((k) => [k, metrics.models[k]]),
  );
  metrics = { generatedBy: 'examples/train.ts (npm run train)', backend, models: ordered };
  await writeFile(metricsPath, `${JSON.stringify(metrics, null, 2)}\n`);
  console.log(`\nwrote ${metricsPath}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
