/**
 * The swept targets of the core entry points: every function export (enumerated with `import * as`),
 * classes through constructors, static and instance methods, the toy adapters through their methods,
 * each with valid base arguments. Shared by badInput.test.ts and badInput.test-prop.ts.
 */
import * as agreement from '../../src/agreement/index.js';
import * as attention from '../../src/attention/index.js';
import * as data from '../../src/data/index.js';
import * as root from '../../src/index.js';
import * as testing from '../../src/testing/index.js';
import { KNOWN_FAILURES } from './knownFailures.js';
import { type SweepTarget, isClass, methodsOf } from './sweep.js';

const ENTRIES: Record<string, Record<string, unknown>> = { faithcheck: root, 'faithcheck/agreement': agreement, 'faithcheck/attention': attention, 'faithcheck/testing': testing, 'faithcheck/data': data };

const A2 = (): number[][][] => [
  [
    [0.6, 0.3, 0.1],
    [0.2, 0.5, 0.3],
    [0.1, 0.1, 0.8],
  ],
  [
    [0.3, 0.4, 0.3],
    [0.5, 0.25, 0.25],
    [0.2, 0.2, 0.6],
  ],
];
const M = (): number[][] => [
  [0.5, 0.3, 0.2],
  [0.3, 0.4, 0.3],
  [0.2, 0.2, 0.6],
];
const graph = () => attention.createFlowGraph(4, [
  [0, 1, 3],
  [1, 3, 2],
  [0, 2, 1],
  [2, 3, 5],
]);
const tokenizer = () => data.Tokenizer.fromTexts(['good day', 'bad day'], { maxVocab: 20 });
const linearAdapter = () => testing.linearModelAdapter({ weights: [[[1, 2], [3, -4]], [[-1, 0], [0.25, 0.5]]], embeddings: [[0.1, 0.2], [0.3, -0.4], [1, 2]] });
const attentionAdapter = () => testing.randomOneLayerAttentionAdapter({ seed: 1 });
const noop = (): void => undefined;

/** Valid base arguments of each public function, by export name (every slot, options included). */
const BASES: Record<string, () => unknown[]> = {
  jensenShannon: () => [[0.5, 0.5], [0.9, 0.1], {}],
  klDivergence: () => [[0.5, 0.5], [0.9, 0.1], {}],
  totalVariation: () => [[0.5, 0.5], [0.9, 0.1], {}],
  kendallTau: () => [[0.1, 0.4, 0.2, 0.3], [0.05, 0.5, 0.3, 0.15], {}],
  kendallTauTest: () => [[0.1, 0.4, 0.2, 0.3], [0.05, 0.5, 0.3, 0.15], {}],
  pearson: () => [[1, 2, 3], [2, 1, 3.5]],
  pearsonTest: () => [[1, 2, 3], [2, 1, 3.5], {}],
  spearman: () => [[1, 2, 3], [2, 1, 3.5]],
  spearmanTest: () => [[1, 2, 3], [2, 1, 3.5], {}],
  rankData: () => [[0.1, 0.1, 0.5]],
  topKKendallDistance: () => [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], { k: 3 }],
  topKOverlap: () => [[0.5, 0.2, 0.3], [0.1, 0.6, 0.3], 2],
  attentionRollout: () => [A2(), {}],
  attentionRolloutLayers: () => [A2(), {}],
  maxOverRows: () => [M()],
  rowReadout: () => [M(), 0, {}],
  rawAttentionReadout: () => [[[[[0.5, 0.5], [0.2, 0.8]], [[0.7, 0.3], [0.4, 0.6]]]], 0, {}],
  attentionFlow: () => [A2(), { outputs: [0] }],
  attentionFlowParallel: () => [A2(), { workers: 1, outputs: [0], signal: new AbortController().signal, onProgress: noop }],
  'attentionFlowParallel (2 workers)': () => [A2(), { workers: 2, outputs: [0], signal: new AbortController().signal, onProgress: noop }],
  layeredAttentionGraph: () => [[[[0.8, 0.2], [0.3, 0.7]]]],
  createFlowGraph: () => [2, [[0, 1, 0.25]]],
  createMaxFlowSolver: () => [graph()],
  edmondsKarp: () => [graph(), 0, 3],
  lpMaxFlow: () => [graph(), 0, 3],
  maxFlow: () => [graph(), 0, 3],
  createRng: () => [42],
  toNested: () => [{ data: [1, 2, 3, 4], shape: [2, 2] }],
  checkAdapterConformance: () => [linearAdapter(), { checks: ['info', 'embed'] }],
  describeAdapterConformance: () => ['adapter', () => linearAdapter(), { describe: noop, it: noop }],
  linearModelAdapter: () => [{ weights: [[1, 2]] }],
  oneLayerAttentionAdapter: () => [{ embeddings: [[1], [-1]], additive: { weight: [[1.5]], vector: [1] }, classifier: { weights: [[1, -1]] } }],
  randomOneLayerAttentionAdapter: () => [{ seed: 1 }],
  toyFunctionAdapter: () => ['squareProduct'],
  isClose: () => [[1, 2], [1, 2], {}],
  maxRelativeError: () => [[1, 2], [1, 2.5], {}],
  cleanEmail: () => ['Subject: hi\n\nbody'],
  datasetRow: () => [data.encodeDataset(tokenizer(), [{ text: 'good day', label: 1 }], { maxLength: 4 }), 0],
  encodeDataset: () => [tokenizer(), [{ text: 'good day', label: 1 }], { maxLength: 4 }],
  loadSpamAssassin: () => [{ maxChars: 100 }],
  plantedTokenTask: () => [{ size: 20, length: 6, seed: 1 }],
  'new Tokenizer': () => [['a', 'b']],
  'Tokenizer.fromTexts': () => [['good day', 'bad day'], { maxVocab: 20 }],
  'Tokenizer.fromJSON': () => [tokenizer().toJSON()],
  'Tokenizer#tokenize': () => ['The CAT!'],
  'Tokenizer#encode': () => ['good day', {}],
  'Tokenizer#decode': () => [[2, 4], {}],
  'Tokenizer#idOf': () => ['day'],
  'MaxFlowSolver#maxFlow': () => [0, 3],
  'Rng#nextInt': () => [5],
};

/** Options that are valid and select the default (expensive) behaviour: `undefined` or an object with no own keys. */
function defaultOptions(value: unknown): boolean {
  if (value === undefined) return true;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  try {
    return Object.keys(value).length === 0;
  } catch {
    return false;
  }
}

/** Values not to try, by function: valid options that do expensive real work. */
const SKIPS: Record<string, (position: number, value: unknown) => boolean> = {
  // the default options load the 33 MB corpus (1–2 s per call)
  loadSpamAssassin: (position, value) => position === 0 && defaultOptions(value),
  // the default options start one worker thread per core (tens of ms to seconds each on a busy machine)
  attentionFlowParallel: (position, value) => position === 1 && defaultOptions(value),
};

/** Instances whose methods are swept, by class or factory export name. */
const INSTANCES: Record<string, { label: string; make: () => object }> = {
  Tokenizer: { label: 'Tokenizer', make: tokenizer },
  createMaxFlowSolver: { label: 'MaxFlowSolver', make: () => attention.createMaxFlowSolver(graph()) },
  createRng: { label: 'Rng', make: () => root.createRng(1) },
  linearModelAdapter: { label: 'linearModelAdapter()', make: linearAdapter },
  randomOneLayerAttentionAdapter: { label: 'randomOneLayerAttentionAdapter()', make: attentionAdapter },
  toyFunctionAdapter: { label: "toyFunctionAdapter('squareProduct')", make: () => testing.toyFunctionAdapter('squareProduct') },
};

/** Valid base arguments of adapter methods. */
function adapterBase(method: string, adapter: { info: { embeddingDim: number; attention?: unknown } }): (() => unknown[]) | undefined {
  const d = adapter.info.embeddingDim;
  const x = () => ({ data: new Float64Array(2 * d).fill(0.5), shape: [1, 2, d] });
  switch (method) {
    case 'embed':
      return () => [[1, 2]];
    case 'forward':
      return () => [x(), { inputMask: { data: [1, 1], shape: [1, 2] } }];
    case 'gradient':
      return () => [x(), 0, {}];
    case 'attentionGradient':
      return () => [x(), 0, { attention: [{ layer: 0, weights: { data: [0.5, 0.5, 0.5, 0.5], shape: [1, 1, 2, 2] } }] }];
    default:
      return undefined;
  }
}

/** Every swept target, enumerated from the entry points. */
export function targets(): SweepTarget[] {
  const out = new Map<unknown, SweepTarget[]>();
  for (const mod of Object.values(ENTRIES)) {
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== 'function' || out.has(value)) continue;
      const list: SweepTarget[] = [];
      if (isClass(value)) {
        if (/Error$/.test(name)) {
          out.set(value, []); // the error classes themselves: constructed by faithcheck, not called with caller data
          continue;
        }
        const cls = value as unknown as new (...args: unknown[]) => unknown;
        list.push({ name: `new ${name}`, call: (args) => new cls(...args), base: BASES[`new ${name}`] ?? (() => new Array(cls.length).fill(undefined)) });
        for (const key of Object.getOwnPropertyNames(cls)) {
          const f = (cls as unknown as Record<string, unknown>)[key];
          if (typeof f !== 'function') continue;
          const label = `${name}.${key}`;
          list.push({ name: label, call: (args) => (f as (...a: unknown[]) => unknown).apply(cls, args), base: BASES[label] ?? (() => new Array((f as () => void).length).fill(undefined)) });
        }
      } else {
        const f = value as (...a: unknown[]) => unknown;
        list.push({
          name,
          call: (args) => f(...args),
          base: BASES[name] ?? (() => new Array(Math.max(1, f.length)).fill(undefined)),
          ...(SKIPS[name] === undefined ? {} : { skip: SKIPS[name] }),
          // a valid option value loads the 33 MB corpus; its options are tested in tests/data/loadSpamAssassin.test.ts
          ...(name === 'loadSpamAssassin' ? { noOptionSweep: true } : {}),
        });
        // variants with other base arguments, e.g. 'attentionFlowParallel (2 workers)'
        for (const variant of Object.keys(BASES).filter((k) => k.startsWith(`${name} (`))) {
          list.push({ name: variant, call: (args) => f(...args), base: BASES[variant]!, ...(SKIPS[name] === undefined ? {} : { skip: SKIPS[name] }) });
        }
      }
      const inst = INSTANCES[name];
      if (inst !== undefined) {
        const sample = inst.make() as Record<string, unknown>;
        for (const method of methodsOf(sample)) {
          const label = `${inst.label.replace(/\(.*\)$/, '')}#${method}`;
          const isAdapter = typeof sample['forward'] === 'function' && typeof sample['embed'] === 'function';
          const base = BASES[`${inst.label}#${method}`] ?? (isAdapter ? adapterBase(method, sample as never) : undefined) ?? (() => new Array((sample[method] as () => void).length).fill(undefined));
          list.push({
            name: isAdapter ? `${inst.label}.${method}` : label,
            call: (args) => {
              const o = inst.make() as Record<string, (...a: unknown[]) => unknown>;
              return o[method]!(...args);
            },
            base,
          });
        }
      }
      out.set(value, list);
    }
  }
  return [...out.values()].flat();
}

export function isKnown(target: string, position: number | string, value: string): boolean {
  return KNOWN_FAILURES.some((k) => k.target === target && (k.position === undefined || k.position === position) && (k.value === undefined || k.value === value));
}

