/**
 * Option and result types of the agreement family.
 *
 * @module
 */

/**
 * Alternative hypothesis of a correlation test, as in scipy: `'two-sided'` (the correlation is
 * non-zero), `'less'` (it is negative), `'greater'` (it is positive).
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Result of a correlation test: the statistic, its p-value and the sample size. */
export interface CorrelationTestResult {
  /** The correlation coefficient (τ, ρ or r); `NaN` when undefined (constant input, n < 2). */
  readonly statistic: number;
  /** p-value of the null hypothesis of no association; `NaN` whenever `statistic` is `NaN`. */
  readonly pValue: number;
  /** Number of pairs. */
  readonly n: number;
}

/** Options of {@link kendallTau}. */
export interface KendallTauOptions {
  /** `'b'` (default; scipy's default, tie-corrected) or `'c'` (Stuart's τ-c, for rectangular tables). */
  readonly variant?: 'b' | 'c';
}

/** Options of {@link kendallTauTest}. */
export interface KendallTauTestOptions extends KendallTauOptions {
  /**
   * How the p-value is computed (default `'auto'`, as scipy): `'exact'` uses the exact permutation
   * distribution (tie-free samples only), `'asymptotic'` the normal approximation with tie-corrected
   * variance, `'auto'` exact when there are no ties and n ≤ 33 (or at most one pair is
   * discordant/concordant), asymptotic otherwise.
   */
  readonly method?: 'auto' | 'exact' | 'asymptotic';
  /** Alternative hypothesis (default `'two-sided'`). */
  readonly alternative?: Alternative;
}

/** Options of {@link spearmanTest} and {@link pearsonTest}. */
export interface CorrelationTestOptions {
  /** Alternative hypothesis (default `'two-sided'`). */
  readonly alternative?: Alternative;
}

/** Options of {@link topKKendallDistance}. */
export interface TopKKendallDistanceOptions {
  /**
   * Length of the top lists (integer ≥ 1). Default `min(n, max(10, ⌊0.1·n⌋))`, Jain & Wallace's rule
   * applied to one pair; values above n are capped at n, as their code does.
   */
  readonly k?: number;
  /** Penalty parameter p ∈ [0, 1] for pairs that appear in only one top list (default 0.5). */
  readonly p?: number;
  /**
   * `'jainWallace'` (default): the distance exactly as successar/AttentionExplanation computes it;
   * `'fagin'`: Fagin, Kumar & Sivakumar's K⁽ᵖ⁾ divided by its maximum k² + p·k(k−1).
   */
  readonly variant?: 'jainWallace' | 'fagin';
}

/** Options of {@link totalVariation}; the base of {@link DivergenceOptions}. */
export interface DistributionOptions {
  /** Absolute tolerance on |Σp − 1| when validating each input as a distribution (default 1e-6). */
  readonly tolerance?: number;
}

/** Options of {@link jensenShannon} and {@link klDivergence}. */
export interface DivergenceOptions extends DistributionOptions {
  /**
   * Smoothing inside the logarithms (default 0): each term is a·(ln(a + ε) − ln(b + ε)). Set
   * `1e-10` to reproduce Jain & Wallace's `kld`/`jsd` exactly.
   */
  readonly epsilon?: number;
}
