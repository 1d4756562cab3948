#!/usr/bin/env python3
"""numpy timing of attention rollout on the sizes of bench/rollout.bench.ts, for a side-by-side table.

Same work as faithcheck's attentionRollout (defaults): mean head fusion, residual (Ā + I) row-normalised,
R = Â_L ··· Â_1, in float64 from float32 softmax input. Timed twice: the rollout alone (Abnar's
compute_joint_attention on the head mean, as the reference code does it) and with the same validation
faithcheck does (finite, non-negative, row sums within 1e-5) as separate numpy passes.

Run: python3 bench/rollout-numpy.py            (prints a markdown table with medians and minima in ms)
     OPENBLAS_NUM_THREADS=1 python3 bench/rollout-numpy.py   to pin BLAS to one thread
"""
import os
import platform
import statistics
import sys
import time

import numpy as np


def softmax_stack(L, H, n, seed):
    rng = np.random.default_rng(seed)
    z = 2 * rng.standard_normal((L, H, n, n))
    z -= z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)


def validate(att, tol=1e-5):
    if not np.isfinite(att).all():
        raise ValueError('non-finite')
    if (att < 0).any():
        raise ValueError('negative')
    if np.abs(att.sum(axis=-1, dtype=np.float64) - 1).max() > tol:
        raise ValueError('row sums')


def prepared(att):
    fused = att.astype(np.float64).mean(axis=1)
    aug = fused + np.eye(fused.shape[-1])[None]
    return aug / aug.sum(axis=-1, keepdims=True)


def rollout_full(att):
    a = prepared(att)
    r = a[0]
    for layer in range(1, a.shape[0]):
        r = a[layer] @ r
    return r


def rollout_row(att, row=0):
    a = prepared(att)
    v = a[-1][row]
    for layer in range(a.shape[0] - 2, -1, -1):
        v = v @ a[layer]
    return v


def timeit(fn, reps):
    fn()  # warm-up
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1e3)
    return statistics.median(ts), min(ts), len(ts)


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'


def blas_name():
    try:
        cfg = np.show_config(mode='dicts')
        b = cfg.get('Build Dependencies', {}).get('blas', {})
        return f"{b.get('name', '?')} {b.get('version', '')}".strip()
    except Exception:  # older numpy
        return 'unknown'


def bert_cases():
    """--bert: n = 256 and n = 512 (full matrix and one row, with the same validation as faithcheck), as JSON
    lines for bench/flow-bert.ts, which runs this in the same process tree right after its own timings."""
    import json
    for n, seed in [(256, 4), (512, 2)]:
        att = softmax_stack(12, 12, n, seed)
        for case, fn, reps in [('full', rollout_full, 7), ('row', lambda a: rollout_row(a, 0), 7)]:
            med, mn, k = timeit(lambda: fn(att), reps)
            vmed, vmn, _ = timeit(lambda: (validate(att), fn(att)), reps)
            print(json.dumps({'n': n, 'case': case, 'median': med, 'min': mn, 'vmedian': vmed, 'vmin': vmn, 'runs': k,
                              'numpy': np.__version__, 'blas': blas_name(),
                              'threads': os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}), flush=True)


def main():
    if '--bert' in sys.argv:
        bert_cases()
        return
    cases = []
    s128 = softmax_stack(12, 12, 128, 1)
    s512 = softmax_stack(12, 12, 512, 2)
    s197 = softmax_stack(12, 12, 197, 3)
    for name, att, fn, reps in [
        ('n=128 full matrix', s128, rollout_full, 30),
        ('n=197 full matrix', s197, rollout_full, 20),
        ('n=512 single row', s512, lambda a: rollout_row(a, 0), 10),
        ('n=512 full matrix', s512, rollout_full, 10),
    ]:
        med, mn, k = timeit(lambda: fn(att), reps)
        vmed, vmn, _ = timeit(lambda: (validate(att), fn(att)), reps)
        cases.append((name, med, mn, vmed, vmn, k))

    print(f'numpy {np.__version__} ({blas_name()}), Python {sys.version.split()[0]}, {cpu_model()}, '
          f'{os.cpu_count()} CPUs, OPENBLAS_NUM_THREADS={os.environ.get("OPENBLAS_NUM_THREADS", "unset")}, '
          f'load average {os.getloadavg()[0]:.2f}')
    print('| case (L = 12, H = 12, float32 input) | rollout only: median | min | with validation: median | min | runs |')
    print('|---|---|---|---|---|---|')
    for name, med, mn, vmed, vmn, k in cases:
        print(f'| {name} | {med:.2f} | {mn:.2f} | {vmed:.2f} | {vmn:.2f} | {k} |')


if __name__ == '__main__':
    main()
