/**
 * Reusable scratch memory for the sorting kernels.
 *
 * At n = 10⁶ Kendall's τ needs ~30 MB of temporary typed arrays. Fresh ArrayBuffers come from
 * the OS as untouched pages, and on virtualised hosts the first write to each page costs
 * microseconds — tens of milliseconds per call, more than the sorting itself. So the kernels borrow
 * these buffers instead: each slot keeps the largest buffer handed out so far behind a `WeakRef`,
 * so the memory is reused by back-to-back calls and still released when the garbage collector
 * needs it. Contents are arbitrary; every kernel writes before it reads. Calls are synchronous
 * and never nested within one slot, so a buffer is never shared by two live computations.
 *
 * @module
 */

const slots: (WeakRef<ArrayBuffer> | undefined)[] = [undefined, undefined];

/** A buffer of at least `bytes` bytes from slot 0 (records, ranks) or 1 (histograms). */
export function scratchBuffer(slot: 0 | 1, bytes: number): ArrayBuffer {
  let buf = slots[slot]?.deref();
  if (buf === undefined || buf.byteLength < bytes) {
    buf = new ArrayBuffer(bytes);
    slots[slot] = new WeakRef(buf);
  }
  return buf;
}
