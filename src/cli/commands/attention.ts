import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { attentionFlow } from '../../attention/attentionFlow.js';
import { attentionFlowParallel } from '../../attention/attentionFlowParallel.js';
import { attentionRollout } from '../../attention/attentionRollout.js';
import { writeNpy } from '../../io/writeNpy.js';
import { toNested } from '../../tensor/toNested.js';
import type { FloatTensor } from '../../types/tensor.js';
import { choice, int, intList, num, parse, str, type Parsed } from '../internal/args.js';
import { CliError, usageError } from '../internal/CliError.js';
import type { CliIo } from '../internal/io.js';
import { fileError } from '../internal/libraryError.js';
import { createProgress } from '../internal/progress.js';
import { displayName, readAttentionFile } from '../internal/readAttentionFile.js';

const commonHelp = (extra: string): string => `
The file: a numpy .npy (float32 or float64, C order) or a .json array dump, holding softmax attention
(row = query, column = key, rows summing to 1) shaped
  [layers, heads, n, n]          one example, every head
  [layers, n, n]                 heads already fused
  [layers, batch, heads, n, n]   torch.stack(out.attentions) of a Hugging Face model (see --example)
JSON: a nested array, {"data": [...], "shape": [...]}, or {"attention": <either>, "tokens": [...]}.

Options:
  --outputs <i,j,…>        output (query) positions to compute, e.g. 0 for [CLS] (default: every position)
  --layer <k>              use layers 1…k (default: all)
  --head-fusion <f>        mean | max | min (default: mean)
  --no-residual            without the residual connection (default: Â = rownorm(Ā + I))
  --tolerance <t>          allowed |row sum − 1| (default: 1e-5; about 1e-2 for float16 attention)
  --example <b>            which example of a rank-5 batch (default 0; required when batch > 1)
  --out <file.json|.npy>   write the result there (JSON with shape and data, or a float64 .npy)
${extra}  -h, --help               this help

Without --out the result is printed to stdout as JSON: {"shape": [rows, n], "data": [[…], …], …}.
Row r is output position outputs[r] (or r); column t is input token t.`;

export const ROLLOUT_HELP = `Usage: faithcheck rollout <attention.npy|.json> [options]

Attention rollout (Abnar & Zuidema 2020): R = Â_L ⋯ Â_1 with Â_l = rownorm(mean_h A_l + I), the same numbers
as attentionRollout(attention, options) in the library.
${commonHelp("  --discard-ratio <r>      Gildenblat's discard of the smallest fused weights, in [0, 1) (default 0)\n")}

Example:
  faithcheck rollout attention.npy --outputs 0 --out rollout.json
`;

export const FLOW_HELP = `Usage: faithcheck flow <attention.npy|.json> [options]

Exact attention flow (Abnar & Zuidema 2020): the maximum flow from each output position of the top layer to
each input token through the layered attention graph, row-normalised; the same numbers as
attentionFlow(attention, options) in the library.
${commonHelp('  --raw                    do not row-normalise the flows (normalize: false)\n  --workers <w>            worker threads for several rows (default: available cores; 1 = this thread)\n')}

Example:
  faithcheck flow attention.npy --outputs 0 --out flow.npy
`;

const FLOW_OPTIONS = {
  outputs: { type: 'string' },
  layer: { type: 'string' },
  'head-fusion': { type: 'string' },
  'no-residual': { type: 'boolean' },
  tolerance: { type: 'string' },
  example: { type: 'string' },
  out: { type: 'string' },
} as const;

interface Common {
  readonly file: string;
  readonly name: string;
  readonly outputs?: number[];
  readonly layer?: number;
  readonly headFusion?: 'mean' | 'max' | 'min';
  readonly residual?: boolean;
  readonly rowSumTolerance?: number;
  readonly example?: number;
  readonly out?: string;
}

function common(io: CliIo, command: string, p: Parsed): Common {
  const file = p.positionals[0];
  if (file === undefined) throw usageError(`missing the attention file (see faithcheck ${command} --help)`);
  const out = str(p, 'out');
  if (out !== undefined && !/\.(json|npy)$/i.test(out)) throw usageError(`--out must name a .json or .npy file (got '${out}')`);
  const tolerance = num(p, 'tolerance');
  if (tolerance !== undefined && !(tolerance >= 0)) throw usageError(`--tolerance must be ≥ 0 (got ${tolerance})`);
  const c: Common = {
    file,
    name: displayName(io.cwd, file),
    ...(intList(p, 'outputs') !== undefined ? { outputs: intList(p, 'outputs')! } : {}),
    ...(int(p, 'layer', 1) !== undefined ? { layer: int(p, 'layer', 1)! } : {}),
    ...(choice(p, 'head-fusion', ['mean', 'max', 'min'] as const) !== undefined ? { headFusion: choice(p, 'head-fusion', ['mean', 'max', 'min'] as const)! } : {}),
    ...(p.values['no-residual'] === true ? { residual: false } : {}),
    ...(tolerance !== undefined ? { rowSumTolerance: tolerance } : {}),
    ...(int(p, 'example') !== undefined ? { example: int(p, 'example')! } : {}),
    ...(out !== undefined ? { out } : {}),
  };
  return c;
}

/** Keep layers 1…k of a [L, H, n, n] / [L, n, n] stack. */
function firstLayers(a: FloatTensor, k: number, name: string): FloatTensor {
  const L = a.shape[0]!;
  if (k > L) throw new CliError(`${name}: --layer ${k} is out of range (the stack has ${L} layers)`);
  if (k === L) return a;
  const block = a.data.length / L;
  return { data: a.data.slice(0, k * block), shape: [k, ...a.shape.slice(1)] };
}

async function emit(io: CliIo, c: Common, command: string, result: FloatTensor, options: Record<string, unknown>, tokens?: readonly string[]): Promise<void> {
  if (c.out !== undefined && /\.npy$/i.test(c.out)) {
    await writeFile(resolve(io.cwd, c.out), writeNpy(result));
    io.stdout.write(`wrote ${c.out} (${command}, shape [${result.shape.join(', ')}], float64)\n`);
    return;
  }
  const json = JSON.stringify({
    command,
    input: c.name,
    options,
    ...(tokens ? { tokens } : {}),
    shape: result.shape,
    data: toNested(result),
  });
  if (c.out !== undefined) {
    await writeFile(resolve(io.cwd, c.out), `${json}\n`);
    io.stdout.write(`wrote ${c.out} (${command}, shape [${result.shape.join(', ')}])\n`);
  } else {
    io.stdout.write(`${json}\n`);
  }
}

function libraryOptions(c: Common): Record<string, unknown> {
  return {
    ...(c.headFusion !== undefined ? { headFusion: c.headFusion } : {}),
    ...(c.residual !== undefined ? { residual: c.residual } : {}),
    ...(c.rowSumTolerance !== undefined ? { rowSumTolerance: c.rowSumTolerance } : {}),
    ...(c.outputs !== undefined ? { outputs: c.outputs } : {}),
  };
}

const TOLERANCE_HINT = '; --tolerance relaxes the check';

/** `faithcheck rollout`. */
export async function runRollout(io: CliIo, argv: readonly string[]): Promise<number> {
  const p = parse('rollout', argv, { ...FLOW_OPTIONS, 'discard-ratio': { type: 'string' } }, 1);
  if (p === null) {
    io.stdout.write(ROLLOUT_HELP);
    return 0;
  }
  const c = common(io, 'rollout', p);
  const discardRatio = num(p, 'discard-ratio');
  const { attention, tokens } = await readAttentionFile(io.cwd, c.file, c.example);
  const stack = c.layer !== undefined ? firstLayers(attention, c.layer, c.name) : attention;
  const options = { ...libraryOptions(c), ...(discardRatio !== undefined ? { discardRatio } : {}) };
  let result: FloatTensor;
  try {
    result = attentionRollout(stack, options);
  } catch (error) {
    throw fileError(c.name, error, TOLERANCE_HINT);
  }
  await emit(io, c, 'rollout', result, { ...options, layer: stack.shape[0] }, tokens);
  return 0;
}

/** `faithcheck flow`. */
export async function runFlow(io: CliIo, argv: readonly string[]): Promise<number> {
  const p = parse('flow', argv, { ...FLOW_OPTIONS, raw: { type: 'boolean' }, workers: { type: 'string' } }, 1);
  if (p === null) {
    io.stdout.write(FLOW_HELP);
    return 0;
  }
  const c = common(io, 'flow', p);
  const workers = int(p, 'workers', 1);
  const { attention, tokens } = await readAttentionFile(io.cwd, c.file, c.example);
  const L = attention.shape[0]!;
  if (c.layer !== undefined && c.layer > L) throw new CliError(`${c.name}: --layer ${c.layer} is out of range (the stack has ${L} layers)`);
  const options = {
    ...libraryOptions(c),
    ...(c.layer !== undefined ? { layer: c.layer } : {}),
    ...(p.values['raw'] === true ? { normalize: false } : {}),
  };
  const n = attention.shape[attention.shape.length - 1]!;
  const rows = c.outputs?.length ?? n;
  let result: FloatTensor;
  try {
    if (rows === 1 || workers === 1) {
      result = attentionFlow(attention, options);
    } else {
      const progress = createProgress(io, `flow ${c.name}`, rows);
      result = await attentionFlowParallel(attention, { ...options, ...(workers !== undefined ? { workers } : {}), onProgress: (done, total) => progress.update(done, total) });
      progress.finish();
    }
  } catch (error) {
    throw fileError(c.name, error, TOLERANCE_HINT);
  }
  await emit(io, c, 'flow', result, { ...options, layer: c.layer ?? L }, tokens);
  return 0;
}
