import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ReportData } from '../../report/types.js';
import type { TokenizerJSON } from '../../data/types.js';
import type { ModelAdapter } from '../../types/adapter.js';
import { choice, int, parse, str } from '../internal/args.js';
import { CliError, usageError } from '../internal/CliError.js';
import type { CliIo } from '../internal/io.js';
import { isPretrained } from '../internal/pretrained.js';
import { packageInfo } from '../internal/packageInfo.js';
import { createProgress, withProgress } from '../internal/progress.js';
import { displayName } from '../internal/readAttentionFile.js';
import { explainExample, METHOD_LABELS } from '../demo/explain.js';
import { reportModel, type DemoModel } from '../demo/summarize.js';
import { LIBRARY_SETTINGS, makeVerifier, VERIFY_SETTINGS } from '../demo/verifier.js';
import { writeReport } from './report.js';

export const VERIFY_HELP = `Usage: faithcheck verify --model <name|path> (--text <string> | --file <path>) [options]

Verifies a model's attention explanation of one text at the three levels of the trust hierarchy
(verifyExplanation): consistency with saliency, Integrated Gradients and leave-one-out; causal relevance
(removing the explanation's top tokens vs random ones); counterfactual robustness (permuted and adversarial
attention). Prints the verdict per level with its reasons.

Options:
  --model <m>           a shipped model (spam-transformer, spam-bilstm, planted-transformer, planted-bilstm),
                        the path of a faithcheck tfjs model (<name>.json + weights, with its tokenizer), or
                        an ONNX model <name>.onnx with its <name>.onnx.json sidecar (faithcheck/onnx, needs
                        onnxruntime-web; no gradients, so saliency and IG are skipped)
  --text <string>       the text to explain
  --file <path>         read the text from a file (the whole file is one text)
  --explanation <e>     raw | rollout | flow (default raw; rollout and flow need self-attention)
  --seed <s>            seed of every random step (default 0)
  --max-tokens <n>      cut the text to its first n tokens, [CLS] included (default: the model's length)
  --quick               the demo's smaller settings (IG 16 steps, 20 random draws, 20 permutations,
                        20 adversarial steps) instead of the library defaults (20, 50, 50, 100)
  --json <file>         write the results (ReportData + the verifyExplanation result) as JSON
  --report <dir>        write the HTML report to <dir>/index.html
  -h, --help            this help

Needs the optional peer @tensorflow/tfjs (+ a backend), or onnxruntime-web for .onnx models.

Example:
  faithcheck verify --model spam-transformer --text "WIN a FREE cruise, click here now" --explanation flow --report out
`;

/** `faithcheck verify`. */
export async function runVerify(io: CliIo, argv: readonly string[]): Promise<number> {
  const p = parse(
    'verify',
    argv,
    {
      model: { type: 'string' },
      text: { type: 'string' },
      file: { type: 'string' },
      explanation: { type: 'string' },
      seed: { type: 'string' },
      'max-tokens': { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'string' },
      report: { type: 'string' },
    },
    0,
  );
  if (p === null) {
    io.stdout.write(VERIFY_HELP);
    return 0;
  }
  const modelArg = str(p, 'model');
  if (modelArg === undefined) throw usageError('missing --model (see faithcheck verify --help)');
  const textArg = str(p, 'text');
  const fileArg = str(p, 'file');
  if ((textArg === undefined) === (fileArg === undefined)) throw usageError('give exactly one of --text and --file (see faithcheck verify --help)');
  const explanation = choice(p, 'explanation', ['raw', 'rollout', 'flow'] as const) ?? 'raw';
  const seed = int(p, 'seed') ?? 0;
  const maxTokens = int(p, 'max-tokens', 2);
  const settings = p.values['quick'] === true ? VERIFY_SETTINGS : LIBRARY_SETTINGS;
  const jsonOut = str(p, 'json');
  const reportOut = str(p, 'report');

  let text = textArg;
  if (fileArg !== undefined) {
    try {
      text = await readFile(resolve(io.cwd, fileArg), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`${displayName(io.cwd, fileArg)}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (error as Error).message})`);
    }
  }
  const [tfjs, data] = await Promise.all([import('../../backends/tfjs/index.js'), import('../../data/index.js')]);
  const isName = isPretrained(modelArg);
  const shown = isName ? modelArg : displayName(io.cwd, modelArg);
  const isOnnx = /\.onnx(\.json)?$/i.test(modelArg);
  let adapter: ModelAdapter;
  let tokenizer: TokenizerJSON | undefined;
  let limit: number | undefined;
  let dispose: () => void;
  try {
    if (isOnnx) {
      // ONNX Runtime (optional peer onnxruntime-web): attention read-out, no gradients, no overrides
      const onnx = await import('../../backends/onnx/index.js');
      const loaded = await onnx.loadOnnxModel(resolve(io.cwd, modelArg));
      adapter = loaded.adapter;
      tokenizer = loaded.tokenizer;
      limit = adapter.info.sequenceLength ?? ((loaded.metadata?.['data'] as { maxLength?: number } | undefined)?.maxLength);
      dispose = () => (adapter as { dispose?: () => void }).dispose?.();
    } else {
      await withProgress(io, 'starting TensorFlow.js', tfjs.initBackend());
      const loaded = isName ? await tfjs.loadPretrained(modelArg) : await tfjs.loadModel(resolve(io.cwd, modelArg));
      adapter = tfjs.tfjsAdapter(loaded.model);
      tokenizer = loaded.tokenizer;
      limit = (loaded.model.config as { maxLength?: number }).maxLength ?? adapter.info.sequenceLength;
      dispose = () => loaded.model.dispose();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `no such model file (expected ${isOnnx ? '<name>.onnx and its <name>.onnx.json sidecar' : '<name>.json and its weights file'}, or a shipped model name)`
        : (error as Error).message.replace(/^[A-Za-z.]+: /, '').split('\n')[0]!;
    throw new CliError(`${shown}: ${why}`);
  }
  try {
    if (tokenizer === undefined) throw new CliError(`${shown}: the model file carries no tokenizer, so text cannot be encoded (save it with its tokenizer)`);
    const tok = data.Tokenizer.fromJSON(tokenizer);
    const selfAttention = adapter.info.attention?.queries === 'tokens';
    if (explanation !== 'raw' && !selfAttention) throw usageError(`--explanation ${explanation} needs self-attention; ${shown} has a single attention query (use raw)`);
    const length = Math.min(maxTokens ?? limit ?? 512, limit ?? Infinity);
    const ids = tok.encode(text!, { maxLength: length });
    if (ids.length < 3) throw new CliError('the text has fewer than 2 tokens after encoding; nothing to verify');
    const progress = createProgress(io, 'verifying', 3);
    const result = await explainExample(adapter, ids, explanation, selfAttention, { igSteps: settings.igSteps, seed, headTokens: 48 }, makeVerifier(settings, (d, t) => progress.update(d, t)));
    progress.finish();

    const classes = adapter.info.numClasses === 2 && /spam/.test(modelArg) ? ['ham', 'spam'] : Array.from({ length: adapter.info.numClasses }, (_, c) => `class ${c}`);
    const tokens = Array.from(ids, (id) => tok.tokenOf(id));
    const key = explanation === 'raw' ? 'attention' : explanation;
    const log = (line = ''): void => void io.stdout.write(`${line}\n`);
    log(`model: ${shown}; ${ids.length} tokens; predicted ${classes[result.predicted]} (p = ${result.probability.toFixed(3)})`);
    log(`explanation verified: ${METHOD_LABELS[key]}`);
    for (const level of result.verification.levels) {
      log(`\n  ${level.level.padEnd(15)} ${level.verdict.toUpperCase()}`);
      for (const n of level.numbers) log(`    ${n.name} = ${Number.isFinite(n.value) ? n.value.toFixed(n.digits ?? 3) : 'n/a'}${n.note ? `  (${n.note})` : ''}`);
      for (const r of level.reasons) log(`    · ${r}`);
    }
    log('\n  top tokens');
    for (const [method, s] of Object.entries(result.scores)) {
      const top = Array.from(s.keys())
        .filter((i) => i > 0)
        .sort((a, b) => Math.abs(s[b]!) - Math.abs(s[a]!))
        .slice(0, 6)
        .map((i) => tokens[i]);
      log(`    ${(METHOD_LABELS[method] ?? method).padEnd(15)} ${top.join(' ')}`);
    }
    log('\n  How to read: supported = the evidence at that level backs the explanation; contradicted = it goes against it;');
    log('  inconclusive = neither; skipped = the model cannot run that level (the reason names what is missing).');

    const m: DemoModel = { name: shown, description: `faithcheck verify, seed ${seed}`, explanation, selfAttention, classes, examples: [{ id: 'text', label: '', tokens, result }], epsilon: settings.epsilon };
    const rm = reportModel(m);
    const report: ReportData = {
      title: `faithcheck verify: ${m.name}`,
      subtitle: `One text, ${ids.length} tokens. Verified: ${METHOD_LABELS[key]}.`,
      generated: new Date().toISOString(),
      version: packageInfo().version,
      models: [{ ...rm, examples: rm.examples.map(({ label: _label, ...e }) => e) }],
    };
    if (jsonOut !== undefined) {
      const file = resolve(io.cwd, jsonOut);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify({ format: 'faithcheck-verify', version: 1, settings: { ...settings, seed, explanation }, report, verify: result.verification.raw })}\n`);
      log(`\nresults: ${displayName(io.cwd, file)}`);
    }
    if (reportOut !== undefined) log(`report: ${await writeReport(io, reportOut, report)}`);
    return 0;
  } finally {
    dispose();
  }
}
