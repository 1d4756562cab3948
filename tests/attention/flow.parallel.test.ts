/** attentionFlowParallel: same values as attentionFlow (bit for bit) on worker threads, progress, abort. */
import { describe, expect, it } from 'vitest';
import { AbortError, attentionFlow, attentionFlowParallel } from '../../src/index.js';
import { softmaxStack } from '../helpers/attention.js';

describe('attentionFlowParallel', () => {
  const att = softmaxStack(6, 4, 24, 11);

  it('2 workers give exactly attentionFlow’s values (raw and normalised)', async () => {
    const sync = attentionFlow(att, { normalize: false });
    const par = await attentionFlowParallel(att, { workers: 2, normalize: false });
    expect(par.shape).toEqual([24, 24]);
    expect(par.data).toEqual(sync.data);
    expect(par.data.buffer).toBeInstanceOf(ArrayBuffer); // not a SharedArrayBuffer
    const norm = await attentionFlowParallel(att, { workers: 2 });
    expect(norm.data).toEqual(attentionFlow(att).data);
  }, 60_000);

  it('layer, outputs and the reference solver pass through to the workers', async () => {
    const opts = { layer: 3, outputs: [5, 0, 5, 23], normalize: false, solver: 'edmondsKarp' as const };
    const par = await attentionFlowParallel(att, { ...opts, workers: 2 });
    expect(par.shape).toEqual([4, 24]);
    expect(par.data).toEqual(attentionFlow(att, opts).data);
  }, 60_000);

  it('workers: 1 computes in the calling thread with the same values and reports progress', async () => {
    const seen: Array<[number, number]> = [];
    const par = await attentionFlowParallel(att, { workers: 1, onProgress: (d, t) => seen.push([d, t]) });
    expect(par.data).toEqual(attentionFlow(att).data);
    expect(seen[seen.length - 1]).toEqual([24, 24]);
  });

  it('reports progress from workers, ending at (rows, rows)', async () => {
    const seen: number[] = [];
    await attentionFlowParallel(att, { workers: 2, onProgress: (d, t) => { expect(t).toBe(24); seen.push(d); } });
    expect(seen[seen.length - 1]).toBe(24);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  }, 60_000);

  it('an aborted signal rejects with AbortError (before and during the computation)', async () => {
    const before = new AbortController();
    before.abort('stop');
    await expect(attentionFlowParallel(att, { signal: before.signal })).rejects.toBeInstanceOf(AbortError);
    const during = new AbortController();
    const big = softmaxStack(12, 1, 64, 3);
    const p = attentionFlowParallel(big, { workers: 2, signal: during.signal, onProgress: () => during.abort() });
    await expect(p).rejects.toBeInstanceOf(AbortError);
    const inThread = new AbortController();
    const q = attentionFlowParallel(big, { workers: 1, signal: inThread.signal, onProgress: () => inThread.abort() });
    await expect(q).rejects.toBeInstanceOf(AbortError);
  }, 60_000);

  it('a single output row or an empty outputs list needs no workers', async () => {
    expect((await attentionFlowParallel(att, { outputs: [3] })).data).toEqual(attentionFlow(att, { outputs: [3] }).data);
    expect((await attentionFlowParallel(att, { outputs: [] })).shape).toEqual([0, 24]);
  });
});
