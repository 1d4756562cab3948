#!/usr/bin/env python3
"""scipy.stats.kendalltau vs faithcheck's kendallTau on the same inputs, timed alternately.

The inputs come from the fixture generator (tests/fixtures/python/agreement/runner.py:
xorshift32 uniforms, Irwin-Hall draws; a = x, b = 0.6x + 0.8e, seed 1000 + log10 n), which
bench/agreement-compare.ts reproduces bit for bit in Node. For each round and each size the script
times one scipy call, then asks the Node worker for one kendallTau call, so both see the same
machine load; small sizes are timed as batches of back-to-back calls (per-call mean, batch size
max(1, 10^5 / n) on both sides). It reports medians, the ratio, and checks that both give the same tau.

Heavily tied case (issue 13): --tied 1000000 adds a = integer levels 0..999, b = a + levels 0..699 (numpy
default_rng(13)), written to a temporary file that the Node worker reads, so both sides see the same values.

Run:  python3 bench/agreement-scipy.py [--rounds 15] [--sizes 100,1000,10000,100000,1000000] [--tied 1000000]
Prints a markdown table (paste into bench/results/agreement.md).
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import scipy
import scipy.stats as st

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures", "python", "agreement"))
from runner import generate  # noqa: E402  (same generator as the fixtures)


def inputs(n):
    return generate({"seed": 1000 + round(np.log10(n)), "n": n, "ca": 0.6, "cb": 0.8, "scale": 1.0})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--sizes", default="100,1000,10000,100000,1000000")
    ap.add_argument("--tied", default="", help="sizes of the heavily tied case, e.g. 1000000")
    ap.add_argument("--baseline", default="", help="src/ dir of another checkout, timed as a third column")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    data = {n: inputs(n) for n in sizes}
    paths = {}
    import tempfile
    for n in [int(s) for s in args.tied.split(",") if s]:
        rng = np.random.default_rng(13)
        a = rng.integers(0, 1000, n).astype(np.float64)
        b = a + rng.integers(0, 700, n).astype(np.float64)
        key = f"tied {n:,}"
        fd, path = tempfile.mkstemp(suffix=".f64")
        with os.fdopen(fd, "wb") as fh:
            fh.write(np.concatenate([a, b]).astype("<f8").tobytes())
        data[key] = (a, b)
        paths[key] = path
        sizes.append(key)
    node = subprocess.Popen(["npx", "tsx", os.path.join(ROOT, "bench", "agreement-compare.ts")], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    base = None
    if args.baseline:
        base = subprocess.Popen(["npx", "tsx", os.path.join(ROOT, "bench", "agreement-compare.ts")], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                env={**os.environ, "KENDALL_BASELINE": args.baseline})

    def size(n):
        return len(data[n][0])

    def reps(n):
        return max(1, 100_000 // size(n))

    def node_time(n, proc=None):
        proc = proc or node
        proc.stdin.write(f"{size(n)} {reps(n)} {paths[n]}\n" if n in paths else f"{n} {reps(n)}\n")
        proc.stdin.flush()
        n_out, ms, tau = proc.stdout.readline().split()
        return float(ms) / 1e3, float(tau)

    for n in sizes:  # warm-up both sides
        st.kendalltau(*data[n])
        node_time(n)
        if base:
            node_time(n, base)
    times = {n: ([], []) for n in sizes}
    btimes = {n: [] for n in sizes}
    taus = {}
    for _ in range(args.rounds):
        for n in sizes:
            a, b = data[n]
            k = reps(n)
            t0 = time.perf_counter()
            for _ in range(k):
                res = st.kendalltau(a, b)
            times[n][0].append((time.perf_counter() - t0) / k)
            t_node, tau_node = node_time(n)
            times[n][1].append(t_node)
            if base:
                btimes[n].append(node_time(n, base)[0])
            taus[n] = (float(res.statistic), tau_node)
    node.stdin.close()
    node.wait()
    if base:
        base.stdin.close()
        base.wait()
    for path in paths.values():
        os.unlink(path)

    cpu = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name"):
                cpu = line.split(":", 1)[1].strip()
    except OSError:
        pass
    nodev = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"CPU: {cpu} ({os.cpu_count()} logical CPUs); Node {nodev}; Python {platform.python_version()}, "
          f"numpy {np.__version__}, scipy {scipy.__version__}; {args.rounds} alternating rounds\n")
    bh = " baseline median (ms/call) | baseline / scipy | ours / scipy |" if base else ""
    print("| n | calls per sample | scipy.stats.kendalltau median (ms/call) | faithcheck kendallTau median (ms/call) | scipy / faithcheck | min scipy / min ours (ms) | same τ |" + bh)
    print("|---:|---:|---:|---:|---:|---:|:---:|" + ("---:|---:|---:|" if base else ""))
    for n in sizes:
        s, f = times[n]
        ms, mf = statistics.median(s) * 1e3, statistics.median(f) * 1e3
        same = "yes" if taus[n][0] == taus[n][1] else f"no ({taus[n][0]!r} vs {taus[n][1]!r})"
        label = n if isinstance(n, str) else f"{n:,}"
        extra = ""
        if base:
            mb = statistics.median(btimes[n]) * 1e3
            extra = f" {mb:.3f} | {mb / ms:.2f}× | {mf / ms:.2f}× |"
        print(f"| {label} | {reps(n)} | {ms:.3f} | {mf:.3f} | {ms / mf:.2f}× | {min(s) * 1e3:.3f} / {min(f) * 1e3:.3f} | {same} |" + extra)


if __name__ == "__main__":
    main()
