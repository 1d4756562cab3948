import { iterationBoundError } from './checkGraph.js';
import { simdMatmul } from '../../internal/matmulSimd.js';
import { RESIDUAL_EPS } from './dinic.js';

/**
 * {@link LayeredFlowSolver.solveRow}: the layer m whose supplies the shared upper flow fixes (the restricted
 * problem keeps layers m … 0 free). Measured at L = 12, n = 256 and 512 on softmax(c·z) attention, c = 1, 2, 4:
 * with m = 4 the restricted problem reaches the bound for every pair; m = 3 fails for 1–43 % of the pairs (more
 * on peakier attention) and m = 2 for all of them; each layer more costs ≈ 10 % per pair.
 */
export const RESTRICT_LAYER = 4;

/** The sum and the minimum of every row of a capacity stack, row l·n + i. */
export interface RowStats {
  readonly rowSum: Float64Array;
  readonly rowMin: Float64Array;
}

/**
 * {@link LayeredFlowSolver.solveRows}: after PROBE attempts in a row, the rest of the row skips the restricted
 * problem while more than GIVE_UP of the attempts fell short (measured at L = 12, n = 64 and 256: a failed attempt
 * costs 0.3–0.5 of a full solve; softmax attention with the residual never fails, a single peaky head fails
 * ≈ 44 %, sparse attention without the residual 54–88 %).
 */
const PROBE = 8;
const GIVE_UP = 0.3;

/** {@link LayeredFlowSolver.solveRows} computes the descents of this many sources together. */
const DESCENT_BLOCK = 16;

/**
 * E = F·Â for the first `count` rows of F (`[count, n]`) and the layer Â at `caps[lb …]`, in the WebAssembly
 * kernel's order of operations: per cell, c = (…((0 + f_0·Â[0, q]) + f_1·Â[1, q]) + …) + f_{n−1}·Â[n − 1, q],
 * k in order, separate multiply and add (written two k at a time here). Pairs of zero fractions are skipped
 * (adding 0·x leaves c unchanged).
 */
export function descendRowsJs(E: Float64Array, F: Float64Array, caps: Float64Array, lb: number, count: number, n: number): void {
  E.fill(0, 0, count * n);
  for (let b = 0; b < count; b++) {
    const eb = b * n;
    let k = 0;
    for (; k + 2 <= n; k += 2) {
      const f0 = F[eb + k]!;
      const f1 = F[eb + k + 1]!;
      if (f0 === 0 && f1 === 0) continue;
      const r0 = lb + k * n;
      const r1 = r0 + n;
      for (let q = 0; q < n; q++) E[eb + q] = E[eb + q]! + f0 * caps[r0 + q]! + f1 * caps[r1 + q]!;
    }
    if (k < n) {
      const f0 = F[eb + k]!;
      if (f0 !== 0) {
        const r0 = lb + k * n;
        for (let q = 0; q < n; q++) E[eb + q] = E[eb + q]! + f0 * caps[r0 + q]!;
      }
    }
  }
}

/** Phase one's pre-pass prunes dead layer-2 nodes when at most this many layer-1 nodes are left alive. */
const PRUNE_LIVE = 4;

/**
 * Exact max-flow on the layered attention graph, specialised to its dense structure (unchecked internal).
 *
 * The graph has nodes (i, k), layer i = 0 … L, position k = 0 … n − 1, and an edge (i, k_f) → (i − 1, k_t)
 * with capacity `caps[(i − 1)·n² + k_f·n + k_t]` for every i ≥ 1. Flows are kept as dense residual
 * capacities `res` laid out like `caps` (the residual of the up arc (i − 1, k_t) → (i, k_f) is
 * `caps − res` of the same cell, i.e. the flow on the edge).
 *
 * For a source (l, s) and sink (0, t) only a small part of the graph matters, and the solver never looks
 * at the rest: layers above l and the other nodes of layer l cannot be reached from the source; the
 * other input nodes (layer 0, k ≠ t) are dead ends; of each layer-1 node only the edge to t counts.
 *
 * Algorithm — Dinic's, with these refinements:
 * 1. **Phase 1 needs no BFS.** With zero flow the residual graph is the layered DAG itself, so the layer
 *    index *is* the distance to the sink and the first blocking flow runs over the DAG directly: a greedy
 *    pre-pass down the diagonal chains (see the phase-one code), then an iterative depth-first search with
 *    current-arc pointers (positions in dense rows, lists of the usable arcs in sparse rows, so zeros cost
 *    nothing), trying the diagonal (residual-connection) arc first, jumping over dead nodes with a union–find
 *    per layer and pushing from layer 2 in bulk. The diagonal arcs' residuals are kept apart (`dres`).
 * 2. **Lazy path updates** make each augmentation O(1) (see {@link LayeredFlowSolver.phaseOne}).
 * 3. **Early exit.** The flow is at most min(out-capacity of the source, in-capacity of the sink); once it
 *    reaches that bound (up to 256 ulps) the flow is maximum and the solve stops. On softmax attention
 *    with the residual connection this almost always happens within phase 1 (at n = 512: for every pair).
 * 4. **Rows share the upper flow** ({@link LayeredFlowSolver.solveRows}): the sinks of one source are solved
 *    on a restricted problem below layer {@link RESTRICT_LAYER}, exact by the bound test, with a fallback.
 *
 * Later phases (when the bound is not reached) compute exact BFS distances to the sink in the residual graph
 * (down arcs with residual capacity, up arcs carrying flow) and run the same current-arc search over both
 * kinds of arcs, until the BFS no longer reaches the source. An arc counts as saturated when its residual is
 * at most `RESIDUAL_EPS · max(largest capacity, largest row sum)`.
 *
 * Between solves only what a solve changed is restored: phase one's undo log, the node states of the layers it
 * searched, and the cells of the later phases.
 */
export class LayeredFlowSolver {
  readonly layers: number;
  readonly n: number;
  readonly caps: Float64Array;
  readonly eps: number;
  private readonly res: Float64Array;
  /** Per cell: 1 when the later phases changed it (allocated when a later phase first runs). */
  private dirty: Uint8Array = new Uint8Array(0);
  private touched: Int32Array;
  private nTouched = 0;
  /**
   * Phase one's undo log: the cell and its previous residual for every write-back, restored in reverse order
   * by {@link reset} (no capacity lookups and no dirty flags in the hot loop).
   */
  private undoCell: Int32Array;
  private undoVal: Float64Array;
  private nUndo = 0;
  private readonly dead: Uint8Array;
  private readonly iter: Int32Array;
  private readonly level: Int32Array;
  private readonly queue: Int32Array;
  private readonly pos: Int32Array;
  private readonly key: Float64Array;
  private readonly pmin: Float64Array;
  private readonly pathNode: Int32Array;
  private readonly pathArc: Int32Array;
  /**
   * Per layer i (offset i·(n + 1)): union–find "next live position ≥ p" of layer i (n = sentinel), rebuilt per
   * solve: see {@link phaseOne}.
   */
  private readonly nextLive: Int32Array;
  /** 0 … n: one layer of `nextLive` with every node alive. */
  private readonly identity: Int32Array;
  /** Layer 1 transposed, `caps1T[t·n + k] = caps[k·n + t]`: the sink's in-arcs are contiguous. */
  private readonly caps1T: Float64Array;
  /** Residuals of the sink's in-arcs (1, k) → (0, t) during a solve (copied from caps1T per solve). */
  private readonly r1: Float64Array;
  /**
   * Residuals of the source's out-arcs during phase one (the source row of caps, or a virtual source's supplies:
   * see {@link solveRow}); phase one never writes the source row of `res`.
   */
  private readonly src: Float64Array;
  /** {@link descend}: the amounts held by the nodes of the current layer, and the fractions they forward. */
  private descE = new Float64Array(0);
  private descF = new Float64Array(0);
  /**
   * Phase one keeps the residuals of the diagonal arcs (i, k) → (i − 1, k) apart from `res`, contiguous per arc
   * layer: `dres[(i − 1)·n + k]`, reset from `diagCaps` (their capacities) at the start of every phase one. The
   * paths of the residual connection run down these arcs, so a chain of them is a few cache lines and costs no
   * undo-log entries; the diagonal cells of `res` are not read or written by phase one (the later phases get
   * dres written into them first).
   */
  private readonly dres: Float64Array;
  private readonly diagCaps: Float64Array;
  /** Phase one: the live layer-1 nodes after the pre-pass (when few). */
  private readonly liveList: Int32Array;
  /** Row sums of caps (out-capacities) and column sums of layer 1 (in-capacities of the input nodes). */
  private readonly rowSum: Float64Array;
  private readonly inSum: Float64Array;
  /** Per row r = (i − 1)·n + k_f: 1 when every arc of the row has capacity > eps (then no list is kept). */
  private readonly rowDense: Uint8Array;
  /** Phase-one lists of the sparse rows only: the usable columns, diagonal first then cyclic. */
  private readonly p1Start: Int32Array;
  private readonly p1Cols: Int32Array;
  /** Full row and column lists for the later phases, built on first use ({@link ensureLists}). */
  private rowStart: Int32Array | undefined;
  private rowCols: Int32Array | undefined;
  private colStart: Int32Array | undefined;
  private colRows: Int32Array | undefined;

  /**
   * Counts of {@link solveRow}'s pairs: solved by the restricted problem, solved from scratch after the
   * restricted problem fell short of the bound, and solved from scratch without trying it (the row gave up on
   * the restriction). Benchmarks report the shares; tests check that every path runs.
   */
  readonly stats = { restricted: 0, fallbacks: 0, direct: 0 };
  /** {@link solveRow}'s restriction layer m (a parameter so that tests can force its fallback). */
  readonly restrictLayer: number;
  /** Arc layers 0 … resLayers − 1 of `res` hold their capacities (copied on first use: {@link ensureRes}). */
  private resLayers = 0;

  /**
   * `caps` is [layers, n, n] (row = upper-layer node = query), non-negative; it is read, never written.
   * `restrictLayer` (default {@link RESTRICT_LAYER}) only matters to {@link solveRow}. `stats`, when given, holds
   * the sum and the minimum of every row of `caps` (row l·n + i, at least layers·n entries, e.g. from
   * `prepareResolvedWithStats`), which saves the constructor its pass over the capacities.
   */
  constructor(caps: Float64Array, layers: number, n: number, restrictLayer = RESTRICT_LAYER, stats?: RowStats) {
    this.layers = layers;
    this.n = n;
    this.caps = caps;
    this.restrictLayer = restrictLayer;
    const cells = layers * n * n;
    // Fresh (zero, not yet mapped) memory: only the layers a solve reaches are copied in (ensureRes).
    this.res = new Float64Array(cells);
    this.touched = new Int32Array(Math.max(16, Math.min(cells, 1 << 12)));
    this.undoCell = new Int32Array(1 << 14);
    this.undoVal = new Float64Array(1 << 14);
    const nodes = (layers + 1) * n;
    this.dead = new Uint8Array(nodes);
    this.iter = new Int32Array(nodes);
    this.level = new Int32Array(nodes).fill(-1);
    this.queue = new Int32Array(nodes);
    this.pos = new Int32Array(layers + 1);
    this.key = new Float64Array(layers + 2);
    this.pmin = new Float64Array(layers + 2);
    this.pathNode = new Int32Array(nodes + 1);
    this.pathArc = new Int32Array(nodes + 1);
    this.nextLive = new Int32Array((layers + 1) * (n + 1));
    for (let i = 0; i <= layers; i++) for (let k = 0; k <= n; k++) this.nextLive[i * (n + 1) + k] = k;
    this.identity = new Int32Array(n + 1);
    for (let k = 0; k <= n; k++) this.identity[k] = k;
    this.r1 = new Float64Array(n);
    this.src = new Float64Array(n);
    this.liveList = new Int32Array(PRUNE_LIVE + 1);
    this.dres = new Float64Array(layers * n);
    this.diagCaps = new Float64Array(layers * n);
    for (let j = 0; j < layers; j++) for (let k = 0; k < n; k++) this.diagCaps[j * n + k] = caps[j * n * n + k * n + k]!;
    this.caps1T = new Float64Array(n * n);
    this.inSum = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      for (let t = 0; t < n; t++) this.caps1T[t * n + k] = caps[k * n + t]!;
    }
    for (let t = 0; t < n; t++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += this.caps1T[t * n + k]!;
      this.inSum[t] = sum;
    }
    // One pass: the row sums (the largest is the largest value a residual, flow or path key can take; it bounds
    // every capacity, as capacities are non-negative) and the row minima (a row is dense when its minimum is
    // above the threshold).
    const rowsTotal = layers * n;
    let maxRow = 0;
    let rowMin: Float64Array;
    if (stats !== undefined) {
      this.rowSum = stats.rowSum.subarray(0, rowsTotal);
      rowMin = stats.rowMin.subarray(0, rowsTotal);
      for (let r = 0; r < rowsTotal; r++) if (this.rowSum[r]! > maxRow) maxRow = this.rowSum[r]!;
    } else {
      this.rowSum = new Float64Array(rowsTotal);
      rowMin = new Float64Array(rowsTotal);
      for (let r = 0; r < rowsTotal; r++) {
        let sum = 0;
        let min = Infinity;
        for (let c = r * n, end = c + n; c < end; c++) {
          const v = caps[c]!;
          sum += v;
          if (v < min) min = v;
        }
        this.rowSum[r] = sum;
        rowMin[r] = min;
        if (sum > maxRow) maxRow = sum;
      }
    }
    // Saturation threshold, relative to the largest value a residual, flow or path key can take: then every
    // rounding residue of an exact saturation (at most an ulp of a key) is below it, so each augmentation
    // saturates an arc or kills a node, which bounds the work (see docs/flow.md, "Termination").
    const eps = maxRow * RESIDUAL_EPS;
    this.eps = eps;
    this.rowDense = new Uint8Array(rowsTotal);
    const p1Start = new Int32Array(rowsTotal + 1);
    let sparseArcs = 0;
    for (let r = 0; r < rowsTotal; r++) {
      if (rowMin[r]! > eps) this.rowDense[r] = 1;
      else for (let c = r * n, end = c + n; c < end; c++) if (caps[c]! > eps) sparseArcs++;
      p1Start[r + 1] = sparseArcs;
    }
    this.p1Start = p1Start;
    this.p1Cols = new Int32Array(sparseArcs);
    for (let r = 0; r < rowsTotal; r++) {
      if (this.rowDense[r] === 1) continue;
      const k = r % n;
      const base = r * n;
      let p = p1Start[r]!;
      for (let step = 0; step < n; step++) {
        const kt = k + step < n ? k + step : k + step - n;
        if (caps[base + kt]! > eps) this.p1Cols[p++] = kt;
      }
    }
  }

  /** Make arc layers 0 … layers − 1 of `res` hold their capacities (they do from then on, between solves). */
  private ensureRes(layers: number): void {
    if (layers <= this.resLayers) return;
    const nn = this.n * this.n;
    this.res.set(this.caps.subarray(this.resLayers * nn, layers * nn), this.resLayers * nn);
    this.resLayers = layers;
  }

  /** Build the full row lists (diagonal first, then cyclic) and the column lists used by the later phases. */
  private ensureLists(): void {
    if (this.rowStart !== undefined) return;
    const { caps, eps, n, layers } = this;
    const cells = layers * n * n;
    const rowsTotal = layers * n;
    const rowStart = new Int32Array(rowsTotal + 1);
    const colStart = new Int32Array(rowsTotal + 1);
    let nnz = 0;
    for (let c = 0; c < cells; c++) if (caps[c]! > eps) nnz++;
    const rowCols = new Int32Array(nnz);
    const colRows = new Int32Array(nnz);
    let p = 0;
    for (let r = 0; r < rowsTotal; r++) {
      const k = r % n;
      const base = r * n;
      rowStart[r] = p;
      for (let step = 0; step < n; step++) {
        const kt = k + step < n ? k + step : k + step - n;
        if (caps[base + kt]! > eps) rowCols[p++] = kt;
      }
    }
    rowStart[rowsTotal] = p;
    for (let c = 0; c < cells; c++) if (caps[c]! > eps) colStart[((c / (n * n)) | 0) * n + (c % n) + 1]!++;
    for (let r = 0; r < rowsTotal; r++) colStart[r + 1]! += colStart[r]!;
    const fill = colStart.slice(0, rowsTotal);
    for (let li = 0; li < layers; li++) {
      for (let kf = 0; kf < n; kf++) {
        for (let kt = 0; kt < n; kt++) {
          if (caps[(li * n + kf) * n + kt]! > eps) colRows[fill[li * n + kt]!++] = kf;
        }
      }
    }
    this.rowStart = rowStart;
    this.rowCols = rowCols;
    this.colStart = colStart;
    this.colRows = colRows;
  }

  /** Grow `touched` (phase one records write-backs without the dirty check, so it may hold duplicates). */
  private growTouched(): Int32Array {
    const bigger = new Int32Array(this.touched.length * 2);
    bigger.set(this.touched);
    this.touched = bigger;
    return bigger;
  }

  /** Grow the undo log (doubling) to at least `need` entries. */
  private growUndo(need = 0): void {
    let size = this.undoCell.length * 2;
    while (size < need) size *= 2;
    const cell = new Int32Array(size);
    cell.set(this.undoCell);
    const val = new Float64Array(size);
    val.set(this.undoVal);
    this.undoCell = cell;
    this.undoVal = val;
  }

  private reset(): void {
    const { res, undoCell, undoVal } = this;
    for (let m = this.nUndo - 1; m >= 0; m--) res[undoCell[m]!] = undoVal[m]!;
    this.nUndo = 0;
    if (this.nTouched > 0) this.resetTouched();
  }

  private resetTouched(): void {
    const { res, caps, dirty, touched } = this;
    for (let i = 0; i < this.nTouched; i++) {
      const c = touched[i]!;
      res[c] = caps[c]!;
      dirty[c] = 0;
    }
    this.nTouched = 0;
  }

  /** Max-flow value from node (layer `l`, position `s`) to input node (0, `t`); 1 ≤ l ≤ layers. */
  solve(l: number, s: number, t: number): number {
    const { n, caps, eps } = this;
    const nn = n * n;
    if (l === 1) return caps[s * n + t]!; // the single edge (1, s) → (0, t)
    if (l === 2) return this.twoLayers(s, t);
    this.reset();
    this.ensureRes(l);
    // Upper bound: min(out-capacity of the source, in-capacity of the sink).
    const outCap = this.rowSum[(l - 1) * n + s]!;
    const inCap = this.inSum[t]!;
    const bound = outCap < inCap ? outCap : inCap;
    if (!(bound > eps)) return 0;
    const stop = bound * (1 - 256 * Number.EPSILON);
    const srcRow = (l - 1) * nn + s * n;
    this.src.set(caps.subarray(srcRow, srcRow + n));
    const flow = this.phaseOne(l, s, t, stop);
    if (flow >= stop) return flow > bound ? bound : flow;
    // The later phases work on `res` alone: write the residuals of the sink's in-arcs and of the source's
    // out-arcs back into it.
    if (this.dirty.length === 0) this.dirty = new Uint8Array(this.layers * nn);
    const { r1, src } = this;
    for (let k = 0; k < n; k++) {
      if (r1[k] !== caps[k * n + t]) this.writeResidual(k * n + t, r1[k]!);
      if (src[k] !== caps[srcRow + k]) this.writeResidual(srcRow + k, src[k]!);
    }
    // … and of the diagonal arcs of layers 2 … l − 1 (phase one keeps them in dres)
    const { dres, diagCaps } = this;
    for (let j = 1; j < l - 1; j++) {
      for (let k = 0; k < n; k++) {
        const v = dres[j * n + k]!;
        if (v !== diagCaps[j * n + k]) this.writeResidual(j * nn + k * n + k, v);
      }
    }
    this.ensureLists();
    return this.laterPhases(l, s, t, flow, stop, bound);
  }

  /** Set `res[c] = value` for the later phases, recording the cell for {@link reset}. */
  private writeResidual(c: number, value: number): void {
    this.res[c] = value;
    if (this.dirty[c] === 0) {
      this.dirty[c] = 1;
      if (this.nTouched === this.touched.length) this.growTouched();
      this.touched[this.nTouched++] = c;
    }
  }

  /** Layer 2 in closed form: the paths (2, s) → (1, k) → (0, t) are disjoint, so the flow is Σ_k min(Â₂[s, k], Â₁[k, t]). */
  private twoLayers(s: number, t: number): number {
    const { caps, caps1T, n } = this;
    const a = n * n + s * n;
    const b = t * n;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const x = caps[a + k]!;
      const y = caps1T[b + k]!;
      sum += x < y ? x : y;
    }
    return sum;
  }

  /**
   * Max-flow values from (layer `l`, position `s`) to every input node (0, t), into `out[offset … offset + n)`:
   * the same values as {@link solve} for each t, with the work above layer {@link RESTRICT_LAYER} shared
   * between the n sinks.
   *
   * {@link descend} routes the source's whole out-capacity down to layer m = RESTRICT_LAYER once (a feasible
   * flow in layers l … m + 1, the same for every sink), leaving supplies σ at the nodes of layer m. Per sink,
   * phase one then runs on the **restricted problem**: a virtual source above layer m with out-arcs σ, and
   * layers m … 0 as they are. Its flow plus the shared upper flow (cut back along the upper flow's paths where
   * σ is not used up) is a flow of the original graph, so its value is a lower bound of the max flow; when it
   * reaches the upper bound min(out-capacity, in-capacity) it *is* the max flow. Otherwise (rarely on softmax
   * attention) the pair is solved from scratch by {@link solve}, so the result is exact either way.
   */
  solveRow(l: number, s: number, out: Float64Array, offset: number): void {
    this.solveRows(l, Int32Array.of(s), 0, 1, out, offset);
  }

  /**
   * {@link solveRow} for the sources `sources[start … end)`, row r into `out[offset + (r − start)·n …]`. The
   * descents of up to {@link DESCENT_BLOCK} sources are computed together as one matrix product per layer (the
   * WebAssembly SIMD kernel for four or more rows); every row gets bit-identical supplies however the rows are
   * grouped, so results do not depend on the blocking.
   */
  solveRows(l: number, sources: Int32Array, start: number, end: number, out: Float64Array, offset: number): void {
    const { n } = this;
    const m = this.restrictLayer;
    if (l <= m + 1) {
      for (let r = start; r < end; r++) {
        const o = offset + (r - start) * n;
        for (let t = 0; t < n; t++) out[o + t] = this.solve(l, sources[r]!, t);
      }
      return;
    }
    for (let b0 = start; b0 < end; b0 += DESCENT_BLOCK) {
      const count = Math.min(DESCENT_BLOCK, end - b0);
      const supplies = this.descend(l, sources, b0, count, m);
      for (let b = 0; b < count; b++) {
        this.restrictedRow(l, sources[b0 + b]!, supplies.subarray(b * n, b * n + n), out, offset + (b0 - start + b) * n);
      }
    }
  }

  /**
   * The n sinks of source (l, s) on the restricted problem with supplies `sigma` at layer m, with fallback. When
   * more than {@link GIVE_UP} of the attempts so far (after the first {@link PROBE}) fell short, the rest of the
   * row is solved from scratch directly: on attention where the restriction rarely holds (a single peaky head,
   * sparse attention without the residual) an attempt would only add to the full solve.
   */
  private restrictedRow(l: number, s: number, sigma: Float64Array, out: Float64Array, offset: number): void {
    const { n, eps } = this;
    const m = this.restrictLayer;
    const outCap = this.rowSum[(l - 1) * n + s]!;
    let tries = 0;
    let fails = 0;
    for (let t = 0; t < n; t++) {
      const inCap = this.inSum[t]!;
      const bound = outCap < inCap ? outCap : inCap;
      if (!(bound > eps)) {
        out[offset + t] = 0;
        continue;
      }
      if (tries >= PROBE && fails > GIVE_UP * tries) {
        this.stats.direct++;
        out[offset + t] = this.solve(l, s, t);
        continue;
      }
      tries++;
      const stop = bound * (1 - 256 * Number.EPSILON);
      this.reset();
      this.ensureRes(m);
      this.src.set(sigma);
      const flow = this.phaseOne(m + 1, s, t, stop);
      if (flow >= stop) {
        this.stats.restricted++;
        out[offset + t] = flow > bound ? bound : flow;
      } else {
        this.stats.fallbacks++;
        fails++;
        out[offset + t] = this.solve(l, s, t);
      }
    }
  }

  /**
   * For each of the sources (l, sources[b0 + b]), b < count: a feasible flow that sends the whole out-capacity
   * of the source down to layer m, as attention rollout spreads mass: every node forwards what it holds, a, over
   * all its arcs in proportion to their capacities (the fraction min(a / row sum, 1) of each; what a node cannot
   * forward is dropped, which only makes the restricted problem of {@link solveRows} smaller). Returns the
   * amounts held by the nodes of layer m, `[count, n]` row-major (a reused buffer).
   *
   * Spreading in proportion (rather than the search's diagonal-first order) keeps the supplies as even as the
   * attention allows, which is what lets the restricted problem reach the bound: with diagonal-first supplies,
   * or with m = 3, it fails for a large share of the pairs on peaky attention.
   *
   * Per layer this is E ← F·Â (F the fractions), one matrix product for the block: through the WebAssembly SIMD
   * kernel when the block has at least four rows and n is even, else in JavaScript with the kernel's exact
   * order of operations (per cell, the products added in k order starting from 0, no fused multiply–add), so
   * both give the same bits.
   */
  private descend(l: number, sources: Int32Array, b0: number, count: number, m: number): Float64Array {
    const { caps, n, rowSum } = this;
    const nn = n * n;
    const rows = (count + 3) & ~3;
    if (this.descE.length < rows * n) {
      this.descE = new Float64Array(rows * n);
      this.descF = new Float64Array(rows * n);
    }
    const E = this.descE;
    const F = this.descF;
    for (let b = 0; b < count; b++) {
      const from = (l - 1) * nn + sources[b0 + b]! * n;
      E.set(caps.subarray(from, from + n), b * n);
    }
    const simd = count >= 4 && n % 2 === 0;
    for (let j = l - 1; j > m; j--) {
      const lb = (j - 1) * nn;
      F.fill(0);
      for (let b = 0; b < count; b++) {
        for (let k = 0; k < n; k++) {
          const a = E[b * n + k]!;
          const total = rowSum[(j - 1) * n + k]!;
          F[b * n + k] = a > 0 && total > 0 ? (a >= total ? 1 : a / total) : 0;
        }
      }
      if (!(simd && simdMatmul(E, 0, F, 0, caps, lb, rows, n))) descendRowsJs(E, F, caps, lb, count, n);
    }
    return E;
  }

  /**
   * First blocking flow over the layered DAG (levels = layer indices). Returns the flow found.
   *
   * Iterative depth-first search with current-arc pointers, one augmenting path at a time, with **lazy path
   * updates**: with F the flow found so far, an arc pushed on the path when the flow was F₀ with residual r
   * gets the key r + F₀, so its current residual is key − F, and the path's bottleneck is
   * min(keys) − F, kept as a running minimum. An augmentation is then O(1) (F += d); an arc's residual is
   * written back only when it leaves the path (retreat to the topmost saturated arc, or a dead end).
   *
   * A current-arc pointer is the number of positions of the row already tried, in the order diagonal first,
   * then cyclic (k, k + 1, …, n − 1, 0, …, k − 1); dense rows need no list. **Dead nodes are skipped in
   * O(α(n))**: nodes only die during a solve (a layer-1 node when its one useful arc, to t, saturates; a higher
   * node when its row is exhausted), so a union–find per layer (`nextLive`) maps a position to the next live
   * one. Without it, every layer-2 node the search visits scans its whole row past the dead layer-1 nodes:
   * O(n²) per pair, which dominated at n = 512.
   *
   * **Layer 2 pushes in bulk**: from (2, k) the search sends flow to one live layer-1 node after another
   * (arc 2 never goes on the path), each push min(room above, residual of the arc, residual of (1, q) → t),
   * until the path above saturates, the row is exhausted, or the flow reaches the bound. Every write-back goes
   * to an undo log (cell, previous value) that {@link reset} replays backwards.
   */
  private phaseOne(l: number, s: number, t: number, stop: number): number {
    // (l ≥ 3: layer 2 is solved in closed form; the source's arc residuals are in `src`, filled by the caller.)
    const { n, res, src, dres, dead, iter, pos, key, pmin, eps, rowDense, p1Start, p1Cols, nextLive, r1, caps1T, liveList } = this;
    const nn = n * n;
    const n1 = n + 1;
    let undoCell = this.undoCell;
    let undoVal = this.undoVal;
    let cap = undoCell.length;
    let nUndo = this.nUndo;
    // Layer-1 nodes are alive iff their edge to t has residual capacity; higher nodes start alive.
    r1.set(caps1T.subarray(t * n, t * n + n));
    for (let k = 0; k < n; k++) {
      const alive = r1[k]! > eps;
      dead[n + k] = alive ? 0 : 1;
      nextLive[n1 + k] = alive ? k : k + 1;
    }
    nextLive[n1 + n] = n;
    // Diagonal residuals start at their capacities (arc layers 1 … l − 1; the sink's arcs are in r1).
    dres.set(this.diagCaps.subarray(n, l * n), n);
    // Node states of layers 2 … l start fresh (the search reads no others; block fills, cheaper than tracking
    // the nodes a solve visited, and also right after a later phase, which moves any current-arc pointer).
    dead.fill(0, 2 * n, (l + 1) * n);
    iter.fill(0, 2 * n, (l + 1) * n);
    for (let i = 2; i <= l; i++) nextLive.set(this.identity, i * n1);
    // Termination backstop (never reached: each augmentation saturates an arc or kills a node).
    const stepBound = (l * nn + (l + 1) * n + 1) * (l + 2);
    let steps = 0;
    // The path: node (j, pos[j]) for j = l … i; arc j goes (j, pos[j]) → (j − 1, pos[j − 1]) for j > i,
    // with key[j] and pmin[j] = min(key[j … l]).
    let flow = 0;
    // Greedy pre-pass (no search state): each source arc in the search's order sends what the diagonal chain
    // below it carries down to layer 2, which pushes it into the live layer-1 nodes as the bulk step does. On
    // attention with the residual connection this is most of the flow; the search below starts from it (a flow
    // along DAG paths, so phase one stays a blocking flow of the layered DAG, and every write is in the undo log).
    if (l >= 3) {
      for (let step = 0; step < n; step++) {
        const kc = s + step < n ? s + step : s + step - n;
        let d = src[kc]!;
        if (!(d > eps)) continue;
        for (let j = l - 2; j >= 2; j--) {
          const r = dres[j * n + kc]!;
          if (r < d) d = r;
        }
        if (!(d > eps)) continue;
        const row = nn + kc * n;
        let pushed = 0;
        // room in the undo log for this arc's writes (at most n + 1 pushes and l − 3 chain cells)
        if (nUndo + n + l > cap) {
          this.nUndo = nUndo;
          this.growUndo(nUndo + n + l);
          undoCell = this.undoCell;
          undoVal = this.undoVal;
          cap = undoCell.length;
        }
        // The sink's own layer-1 node first: its arc to t is the widest (the diagonal, with the residual).
        {
          const a = kc === t ? dres[n + t]! : res[row + t]!;
          const rk = r1[t]!;
          if (a > eps && rk > eps) {
            let x = d;
            if (a < x) x = a;
            if (rk < x) x = rk;
            if (kc === t) dres[n + t] = a - x;
            else {
              undoCell[nUndo] = row + t;
              undoVal[nUndo++] = a;
              res[row + t] = a - x;
            }
            r1[t] = rk - x;
            if (rk - x <= eps) nextLive[n1 + t] = t + 1;
            pushed = x;
          }
        }
        let p = kc;
        let wrapped = false;
        for (;;) {
          if (flow + pushed >= stop || d - pushed <= eps) break;
          let q = p;
          while (nextLive[n1 + q] !== q) {
            const g = nextLive[n1 + nextLive[n1 + q]!]!;
            nextLive[n1 + q] = g;
            q = g;
          }
          if (q === n) {
            if (wrapped) break;
            wrapped = true;
            p = 0;
            continue;
          }
          if (wrapped && q >= kc) break;
          const diag = q === kc;
          const a = diag ? dres[n + kc]! : res[row + q]!;
          if (a > eps) {
            const rk = r1[q]!;
            let x = d - pushed;
            if (a < x) x = a;
            if (rk < x) x = rk;
            if (diag) dres[n + kc] = a - x;
            else {
              undoCell[nUndo] = row + q;
              undoVal[nUndo++] = a;
              res[row + q] = a - x;
            }
            r1[q] = rk - x;
            if (rk - x <= eps) nextLive[n1 + q] = q + 1;
            pushed += x;
            if (flow + pushed >= stop || d - pushed <= eps) break;
          }
          p = q + 1;
          if (p === n) {
            if (wrapped) break;
            wrapped = true;
            p = 0;
          }
        }
        if (pushed > 0) {
          flow += pushed;
          src[kc] = src[kc]! - pushed;
          for (let j = l - 2; j >= 2; j--) dres[j * n + kc] = dres[j * n + kc]! - pushed;
          if (flow >= stop) {
            this.nUndo = nUndo;
            return flow;
          }
        }
      }
      // Layer-1 liveness for the search; and when only a few layer-1 nodes are left (typically just (1, t)), the
      // layer-2 nodes with no usable arc to any of them are dead ends: mark them dead so that the search never
      // enters them (one look at each layer-2 node instead of a visit with a row scan).
      let live1 = 0;
      for (let q = 0; q < n; q++) {
        if (r1[q]! <= eps) dead[n + q] = 1;
        else if (live1 < PRUNE_LIVE) liveList[live1++] = q;
        else live1 = PRUNE_LIVE + 1;
      }
      if (live1 <= PRUNE_LIVE && l >= 3) {
        const n2 = 2 * n1;
        for (let q2 = 0; q2 < n; q2++) {
          const row = nn + q2 * n;
          let useful = false;
          for (let a = 0; a < live1; a++) {
            const q1 = liveList[a]!;
            if ((q1 === q2 ? dres[n + q2]! : res[row + q1]!) > eps) {
              useful = true;
              break;
            }
          }
          if (!useful) {
            const node = 2 * n + q2;
            dead[node] = 1;
            nextLive[n2 + q2] = q2 + 1;
          }
        }
        // Second sweep, when one layer-1 node q1 is left (on peaky attention a large part of the flow is then
        // still at the source, behind layer-2 nodes that can no longer reach the sink): each source arc with
        // supply left goes down its chain to (3, k), which pushes it to the live layer-2 nodes (those with an
        // arc into (1, q1) left: the union–find of layer 2 above), diagonal first, then cyclically. The search
        // would find the same paths one augmentation at a time.
        if (live1 === 1 && l >= 4) {
          const q1 = liveList[0]!;
          const b3 = 2 * nn;
          let done = false;
          for (let step = 0; step < n && !done; step++) {
            const kc = s + step < n ? s + step : s + step - n;
            let d = src[kc]!;
            if (!(d > eps)) continue;
            for (let j = l - 2; j >= 3; j--) {
              const r = dres[j * n + kc]!;
              if (r < d) d = r;
            }
            if (!(d > eps)) continue;
            if (nUndo + 2 * n > cap) {
              this.nUndo = nUndo;
              this.growUndo(nUndo + 2 * n);
              undoCell = this.undoCell;
              undoVal = this.undoVal;
              cap = undoCell.length;
            }
            const row3 = b3 + kc * n;
            let pushed = 0;
            let p = kc;
            let wrapped = false;
            for (;;) {
              let q = p;
              while (nextLive[n2 + q] !== q) {
                const g = nextLive[n2 + nextLive[n2 + q]!]!;
                nextLive[n2 + q] = g;
                q = g;
              }
              if (q === n) {
                if (wrapped) break;
                wrapped = true;
                p = 0;
                continue;
              }
              if (wrapped && q >= kc) break;
              const a3 = q === kc ? dres[2 * n + kc]! : res[row3 + q]!;
              if (a3 > eps) {
                const c2 = nn + q * n + q1;
                const g = q === q1 ? dres[n + q]! : res[c2]!;
                const rq = r1[q1]!;
                let x = d - pushed;
                if (a3 < x) x = a3;
                if (g < x) x = g;
                if (rq < x) x = rq;
                if (q === kc) dres[2 * n + kc] = a3 - x;
                else {
                  undoCell[nUndo] = row3 + q;
                  undoVal[nUndo++] = a3;
                  res[row3 + q] = a3 - x;
                }
                if (q === q1) dres[n + q] = g - x;
                else {
                  undoCell[nUndo] = c2;
                  undoVal[nUndo++] = g;
                  res[c2] = g - x;
                }
                r1[q1] = rq - x;
                if (!(g - x > eps)) {
                  dead[2 * n + q] = 1;
                  nextLive[n2 + q] = q + 1;
                }
                pushed += x;
                if (!(rq - x > eps) || flow + pushed >= stop) {
                  done = true;
                  break;
                }
                if (!(d - pushed > eps)) break;
              }
              p = q + 1;
              if (p === n) {
                if (wrapped) break;
                wrapped = true;
                p = 0;
              }
            }
            if (pushed > 0) {
              flow += pushed;
              src[kc] = src[kc]! - pushed;
              for (let j = l - 2; j >= 3; j--) dres[j * n + kc] = dres[j * n + kc]! - pushed;
            }
          }
          if (flow >= stop) {
            this.nUndo = nUndo;
            return flow;
          }
          if (!(r1[q1]! > eps)) {
            dead[n + q1] = 1;
            nextLive[n1 + q1] = q1 + 1;
          }
        }
      }
    }
    let i = l;
    let k = s;
    pos[l] = s;
    pmin[l + 1] = Infinity;
    for (;;) {
      if (++steps > stepBound) throw iterationBoundError('attentionFlow', stepBound);
      if (i === 2) {
        // Layer 2, in bulk: push from (2, k) to one live layer-1 node after another without putting arc 2 on
        // the path; room = residual of the path above = pmin[3] − flow (lazy keys).
        const node = 2 * n + k;
        const r = n + k;
        const row = r * n;
        const dense = rowDense[r] === 1;
        const r0 = dense ? 0 : p1Start[r]!;
        const len = dense ? n : p1Start[r + 1]! - r0;
        let step = iter[node]!;
        let state = 0; // 0: row exhausted, 1: flow reached the bound, 2: the path above is saturated
        while (step < len) {
          let q: number;
          if (dense) {
            let p = k + step;
            const wrapped = p >= n;
            if (wrapped) p -= n;
            q = p;
            while (nextLive[n1 + q] !== q) {
              const g = nextLive[n1 + nextLive[n1 + q]!]!;
              nextLive[n1 + q] = g;
              q = g;
            }
            if (!wrapped) {
              if (q === n) {
                step = n - k;
                continue;
              }
              step = q - k;
            } else {
              if (q >= k) {
                step = n;
                break;
              }
              step = n - k + q;
            }
          } else {
            q = p1Cols[r0 + step]!;
            if (dead[n + q] !== 0) {
              step++;
              continue;
            }
          }
          const diag = q === k;
          const a = diag ? dres[n + k]! : res[row + q]!;
          if (!(a > eps)) {
            step++;
            continue;
          }
          if (++steps > stepBound) throw iterationBoundError('attentionFlow', stepBound);
          const rk = r1[q]!;
          const room = pmin[3]! - flow;
          let d = a < rk ? a : rk;
          if (room < d) d = room;
          if (diag) dres[n + k] = a - d;
          else {
            if (nUndo === cap) {
              this.nUndo = nUndo;
              this.growUndo();
              undoCell = this.undoCell;
              undoVal = this.undoVal;
              cap = undoCell.length;
            }
            undoCell[nUndo] = row + q;
            undoVal[nUndo++] = a;
            res[row + q] = a - d;
          }
          r1[q] = rk - d;
          if (rk - d <= eps) {
            dead[n + q] = 1;
            nextLive[n1 + q] = q + 1;
          }
          flow += d;
          if (flow >= stop) {
            state = 1;
            break;
          }
          if (pmin[3]! - flow <= eps) {
            state = 2;
            break;
          }
          if (a - d <= eps) step++;
        }
        iter[node] = step;
        // Reached the bound: done (arcs still on the path keep their residual unwritten; the solve is over).
        if (state === 1) break;
        let top: number;
        if (state === 2) {
          // Pop to the topmost saturated arc (≥ 3), writing back arcs 3 … top.
          top = 3;
          while (top < l && pmin[top + 1]! - flow <= eps) top++;
        } else {
          // (2, k) is exhausted: it dies and arc 3 leaves the path.
          dead[node] = 1;
          nextLive[2 * n1 + k] = k + 1;
          top = 3;
        }
        if (nUndo + top > cap) {
          this.nUndo = nUndo;
          this.growUndo();
          undoCell = this.undoCell;
          undoVal = this.undoVal;
          cap = undoCell.length;
        }
        for (let j = 3; j <= top; j++) {
          if (j === l) {
            src[pos[l - 1]!] = key[l]! - flow;
            break;
          }
          const kf = pos[j]!;
          const kt = pos[j - 1]!;
          if (kf === kt) {
            dres[(j - 1) * n + kf] = key[j]! - flow;
            continue;
          }
          const c = (j - 1) * nn + kf * n + kt;
          undoCell[nUndo] = c;
          undoVal[nUndo++] = res[c]!;
          res[c] = key[j]! - flow;
        }
        i = top;
        k = pos[top]!;
        continue;
      }
      // Advance along the current arc of (i, k) to a live node of layer i − 1.
      const node = i * n + k;
      const r = (i - 1) * n + k;
      // The source's arcs: residuals in `src` (dense, as a virtual source's supplies have no list).
      const atSource = i === l;
      const row = atSource ? 0 : r * n;
      const arcs = atSource ? src : res;
      let step = iter[node]!;
      let kt = -1;
      if (atSource || rowDense[r] === 1) {
        // positions k … n − 1, then 0 … k − 1, jumping over dead nodes of layer i − 1 with its union–find
        const b = (i - 1) * n1;
        while (step < n) {
          let p = k + step;
          const wrapped = p >= n;
          if (wrapped) p -= n;
          let q = p;
          while (nextLive[b + q] !== q) {
            const g = nextLive[b + nextLive[b + q]!]!;
            nextLive[b + q] = g;
            q = g;
          }
          if (!wrapped) {
            if (q === n) {
              step = n - k;
              continue;
            }
            step = q - k;
          } else {
            if (q >= k) {
              step = n;
              break;
            }
            step = n - k + q;
          }
          if ((q === k && !atSource ? dres[r]! : arcs[row + q]!) > eps) {
            kt = q;
            break;
          }
          step++;
        }
      } else {
        const below = (i - 1) * n;
        const r0 = p1Start[r]!;
        const len = p1Start[r + 1]! - r0;
        for (; step < len; step++) {
          const q = p1Cols[r0 + step]!;
          if ((q === k ? dres[r]! : res[row + q]!) > eps && dead[below + q] === 0) {
            kt = q;
            break;
          }
        }
      }
      iter[node] = step;
      if (kt >= 0) {
        const kk = (kt === k && !atSource ? dres[r]! : arcs[row + kt]!) + flow;
        key[i] = kk;
        const above = pmin[i + 1]!;
        pmin[i] = kk < above ? kk : above;
        i--;
        k = kt;
        pos[i] = kt;
      } else {
        dead[node] = 1;
        nextLive[i * n1 + k] = k + 1;
        if (i === l) break;
        // Retreat: arc i + 1 leaves the path.
        i++;
        k = pos[i]!;
        if (i === l) {
          src[pos[l - 1]!] = key[l]! - flow;
          continue;
        }
        if (k === pos[i - 1]) {
          dres[(i - 1) * n + k] = key[i]! - flow;
          continue;
        }
        const c = (i - 1) * nn + k * n + pos[i - 1]!;
        if (nUndo === cap) {
          this.nUndo = nUndo;
          this.growUndo();
          undoCell = this.undoCell;
          undoVal = this.undoVal;
          cap = undoCell.length;
        }
        undoCell[nUndo] = c;
        undoVal[nUndo++] = res[c]!;
        res[c] = key[i]! - flow;
      }
    }
    this.nUndo = nUndo;
    return flow;
  }

  /**
   * Dinic phases on the full residual graph (down arcs with residual, up arcs carrying flow), with BFS levels
   * to the sink, until the BFS no longer reaches the source or the flow meets the bound. Node ids:
   * layer·n + position; the sink is node t (layer 0). Arc j of node (i, k): j < rowLen is the down arc to
   * (i − 1, rowCols[r0 + j]) (for i = 1 only the arc to t, as j = 0), j ≥ rowLen the up arc to
   * (i + 1, colRows[c0 + j − rowLen]) (only below layer l − 1: flow never returns to the source's layer).
   */
  private laterPhases(l: number, s: number, t: number, flow0: number, stop: number, bound: number): number {
    const { n, res, caps, eps, level, queue, iter, pathNode, pathArc, dirty } = this;
    let touched = this.touched;
    const rowStart = this.rowStart!;
    const rowCols = this.rowCols!;
    const colStart = this.colStart!;
    const colRows = this.colRows!;
    const nodes = (this.layers + 1) * n;
    const stepBound = (this.layers * n * n + nodes + 1) * (nodes + 1);
    let phases = 0;
    const nn = n * n;
    const src = l * n + s;
    let flow = flow0;
    let nTouched = this.nTouched;
    for (;;) {
      // Backstops (never reached): at most V phases, as the source's distance to the sink grows every phase.
      if (++phases > nodes + 1) throw iterationBoundError('attentionFlow', nodes + 1);
      let steps = 0;
      // Backward BFS from t: level = residual distance to the sink.
      let head = 0;
      let tail = 0;
      queue[tail++] = t;
      level[t] = 0;
      let found = false;
      bfs: while (head < tail) {
        const v = queue[head++]!;
        const i = (v / n) | 0;
        const k = v - i * n;
        const lw = level[v]! + 1;
        if (i === 0) {
          // (1, kf) → t with residual.
          for (let q = colStart[t]!, end = colStart[t + 1]!; q < end; q++) {
            const kf = colRows[q]!;
            const w = n + kf;
            if (level[w]! < 0 && res[kf * n + t]! > eps) {
              level[w] = lw;
              queue[tail++] = w;
              if (w === src) {
                found = true;
                break bfs;
              }
            }
          }
          continue;
        }
        // Down arcs (i + 1, kf) → (i, k) with residual: column k of layer i + 1.
        if (i + 1 < l) {
          const wBase = (i + 1) * n;
          for (let q = colStart[i * n + k]!, end = colStart[i * n + k + 1]!; q < end; q++) {
            const kf = colRows[q]!;
            const w = wBase + kf;
            if (level[w]! < 0 && res[i * nn + kf * n + k]! > eps) {
              level[w] = lw;
              queue[tail++] = w;
            }
          }
        } else if (i + 1 === l) {
          if (res[i * nn + s * n + k]! > eps) {
            level[src] = lw;
            queue[tail++] = src;
            found = true;
            break bfs;
          }
        }
        // Up arcs (i − 1, kt) → (i, k) carrying flow: row k of layer i.
        if (i >= 2) {
          const row = (i - 1) * nn + k * n;
          const wBase = (i - 1) * n;
          for (let q = rowStart[(i - 1) * n + k]!, end = rowStart[(i - 1) * n + k + 1]!; q < end; q++) {
            const kt = rowCols[q]!;
            const w = wBase + kt;
            if (level[w]! < 0 && caps[row + kt]! - res[row + kt]! > eps) {
              level[w] = lw;
              queue[tail++] = w;
            }
          }
        }
      }
      if (!found) {
        for (let q = 0; q < tail; q++) level[queue[q]!] = -1;
        this.nTouched = nTouched;
        return flow;
      }
      for (let q = 0; q < tail; q++) iter[queue[q]!] = 0;
      // Blocking flow by current-arc DFS; pathNode/pathArc hold the nodes and the cells of the arcs taken
      // (cell ≥ 0: down arc, residual res[cell]; cell < 0: up arc on cell −cell − 1, residual caps − res).
      let depth = 0;
      let u = src;
      let done = false;
      for (;;) {
        if (++steps > stepBound) throw iterationBoundError('attentionFlow', stepBound);
        if (u === t) {
          let d = Infinity;
          for (let q = 0; q < depth; q++) {
            const c = pathArc[q]!;
            const r = c >= 0 ? res[c]! : caps[-c - 1]! - res[-c - 1]!;
            if (r < d) d = r;
          }
          let cut = -1;
          for (let q = 0; q < depth; q++) {
            const c = pathArc[q]!;
            const cell = c >= 0 ? c : -c - 1;
            let r: number;
            if (c >= 0) {
              r = res[cell]! - d;
              res[cell] = r;
            } else {
              res[cell] = res[cell]! + d;
              r = caps[cell]! - res[cell]!;
            }
            if (dirty[cell] === 0) {
              dirty[cell] = 1;
              if (nTouched === touched.length) touched = this.growTouched();
              touched[nTouched++] = cell;
            }
            if (cut < 0 && r <= eps) cut = q;
          }
          flow += d;
          if (flow >= stop) {
            done = true;
            break;
          }
          depth = cut < 0 ? 0 : cut;
          u = pathNode[depth]!;
          continue;
        }
        const want = level[u]! - 1;
        const i = (u / n) | 0;
        const k = u - i * n;
        // Down arcs: the row list (layer 1: the single arc to t).
        const r0 = i === 1 ? 0 : rowStart[(i - 1) * n + k]!;
        const rowLen = i === 1 ? 1 : rowStart[(i - 1) * n + k + 1]! - r0;
        const c0 = i + 1 < l ? colStart[i * n + k]! : 0;
        const colLen = i + 1 < l ? colStart[i * n + k + 1]! - c0 : 0;
        let j = iter[u]!;
        let next = -1;
        let cell = 0;
        for (; j < rowLen + colLen; j++) {
          if (j < rowLen) {
            if (i === 1) {
              if (want === 0 && res[k * n + t]! > eps) {
                next = t;
                cell = k * n + t;
                break;
              }
              continue;
            }
            const kt = rowCols[r0 + j]!;
            const v = (i - 1) * n + kt;
            const c = (i - 1) * nn + k * n + kt;
            if (level[v] === want && res[c]! > eps) {
              next = v;
              cell = c;
              break;
            }
          } else {
            const kf = colRows[c0 + j - rowLen]!;
            const v = (i + 1) * n + kf;
            const c = i * nn + kf * n + k;
            if (level[v] === want && caps[c]! - res[c]! > eps) {
              next = v;
              cell = -c - 1;
              break;
            }
          }
        }
        iter[u] = j;
        if (next >= 0) {
          pathNode[depth] = u;
          pathArc[depth] = cell;
          depth++;
          u = next;
        } else {
          level[u] = -2;
          if (depth === 0) break;
          depth--;
          u = pathNode[depth]!;
          iter[u] = iter[u]! + 1;
        }
      }
      for (let q = 0; q < tail; q++) level[queue[q]!] = -1;
      level[src] = -1;
      if (done) {
        this.nTouched = nTouched;
        return flow > bound ? bound : flow;
      }
    }
  }
}
