#!/usr/bin/env python3
"""Integrated Gradients on the committed spam transformer in PyTorch: the side-by-side reference for
bench/attribution-compare.ts (which runs this script; run it under /usr/bin/python3 with Debian's
python3-torch).

    /usr/bin/python3 bench/attribution-torch.py IN.json OUT.json

IN.json: { "model": "examples/models/spam-transformer", "ids": [...], "nSteps": 50, "reps": 30,
           "threads": 1, "target": 1 }
OUT.json: versions, per variant the IG wall-clock and process CPU times (seconds), and the
attributions [n, d] and probabilities of one run (for the cross-check against faithcheck).
torch.set_num_threads(threads); the caller sets OMP_NUM_THREADS / OPENBLAS_NUM_THREADS to match (one
process per thread count) and may point LD_LIBRARY_PATH at OpenBLAS (Debian's torch links the
generic libblas.so.3, the slow reference BLAS unless an optimised one is selected).

The model is rebuilt from the model file (same weights, float32): pre-LayerNorm encoder, learned
positions added to the token embeddings, H heads, GELU (tanh approximation), LayerNorm eps 1e-5,
[CLS] (position 0) pooling, softmax output; the IG target is the probability of class `target`.
IG is written here (no Captum): Gauss–Legendre nodes and weights on [0, 1] (numpy.polynomial.legendre),
zero baseline, all nSteps points in one batched forward/backward.

Variants:
- "full": every layer computes all n positions, as nn.TransformerEncoder and a typical torch model do
  (what Captum would time);
- "clsLast": the last layer computes the attention query and the feed-forward block only for [CLS]
  (the same shortcut faithcheck's TransformerClassifier takes); identical outputs.
"""
import json
import math
import platform
import sys
import time

import numpy as np
import torch


def load(path):
    meta = json.load(open(path + '.json'))
    raw = open(path.rsplit('/', 1)[0] + '/' + meta['weightsFile'], 'rb').read()
    W = {}
    for w in meta['weights']:
        size = int(np.prod(w['shape']))
        arr = np.frombuffer(raw, dtype='<f4', count=size, offset=w['offset']).reshape(w['shape'])
        W[w['name']] = torch.from_numpy(arr.copy())
    return meta['config'], W


def layer_norm(x, g, b):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), g, b, 1e-5)


def gelu(x):
    return torch.nn.functional.gelu(x, approximate='tanh')


def run(cfg, W, emb, cls_last):
    """Probabilities [B, C] for token embeddings emb [B, n, d]."""
    B, n, d = emb.shape
    H = cfg['heads']
    dh = d // H
    L = cfg['layers']
    x = emb + W['embeddings/position'][:n]
    for l in range(L):
        p = f'layer{l}/'
        h = layer_norm(x, W[p + 'ln1/gamma'], W[p + 'ln1/beta'])
        last = cls_last and l == L - 1
        hq = h[:, :1] if last else h
        q = (hq @ W[p + 'attention/query/kernel'] + W[p + 'attention/query/bias']).view(B, -1, H, dh).transpose(1, 2)
        k = (h @ W[p + 'attention/key/kernel'] + W[p + 'attention/key/bias']).view(B, n, H, dh).transpose(1, 2)
        v = (h @ W[p + 'attention/value/kernel'] + W[p + 'attention/value/bias']).view(B, n, H, dh).transpose(1, 2)
        a = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(dh), dim=-1)
        ctx = (a @ v).transpose(1, 2).reshape(B, -1, d)
        if last:
            x = x[:, :1]
        x = x + ctx @ W[p + 'attention/output/kernel'] + W[p + 'attention/output/bias']
        h2 = layer_norm(x, W[p + 'ln2/gamma'], W[p + 'ln2/beta'])
        x = x + gelu(h2 @ W[p + 'ffn/inner/kernel'] + W[p + 'ffn/inner/bias']) @ W[p + 'ffn/output/kernel'] + W[p + 'ffn/output/bias']
    cls = layer_norm(x[:, 0], W['final_ln/gamma'], W['final_ln/beta'])
    return torch.softmax(cls @ W['classifier/kernel'] + W['classifier/bias'], dim=-1)


def integrated_gradients(cfg, W, x, target, n_steps, cls_last):
    """IG with a zero baseline, Gauss–Legendre on [0, 1]: (x − x′) ⊙ Σ w_i ∇f(x′ + α_i (x − x′))."""
    nodes, weights = np.polynomial.legendre.leggauss(n_steps)
    alphas = torch.tensor((nodes + 1) / 2, dtype=torch.float32)
    w = torch.tensor(weights / 2, dtype=torch.float32)
    baseline = torch.zeros_like(x)
    pts = (baseline + alphas.view(-1, 1, 1) * (x - baseline)).requires_grad_(True)
    probs = run(cfg, W, pts, cls_last)
    (grads,) = torch.autograd.grad(probs[:, target].sum(), pts)
    return (x - baseline) * (w.view(-1, 1, 1) * grads).sum(0), probs


def blas_library():
    """The libblas.so.3 this process loaded (Debian: reference BLAS or OpenBLAS)."""
    try:
        paths = [line.split()[-1] for line in open('/proc/self/maps') if 'blas' in line]
        for key in ('libblas.so', 'libopenblas', 'blas'):
            for path in paths:
                if key in path.rsplit('/', 1)[-1]:
                    return path
    except OSError:
        pass
    return 'unknown'


def main():
    spec = json.load(open(sys.argv[1]))
    cfg, W = load(spec['model'])
    ids = torch.tensor(spec['ids'], dtype=torch.long)
    x = W['embeddings/token'][ids]
    target = spec.get('target', 1)
    n_steps = spec.get('nSteps', 50)
    reps = spec.get('reps', 30)
    out = {
        'torch': torch.__version__,
        'numpy': np.__version__,
        'python': platform.python_version(),
        'blas': blas_library(),
        'times': {},
    }
    with torch.no_grad():
        out['probs'] = run(cfg, W, x[None], False)[0].tolist()
    torch.set_num_threads(spec.get('threads', 1))
    variants = ('full', 'clsLast')
    for variant in variants:
        for _ in range(3):
            integrated_gradients(cfg, W, x, target, n_steps, variant == 'clsLast')
        out['times'][variant] = {'wall': [], 'cpu': []}
    # interleaved, as on the JS side
    for _ in range(reps):
        for variant in variants:
            c0 = time.process_time()
            t0 = time.perf_counter()
            integrated_gradients(cfg, W, x, target, n_steps, variant == 'clsLast')
            out['times'][variant]['wall'].append(time.perf_counter() - t0)
            out['times'][variant]['cpu'].append(time.process_time() - c0)
    attr, _ = integrated_gradients(cfg, W, x, target, n_steps, False)
    out['attributions'] = attr.reshape(-1).tolist()
    json.dump(out, open(sys.argv[2], 'w'))


if __name__ == '__main__':
    main()
