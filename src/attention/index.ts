export {};
export { ATTENTION_ROLLOUT_DEFAULTS, attentionRollout, type AttentionRolloutOptions } from './attentionRollout.js';
export { attentionRolloutLayers } from './attentionRolloutLayers.js';
export { maxOverRows } from './maxOverRows.js';
export { rowReadout, type RowReadoutOptions } from './rowReadout.js';
export { rawAttentionReadout, type RawAttentionReadoutOptions } from './rawAttentionReadout.js';
export {
  attentionFlow,
  ATTENTION_FLOW_DEFAULTS,
  type AttentionFlowOptions,
  type AttentionFlowSolver,
} from './attentionFlow.js';
export { attentionFlowParallel, type AttentionFlowParallelOptions } from './attentionFlowParallel.js';
export { layeredAttentionGraph, type LayeredAttentionGraph } from './layeredAttentionGraph.js';
export { createFlowGraph, type FlowEdge, type FlowEdgeColumns } from './maxflow/createFlowGraph.js';
export { createMaxFlowSolver, type MaxFlowSolver } from './maxflow/createMaxFlowSolver.js';
export { edmondsKarp } from './maxflow/edmondsKarp.js';
export type { FlowGraph } from './maxflow/flowGraph.js';
export { LP_MAX_EDGES, lpMaxFlow } from './maxflow/lpMaxFlow.js';
export { maxFlow } from './maxflow/maxFlow.js';
