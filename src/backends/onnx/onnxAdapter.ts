import { AdapterCapabilityError, InputRangeError, InputTypeError, ShapeMismatchError } from '../../errors/index.js';
import { readEmbeddings, readInputMask, readOverrides } from '../../internal/adapter.js';
import { checkBoolean, checkEnum, checkInteger, checkOptions } from '../../internal/options.js';
import { normalizeTensor } from '../../internal/tensor.js';
import type { AttentionInfo, ForwardOptions, ForwardResult, ModelAdapter, ModelInfo } from '../../types/adapter.js';
import type { FloatTensor, TensorLike } from '../../types/tensor.js';
import { checkSpecialTokens, fixedDim, idData, inputType, isSession, makeTensor, maskData, readFloatOutput, runExclusive } from './internal/session.js';
import type {
  OnnxAdapterOptions,
  OnnxAttentionLayout,
  OnnxEmbeddingSession,
  OnnxEmbeddingTable,
  OnnxInputNames,
  OnnxOutputNames,
  OnnxSessionLike,
  OnnxAttentionOptions,
} from './types.js';

/** Default input/output names of {@link onnxAdapter} (Hugging Face's, plus the override hook's). */
export const ONNX_ADAPTER_DEFAULTS = Object.freeze({
  inputs: Object.freeze({
    embeddings: 'inputs_embeds',
    mask: 'attention_mask',
    override: 'attention_override',
    overrideFlags: 'attention_override_flags',
    broadcastOverride: true,
  }),
  outputs: Object.freeze({ logits: 'logits', attentions: 'attentions' }),
  embeddingSession: Object.freeze({ input: 'input_ids', output: 'inputs_embeds', idType: 'int64' as const }),
  outputKind: 'logits' as const,
  softmax: true,
  layout: 'stacked' as const,
  name: 'onnx model',
});

const KNOWN: readonly (keyof OnnxAdapterOptions)[] = [
  'embeddings',
  'numClasses',
  'embeddingDim',
  'vocabSize',
  'maxLength',
  'specialTokens',
  'name',
  'outputKind',
  'softmax',
  'inputs',
  'outputs',
  'attention',
  'ort',
  'disposeSessions',
];

/** Resolved embedding source. */
type Embedder =
  | { readonly kind: 'table'; readonly table: Float64Array; readonly rows: number; readonly dim: number }
  | { readonly kind: 'session'; readonly session: OnnxSessionLike; readonly input: string; readonly output: string; readonly idType: 'int64' | 'int32' };

/** Resolved attention of the export. */
interface Attention {
  readonly layers: number;
  readonly heads: number;
  readonly queries: 'tokens' | 'single';
  readonly layout: OnnxAttentionLayout;
  readonly names: readonly string[];
  readonly overridable: boolean;
}

function optionalName(fn: string, label: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) throw new InputTypeError(fn, `${label} must be a non-empty string`, value);
  return value;
}

function resolveEmbedder(fn: string, source: unknown): Embedder {
  if (source === null || typeof source !== 'object') {
    throw new InputTypeError(fn, 'options.embeddings must be { table } (a [V, d] matrix) or { session } (an embedding-only ONNX session)', source);
  }
  if ('table' in source) {
    checkOptions<OnnxEmbeddingTable>(fn, source, ['table']);
    const t = normalizeTensor(fn, 'options.embeddings.table', (source as OnnxEmbeddingTable).table as TensorLike, { rank: 2 });
    return { kind: 'table', table: Float64Array.from(t.data), rows: t.shape[0]!, dim: t.shape[1]! };
  }
  if ('session' in source) {
    const s = checkOptions<OnnxEmbeddingSession>(fn, source, ['session', 'input', 'output', 'idType']);
    if (!isSession(s.session)) throw new InputTypeError(fn, 'options.embeddings.session must be an ONNX Runtime InferenceSession', s.session);
    const d = ONNX_ADAPTER_DEFAULTS.embeddingSession;
    const input = optionalName(fn, 'options.embeddings.input', s.input, d.input);
    const output = optionalName(fn, 'options.embeddings.output', s.output, d.output);
    const idType = s.idType === undefined ? d.idType : checkEnum(fn, 'options.embeddings.idType', s.idType, ['int64', 'int32'] as const);
    if (!s.session.inputNames.includes(input)) throw new InputRangeError(fn, `the embedding session has no input '${input}' (inputs: ${s.session.inputNames.join(', ')})`, input);
    if (!s.session.outputNames.includes(output)) throw new InputRangeError(fn, `the embedding session has no output '${output}' (outputs: ${s.session.outputNames.join(', ')})`, output);
    return { kind: 'session', session: s.session, input, output, idType };
  }
  throw new InputTypeError(fn, 'options.embeddings must be { table } (a [V, d] matrix) or { session } (an embedding-only ONNX session)', source);
}

/**
 * Wrap an ONNX Runtime `InferenceSession` of a classifier exported with `inputs_embeds` as a
 * faithcheck {@link ModelAdapter}: `embed`, `forward` with batching and an input mask, attention
 * read-out when the export returns its attention, and attention overrides when the export has the
 * override inputs. **No `gradient` / `attentionGradient`** (ONNX Runtime has no automatic
 * differentiation), so gradient methods throw `AdapterCapabilityError('gradient')` up front;
 * perturbation methods, rollout, flow and the faithfulness metrics work.
 *
 * The export must take:
 * - `inputs_embeds` `float32 [B, n, d]`: token embeddings (what `embed` returns; positions, if any,
 *   are added inside the graph, as in Hugging Face models);
 * - `attention_mask` `[B, n]` (int64 by default; 1 keep, 0 hidden key), unless `inputs.mask` is `null`;
 * - optionally `attention_override` `float32 [L, B, H, Q, n]` and `attention_override_flags`
 *   `float32 [L, H]`, with every layer computing
 *   `probs = flag · override + (1 − flag) · softmax(scores)` (docs/onnx.md shows the patch);
 *
 * and return `logits` `[B, C]` (or probabilities) and, for attention, `attentions` as
 * `[L, B, H, Q, n]` (`layout: 'stacked'`), `[B, L, H, Q, n]` (`'stackedBatchFirst'`) or one
 * `[B, H, Q, n]` output per layer (`'perLayer'`). All names are options.
 *
 * Semantics match `tfjsAdapter`: outputs `[B, C]` as fresh float64 (a float64 softmax of the logits by
 * default: `info.outputKind = 'probabilities'`), attention `[B, L, H, Q, n]` (row = query, column =
 * key) after overrides; an override's weights are used exactly as given. Calls on one session run
 * one at a time. `info.attention.overridable` is `false` for an export without the override inputs:
 * `forward` with `attention` overrides then throws `AdapterCapabilityError('attentionOverride')`.
 *
 * Sizes not given in `options` are read from the session's shape metadata where the export fixes
 * them (when the runtime exposes `inputMetadata`/`outputMetadata`, as onnxruntime 1.30 does):
 * `embeddingDim`, `numClasses`, `layers`, `heads`.
 *
 * @param session - an `InferenceSession` of `onnxruntime-web`, `onnxruntime-node` or transformers.js.
 * @param options - embeddings source (required), sizes, names, layout; see {@link OnnxAdapterOptions}.
 * @returns a {@link ModelAdapter} without gradient methods. `dispose()` releases the sessions only
 *   with `disposeSessions: true`.
 * @throws InputTypeError if `session` is not a session or an option has the wrong type or is unknown.
 * @throws InputRangeError / ShapeMismatchError if a named input/output is not in the session, a size
 *   is missing or contradicts the metadata, or `attention.overridable` is `true` without the override inputs.
 * @see https://huggingface.co/docs/transformers/serialization (exporting Hugging Face models to ONNX)
 * @example
 * const ort = await import('onnxruntime-web');
 * const { readFile } = await import('node:fs/promises');
 * const session = await ort.InferenceSession.create(await readFile('examples/models/spam-transformer.onnx'));
 * const embedder = await ort.InferenceSession.create(await readFile('examples/models/spam-transformer.embed.onnx'));
 * const adapter = onnxAdapter(session, { embeddings: { session: embedder }, vocabSize: 8000, attention: {} });
 * adapter.info.attention; // => { layers: 2, heads: 4, queries: 'tokens', overridable: true }
 * const e = await adapter.embed([2, 100, 200]);
 * const { outputs, attention } = await adapter.forward({ data: e.data, shape: [1, 3, 64] }, { returnAttention: true });
 * outputs.shape; // => [1, 2]
 * attention.shape; // => [1, 2, 4, 3, 3]   [B, L, H, Q, n]
 * adapter.gradient; // => undefined
 */
export function onnxAdapter(session: OnnxSessionLike, options: OnnxAdapterOptions): ModelAdapter {
  const fn = 'onnxAdapter';
  if (!isSession(session)) throw new InputTypeError(fn, 'session must be an ONNX Runtime InferenceSession (inputNames, outputNames, run)', session);
  if (options === undefined) throw new InputTypeError(fn, 'options (at least options.embeddings) are required', options);
  const opts = checkOptions<OnnxAdapterOptions>(fn, options, KNOWN);
  const ort = opts.ort;
  if (ort !== undefined && (ort === null || typeof ort !== 'object' || typeof (ort as { Tensor?: unknown }).Tensor !== 'function')) {
    throw new InputTypeError(fn, 'options.ort must be the onnxruntime module (with its Tensor class)', ort);
  }
  const disposeSessions = opts.disposeSessions === undefined ? false : checkBoolean(fn, 'options.disposeSessions', opts.disposeSessions);

  // ---- names ----
  const inOpts = checkOptions<OnnxInputNames>(fn, opts.inputs, ['embeddings', 'mask', 'maskType', 'override', 'overrideFlags', 'broadcastOverride']);
  const outOpts = checkOptions<OnnxOutputNames>(fn, opts.outputs, ['logits', 'attentions']);
  const D = ONNX_ADAPTER_DEFAULTS;
  const embName = optionalName(fn, 'options.inputs.embeddings', inOpts.embeddings, D.inputs.embeddings);
  if (!session.inputNames.includes(embName)) {
    throw new InputRangeError(fn, `the session has no input '${embName}' (inputs: ${session.inputNames.join(', ')}); set options.inputs.embeddings`, embName);
  }
  let maskName: string | null;
  if (inOpts.mask === null) maskName = null;
  else if (inOpts.mask === undefined) maskName = session.inputNames.includes(D.inputs.mask) ? D.inputs.mask : null;
  else {
    maskName = optionalName(fn, 'options.inputs.mask', inOpts.mask, D.inputs.mask);
    if (!session.inputNames.includes(maskName)) throw new InputRangeError(fn, `the session has no input '${maskName}' (inputs: ${session.inputNames.join(', ')})`, maskName);
  }
  const metaMaskType = maskName === null ? undefined : inputType(session, maskName);
  const maskType =
    inOpts.maskType !== undefined
      ? checkEnum(fn, 'options.inputs.maskType', inOpts.maskType, ['int64', 'int32', 'float32', 'bool'] as const)
      : metaMaskType === 'int32' || metaMaskType === 'float32' || metaMaskType === 'bool'
        ? metaMaskType
        : 'int64';
  const overrideName = optionalName(fn, 'options.inputs.override', inOpts.override, D.inputs.override);
  const flagsName = optionalName(fn, 'options.inputs.overrideFlags', inOpts.overrideFlags, D.inputs.overrideFlags);
  const broadcastOverride = inOpts.broadcastOverride === undefined ? D.inputs.broadcastOverride : checkBoolean(fn, 'options.inputs.broadcastOverride', inOpts.broadcastOverride);
  const hasOverrideInputs = session.inputNames.includes(overrideName) && session.inputNames.includes(flagsName);
  const logitsName = optionalName(fn, 'options.outputs.logits', outOpts.logits, D.outputs.logits);
  if (!session.outputNames.includes(logitsName)) {
    throw new InputRangeError(fn, `the session has no output '${logitsName}' (outputs: ${session.outputNames.join(', ')}); set options.outputs.logits`, logitsName);
  }

  // ---- embeddings and sizes ----
  const embedder = resolveEmbedder(fn, opts.embeddings);
  const sizeOf = (label: string, given: unknown, ...candidates: (number | undefined)[]): number | undefined => {
    const known = candidates.filter((c): c is number => c !== undefined);
    if (given !== undefined) {
      const v = checkInteger(fn, label, given, 1, 2 ** 31 - 1);
      for (const c of known) if (c !== v) throw new ShapeMismatchError(fn, `${label} = ${v} contradicts the model, which has ${c}`, v);
      return v;
    }
    for (const c of known) if (c !== known[0]) throw new ShapeMismatchError(fn, `${label} is ambiguous: the model gives ${known.join(' and ')}`, known);
    return known[0];
  };
  const d = sizeOf(
    'options.embeddingDim',
    opts.embeddingDim,
    fixedDim(session, 'input', embName, 2),
    embedder.kind === 'table' ? embedder.dim : fixedDim(embedder.session, 'output', embedder.output, -1),
  );
  if (d === undefined) throw new InputTypeError(fn, 'options.embeddingDim is required (the session metadata does not fix it)', opts.embeddingDim);
  const C = sizeOf('options.numClasses', opts.numClasses, fixedDim(session, 'output', logitsName, 1));
  if (C === undefined) throw new InputTypeError(fn, 'options.numClasses is required (the session metadata does not fix it)', opts.numClasses);
  const V = sizeOf('options.vocabSize', opts.vocabSize, embedder.kind === 'table' ? embedder.rows : undefined);
  const maxLength = opts.maxLength === undefined ? undefined : checkInteger(fn, 'options.maxLength', opts.maxLength, 1, 2 ** 31 - 1);
  const specialTokens = checkSpecialTokens(fn, opts.specialTokens, V);
  const name = opts.name === undefined ? D.name : optionalName(fn, 'options.name', opts.name, D.name);
  const outputKind = opts.outputKind === undefined ? D.outputKind : checkEnum(fn, 'options.outputKind', opts.outputKind, ['logits', 'probabilities'] as const);
  const softmax = outputKind === 'logits' && (opts.softmax === undefined ? D.softmax : checkBoolean(fn, 'options.softmax', opts.softmax));

  // ---- attention ----
  let attention: Attention | null = null;
  if (opts.attention !== undefined && opts.attention !== null) {
    const a = checkOptions<OnnxAttentionOptions>(fn, opts.attention, ['layers', 'heads', 'layout', 'queries', 'overridable']);
    const layout = a.layout === undefined ? D.layout : checkEnum(fn, 'options.attention.layout', a.layout, ['stacked', 'stackedBatchFirst', 'perLayer'] as const);
    const queries = a.queries === undefined ? 'tokens' : checkEnum(fn, 'options.attention.queries', a.queries, ['tokens', 'single'] as const);
    let names: string[];
    const rawNames = outOpts.attentions;
    if (layout === 'perLayer') {
      if (!Array.isArray(rawNames) || rawNames.length === 0) {
        throw new InputTypeError(fn, "options.outputs.attentions must list one output name per layer with layout 'perLayer'", rawNames);
      }
      names = rawNames.map((nm, i) => optionalName(fn, `options.outputs.attentions[${i}]`, nm, ''));
    } else {
      if (Array.isArray(rawNames)) throw new InputTypeError(fn, `options.outputs.attentions must be one name with layout '${layout}'`, rawNames);
      names = [optionalName(fn, 'options.outputs.attentions', rawNames, D.outputs.attentions)];
    }
    for (const nm of names) {
      if (!session.outputNames.includes(nm)) throw new InputRangeError(fn, `the session has no output '${nm}' (outputs: ${session.outputNames.join(', ')})`, nm);
    }
    const metaL = layout === 'stacked' ? fixedDim(session, 'output', names[0]!, 0) : layout === 'stackedBatchFirst' ? fixedDim(session, 'output', names[0]!, 1) : names.length;
    const metaH = fixedDim(session, 'output', names[0]!, layout === 'perLayer' ? 1 : 2);
    const layers = sizeOf('options.attention.layers', a.layers, metaL, hasOverrideInputs ? fixedDim(session, 'input', flagsName, 0) : undefined);
    const heads = sizeOf('options.attention.heads', a.heads, metaH, hasOverrideInputs ? fixedDim(session, 'input', flagsName, 1) : undefined);
    if (layers === undefined) throw new InputTypeError(fn, 'options.attention.layers is required (the session metadata does not fix it)', a.layers);
    if (heads === undefined) throw new InputTypeError(fn, 'options.attention.heads is required (the session metadata does not fix it)', a.heads);
    const overridable = a.overridable === undefined ? hasOverrideInputs : checkBoolean(fn, 'options.attention.overridable', a.overridable);
    if (overridable && !hasOverrideInputs) {
      throw new InputRangeError(fn, `options.attention.overridable is true but the session lacks the inputs '${overrideName}' and '${flagsName}'`, session.inputNames);
    }
    attention = { layers, heads, queries, layout, names, overridable };
  }
  // An export with override inputs must always be fed them (flags 0 when unused).
  let hookLayers = attention?.layers;
  let hookHeads = attention?.heads;
  if (hasOverrideInputs && attention === null) {
    hookLayers = fixedDim(session, 'input', flagsName, 0);
    hookHeads = fixedDim(session, 'input', flagsName, 1);
    if (hookLayers === undefined || hookHeads === undefined) {
      throw new InputTypeError(fn, `the session has override inputs: pass options.attention ({ layers, heads }) so they can be fed`, session.inputNames);
    }
  }
  for (const required of session.inputNames) {
    const fed = required === embName || required === maskName || (hasOverrideInputs && (required === overrideName || required === flagsName));
    if (!fed) throw new InputRangeError(fn, `the session needs the input '${required}', which the adapter does not feed (name the inputs in options.inputs)`, required);
  }

  const attentionInfo: AttentionInfo | undefined =
    attention === null
      ? undefined
      : Object.freeze({ layers: attention.layers, heads: attention.heads, queries: attention.queries, overridable: attention.overridable });
  const info: ModelInfo = Object.freeze({
    name,
    numClasses: C,
    outputKind: softmax || outputKind === 'probabilities' ? ('probabilities' as const) : ('logits' as const),
    embeddingDim: d,
    ...(V === undefined ? {} : { vocabSize: V }),
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(attentionInfo === undefined ? {} : { attention: attentionInfo }),
    ...(specialTokens === undefined ? {} : { specialTokens }),
  });

  let disposed = false;
  const checkAlive = (f: string): void => {
    if (disposed) throw new InputRangeError(f, 'the adapter has been disposed', name);
  };

  const embed = async (tokens: ArrayLike<number>): Promise<FloatTensor> => {
    const f = 'onnxAdapter.embed';
    checkAlive(f);
    const t = normalizeTensor(f, 'tokens', tokens as TensorLike, { rank: 1 });
    const n = t.data.length;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = t.data[i]!;
      if (!Number.isInteger(v)) throw new InputTypeError(f, `tokens[${i}] must be an integer id`, v);
      if (v < 0 || (V !== undefined && v >= V)) throw new InputRangeError(f, `tokens[${i}] must be in [0, ${V ?? 'Infinity'})`, v);
      ids[i] = v;
    }
    const out = new Float64Array(n * d);
    if (embedder.kind === 'table') {
      for (let i = 0; i < n; i++) out.set(embedder.table.subarray(ids[i]! * d, (ids[i]! + 1) * d), i * d);
      return { data: out, shape: [n, d] };
    }
    const feeds = { [embedder.input]: makeTensor(ort, embedder.idType, idData(embedder.idType, ids), [1, n]) };
    const results = await runExclusive(embedder.session, () => embedder.session.run(feeds, [embedder.output]));
    out.set(readFloatOutput(f, results, embedder.output, [1, n, d]));
    return { data: out, shape: [n, d] };
  };

  const forward = async (embeddings: FloatTensor, options?: ForwardOptions): Promise<ForwardResult> => {
    const f = 'onnxAdapter.forward';
    checkAlive(f);
    const o = checkOptions<ForwardOptions>(f, options, ['returnAttention', 'attention', 'inputMask']);
    const returnAttention = o.returnAttention === undefined ? false : checkBoolean(f, 'returnAttention', o.returnAttention);
    if (returnAttention && attention === null) {
      throw new AdapterCapabilityError(f, 'attention', 'the export has no attention output configured (options.attention)');
    }
    if (o.attention !== undefined && !Array.isArray(o.attention)) throw new InputTypeError(f, 'options.attention must be an array of overrides', o.attention);
    const hasOverrides = o.attention !== undefined && o.attention.length > 0;
    if (hasOverrides && (attention === null || !attention.overridable)) {
      throw new AdapterCapabilityError(f, 'attentionOverride', `the export has no attention-override inputs ('${overrideName}', '${flagsName}')`);
    }
    const e = readEmbeddings(f, embeddings, d, maxLength);
    const { batch: B, length: n } = e;
    const mask = readInputMask(f, o.inputMask, B, n, { allowFullyMasked: true });
    if (maskName === null && mask !== undefined && mask.includes(0)) {
      throw new InputRangeError(f, 'the export has no attention-mask input, so inputMask must be all ones', o.inputMask);
    }
    const feeds: Record<string, unknown> = { [embName]: makeTensor(ort, 'float32', Float32Array.from(e.data), [B, n, d]) };
    if (maskName !== null) feeds[maskName] = makeTensor(ort, maskType, maskData(maskType, mask, B * n), [B, n]);
    if (hasOverrideInputs) {
      const L = hookLayers!;
      const H = hookHeads!;
      const Q = attention?.queries === 'single' ? 1 : n;
      const flags = new Float32Array(L * H);
      if (!hasOverrides && broadcastOverride) {
        feeds[overrideName] = makeTensor(ort, 'float32', new Float32Array(L), [L, 1, 1, 1, 1]);
      } else {
        const parsed = readOverrides(f, o.attention, { batch: B, layers: L, heads: H, queries: Q, length: n });
        const block = Q * n;
        const weights = new Float32Array(L * B * H * block);
        for (const ov of parsed.list) {
          ov.heads.forEach((h, slot) => {
            flags[ov.layer * H + h] = 1;
            for (let b = 0; b < B; b++) {
              const src = (b * ov.heads.length + slot) * block; // [B, heads, Q, n]
              const dst = ((ov.layer * B + b) * H + h) * block; // [L, B, H, Q, n]
              for (let k = 0; k < block; k++) weights[dst + k] = ov.weights[src + k]!;
            }
          });
        }
        feeds[overrideName] = makeTensor(ort, 'float32', weights, [L, B, H, Q, n]);
      }
      feeds[flagsName] = makeTensor(ort, 'float32', flags, [L, H]);
    }
    const fetches = returnAttention ? [logitsName, ...attention!.names] : [logitsName];
    const results = await runExclusive(session, () => session.run(feeds, fetches));

    const raw = readFloatOutput(f, results, logitsName, [B, C]);
    const outputs = new Float64Array(B * C);
    if (softmax) {
      for (let b = 0; b < B; b++) {
        let max = -Infinity;
        for (let c = 0; c < C; c++) max = Math.max(max, raw[b * C + c]!);
        let sum = 0;
        for (let c = 0; c < C; c++) sum += outputs[b * C + c] = Math.exp(raw[b * C + c]! - max);
        for (let c = 0; c < C; c++) outputs[b * C + c]! /= sum;
      }
    } else {
      outputs.set(raw);
    }
    if (!returnAttention) return { outputs: { data: outputs, shape: [B, C] } };

    const { layers: L, heads: H, layout } = attention!;
    const Q = attention!.queries === 'single' ? 1 : n;
    const block = H * Q * n; // one (example, layer)
    const att = new Float64Array(B * L * block);
    if (layout === 'perLayer') {
      attention!.names.forEach((nm, l) => {
        const src = readFloatOutput(f, results, nm, [B, H, Q, n]);
        for (let b = 0; b < B; b++) att.set(src.subarray(b * block, (b + 1) * block), (b * L + l) * block);
      });
    } else if (layout === 'stacked') {
      const src = readFloatOutput(f, results, attention!.names[0]!, [L, B, H, Q, n]);
      for (let l = 0; l < L; l++) for (let b = 0; b < B; b++) att.set(src.subarray((l * B + b) * block, (l * B + b + 1) * block), (b * L + l) * block);
    } else {
      att.set(readFloatOutput(f, results, attention!.names[0]!, [B, L, H, Q, n]));
    }
    return { outputs: { data: outputs, shape: [B, C] }, attention: { data: att, shape: [B, L, H, Q, n] } };
  };

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    if (!disposeSessions) return;
    // release() is async; a failure to free has no caller to report to
    session.release?.().catch(() => undefined);
    if (embedder.kind === 'session') embedder.session.release?.().catch(() => undefined);
  };

  return { info, embed, forward, dispose };
}
