/**
 * The input of {@link renderReport}: plain JSON-serialisable data (numbers, strings, arrays), so a report
 * can be rendered from results saved to disk (`faithcheck report results.json`). Every array of
 * per-token values has one entry per token of its example.
 */

/** Verdict of one level of the trust hierarchy. */
export type ReportVerdict = 'supported' | 'inconclusive' | 'contradicted' | 'skipped';

/** One named number shown with a verdict (e.g. `{ name: 'τ-b vs IG', value: 0.41, note: 'p = 0.003' }`). */
export interface ReportNumber {
  readonly name: string;
  readonly value: number;
  /** Decimals shown (default 3). */
  readonly digits?: number;
  readonly note?: string;
}

/** The verdict of one level for one example (or a whole data set). */
export interface ReportLevel {
  /** `'consistency'`, `'causal'`, `'counterfactual'` (or any level name). */
  readonly level: string;
  readonly verdict: ReportVerdict;
  /** Plain-language reasons, one sentence each. */
  readonly reasons: readonly string[];
  readonly numbers: readonly ReportNumber[];
}

/** A curve of the model output against the fraction of tokens removed (deletion) or restored (insertion). */
export interface ReportCurve {
  /** Curve label, e.g. the explanation method (`'flow'`) or `'random'`. */
  readonly method: string;
  /** x values in [0, 1]: fraction of tokens removed or restored. */
  readonly fractions: readonly number[];
  /** y values: the model's output for the target class at each fraction. */
  readonly values: readonly number[];
}

/** One layer's attention, every head: `data` is `[heads, n, n]` row-major, row = query, column = key. */
export interface ReportAttentionLayer {
  /** 1-based layer number shown in the view. */
  readonly layer: number;
  readonly heads: number;
  /** Number of tokens (the first n tokens of the example). */
  readonly n: number;
  readonly data: readonly number[];
}

/** One verified example. */
export interface ReportExample {
  readonly id: string;
  /** The true label's name, when known. */
  readonly label?: string;
  /** The predicted class's name. */
  readonly predicted: string;
  /** The model's probability (or output) for the predicted class. */
  readonly probability: number;
  /** The tokens as shown (e.g. `['[CLS]', 'win', 'a', …]`). */
  readonly tokens: readonly string[];
  /**
   * Per-token scores by method, in {@link ReportModel.methods} order (any subset). Coloured by magnitude,
   * from the method's smallest non-zero |score| on this example (lightest) to its largest (darkest); a score of
   * exactly 0 (e.g. an excluded [CLS]) stays uncoloured. The signed value is shown on hover and in the table.
   */
  readonly scores: Readonly<Record<string, readonly number[]>>;
  /** Verdict per level, with its numbers. */
  readonly levels: readonly ReportLevel[];
  /** Deletion curves (explanation order, random order, …) for this example. */
  readonly deletion?: readonly ReportCurve[];
  /** One layer's heads for the bertviz-like view, drawn on demand. */
  readonly attention?: ReportAttentionLayer;
}

/** A distribution of Kendall τ-b values between two explanations over the examples. */
export interface ReportTauDistribution {
  /** e.g. `'flow vs IG'`. */
  readonly pair: string;
  readonly values: readonly number[];
  /** p-values of the same tests (same order), for the fraction significant. */
  readonly pValues?: readonly number[];
}

/** A point of the counterfactual scatter, per example: how far the attention moved vs how far the output moved. */
export interface ReportAdversarialPoint {
  readonly id: string;
  /** JSD (nats) between the original and the adversarial attention (max ln 2). */
  readonly jsd: number;
  /** An output TVD: of the adversarial output, or (the demo) the median output TVD under permuted attention. */
  readonly tvd: number;
}

/** The counterfactual scatter of a data set: attention JSD (y) against output TVD (x). */
export interface ReportAdversarial {
  readonly points: readonly ReportAdversarialPoint[];
  /** Vertical line: the output TVD below which the output counts as unchanged (e.g. ε, or the permutation threshold). */
  readonly tvdThreshold: number;
  /** Horizontal line: the JSD that counts as "very different attention" (e.g. 0.5 nats, Jain & Wallace). */
  readonly jsdThreshold?: number;
  /** What the x axis is (default 'output TVD'). */
  readonly xLabel?: string;
}

/** A small extra table (e.g. the planted-token check). */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  /** One line saying how to read it. */
  readonly note?: string;
}

/** Per data set (model) summary. */
export interface ReportSummary {
  readonly tau: readonly ReportTauDistribution[];
  /** Mean deletion curves over the examples, one per method. */
  readonly deletion?: readonly ReportCurve[];
  /** Mean insertion curves over the examples, one per method. */
  readonly insertion?: readonly ReportCurve[];
  readonly adversarial?: ReportAdversarial;
  /** Verdict counts per level, over the examples. */
  readonly verdicts: readonly { readonly level: string; readonly counts: Readonly<Partial<Record<ReportVerdict, number>>> }[];
  /** Data-set level verdicts (optional), shown above the charts. */
  readonly levels?: readonly ReportLevel[];
}

/** One model (data set) of the report. */
export interface ReportModel {
  readonly name: string;
  /** One line about the model and data. */
  readonly description?: string;
  /** The explanation whose faithfulness is verified (e.g. `'flow'`). */
  readonly explanation: string;
  /** Method keys in display order, e.g. `['attention', 'rollout', 'flow', 'saliency', 'integratedGradients', 'leaveOneOut']`. */
  readonly methods: readonly string[];
  /** Display names of the methods (default: the key). */
  readonly methodLabels?: Readonly<Record<string, string>>;
  readonly examples: readonly ReportExample[];
  readonly summary: ReportSummary;
  readonly tables?: readonly ReportTable[];
}

/** Everything {@link renderReport} draws. */
export interface ReportData {
  readonly title: string;
  readonly subtitle?: string;
  /** ISO date-time the results were produced. */
  readonly generated?: string;
  /** Version of faithcheck that produced the results. */
  readonly version?: string;
  readonly models: readonly ReportModel[];
}
