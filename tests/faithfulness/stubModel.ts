/** The stub bag-of-words classifier of tests/fixtures/python/faithfulness/runner.py as a ModelAdapter. */
import type { FloatTensor, ForwardOptions, ModelAdapter } from '../../src/types/index.js';

export function bagOfWordsAdapter(w: readonly number[], b: number): ModelAdapter {
  const V = w.length;
  return {
    info: { numClasses: 2, outputKind: 'logits', embeddingDim: V, vocabSize: V, specialTokens: { cls: 1, sep: 2, mask: 0 } },
    embed: async (tokens) => {
      const data = new Float64Array(tokens.length * V);
      for (let i = 0; i < tokens.length; i++) data[i * V + tokens[i]!] = 1;
      return { data, shape: [tokens.length, V] };
    },
    forward: async (e: FloatTensor, options?: ForwardOptions) => {
      const [B, n] = e.shape as [number, number, number];
      const mask = options?.inputMask?.data;
      const out = new Float64Array(B * 2);
      for (let r = 0; r < B; r++) {
        let z = b;
        for (let i = 0; i < n; i++) {
          if (mask !== undefined && mask[r * n + i] === 0) continue;
          for (let k = 0; k < V; k++) z += e.data[(r * n + i) * V + k]! * w[k]!;
        }
        out[r * 2 + 1] = z;
      }
      return { outputs: { data: out, shape: [B, 2] } };
    },
  };
}
