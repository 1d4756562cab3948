/**
 * Instantiating the embedded WebAssembly SIMD kernels (internal): the part of the WebAssembly API they use (the
 * project's lib setting has no WebAssembly types) and one loader with the JavaScript fallback's contract.
 *
 * @module
 */

/** A module's exported memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * The exports of the module `bytes` (instantiated without imports), or null when this engine has no
 * WebAssembly, rejects the module (no SIMD proposal) or fails to compile it: the caller then keeps its
 * JavaScript kernel. Reads `globalThis.WebAssembly` at each call.
 */
export function instantiateKernel(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined || !wasm.validate(bytes)) return null;
    return new wasm.Instance(new wasm.Module(bytes), {}).exports;
  } catch {
    return null;
  }
}
