#!/usr/bin/env python3
"""Time networkx max-flow on the exact graphs bench/flow-compare.ts sends (Abnar & Zuidema's construction).

Usage: python3 bench/flow-networkx.py IN.json OUT.json

IN.json: {"graphs": [{"id", "L", "n", "caps": flat [L, n, n] Â (row = query = upper node),
                      "pairs": [[layer, o, t], ...], "algos": ["preflow_push" | "edmonds_karp", ...]}]}
The graph is built as samiraabnar/attention_flow @8044f53 does (get_adjmat: node (i, k) = i·n + k, edge
(i, k_f) -> (i-1, k_t) with capacity Â_i[k_f, k_t]; nx.from_numpy_array since from_numpy_matrix is gone in
networkx 3) and each pair is timed as one call of
nx.algorithms.flow.maximum_flow_value(G, layer·n + o, t, capacity='capacity', flow_func=...),
preflow_push being networkx's default. Graph construction is timed separately and not included per pair.
OUT.json: {"networkx", "numpy", "python", "graphs": [{"id", "buildSeconds", "algos": {name: {"seconds": [...],
"values": [...]}}}]}
"""
import json
import platform
import sys
import time

import networkx as nx
import numpy as np
from networkx.algorithms.flow import edmonds_karp, preflow_push

ALGOS = {'preflow_push': preflow_push, 'edmonds_karp': edmonds_karp}


def get_adjmat(mat):
    n_layers, length, _ = mat.shape
    adj = np.zeros(((n_layers + 1) * length, (n_layers + 1) * length))
    for i in range(1, n_layers + 1):
        adj[i * length:(i + 1) * length, (i - 1) * length:i * length] = mat[i - 1]
    return adj


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        spec = json.load(f)
    out = {'networkx': nx.__version__, 'numpy': np.__version__, 'python': platform.python_version(), 'graphs': []}
    for g in spec['graphs']:
        L, n = g['L'], g['n']
        caps = np.array(g['caps'], dtype=float).reshape(L, n, n)
        t0 = time.perf_counter()
        G = nx.from_numpy_array(get_adjmat(caps), create_using=nx.DiGraph())
        for _, _, d in G.edges(data=True):
            d['capacity'] = d['weight']
        build = time.perf_counter() - t0
        res = {'id': g['id'], 'buildSeconds': build, 'edges': G.number_of_edges(), 'algos': {}}
        for name in g['algos']:
            secs, vals = [], []
            for layer, o, t in g['pairs']:
                t0 = time.perf_counter()
                v = nx.algorithms.flow.maximum_flow_value(G, layer * n + o, t, capacity='capacity', flow_func=ALGOS[name])
                secs.append(time.perf_counter() - t0)
                vals.append(v)
            res['algos'][name] = {'seconds': secs, 'values': vals}
            print(f"networkx {g['id']} {name}: median {1e3 * float(np.median(secs)):.1f} ms/pair over {len(secs)} pairs",
                  file=sys.stderr)
        out['graphs'].append(res)
    with open(dst, 'w') as f:
        json.dump(out, f)


if __name__ == '__main__':
    main()
