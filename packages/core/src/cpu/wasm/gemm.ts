import { fail } from '../../errors';
import { GEMM_WASM_BASE64 } from './gemm-wasm.gen';

/** The exports of gemm.wat (see the contract at the top of that file). */
interface GemmExports {
  readonly memory: WebAssembly.Memory;
  readonly gemm: (aPtr: number, bPtr: number, cPtr: number, m: number, n: number, k: number) => void;
}

const PAGE_BYTES = 65536;
/**
 * Operands plus scratch must stay below 2 GiB: the kernel does its address arithmetic in i32, and
 * browsers cap wasm32 memories at 2–4 GiB anyway. Larger products fall back to JS.
 */
const MAX_BYTES = 2 ** 31;

let loaded = false;
/** The instance's exports; `undefined` before the first use and whenever instantiation failed. */
let kernel: GemmExports | undefined;
/** A Float32Array over `memory.buffer`, rebuilt whenever growth detaches the old buffer. */
let heap: Float32Array | undefined;

function heapOf(memory: WebAssembly.Memory): Float32Array {
  if (heap === undefined || heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer);
  return heap;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Compiles and instantiates the module on first use, synchronously (it is under the 4 KB that browsers
 * allow on the main thread). An engine without WebAssembly SIMD rejects the bytes with a CompileError,
 * which is the feature test: the caller then keeps to the JS kernel.
 */
function load(): GemmExports | undefined {
  if (loaded) return kernel;
  loaded = true;
  if (typeof WebAssembly !== 'object') return undefined;
  try {
    const module = new WebAssembly.Module(decodeBase64(GEMM_WASM_BASE64));
    kernel = new WebAssembly.Instance(module, {}).exports as unknown as GemmExports;
  } catch {
    kernel = undefined;
  }
  return kernel;
}

/** True when this engine can run the WebAssembly SIMD gemm kernel (instantiating it on first call). */
export function wasmGemmAvailable(): boolean {
  return load() !== undefined;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

function checkDim(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    fail(
      'wasmGemm(a, aOffset, b, bOffset, out, outOffset, m, n, k)',
      `${name} must be a non-negative integer, got ${value}`,
    );
  }
}

function checkSpan(name: string, array: Float32Array, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + length > array.length) {
    fail(
      'wasmGemm(a, aOffset, b, bOffset, out, outOffset, m, n, k)',
      `${name} needs ${length} elements from offset ${offset}, but has length ${array.length}`,
    );
  }
}

/**
 * `out[outOffset..][m×n] = a[aOffset..][m×k] · b[bOffset..][k×n]`, all row-major and contiguous, by the
 * WebAssembly SIMD kernel in gemm.wat: A and B are copied into the module's memory (grown as needed and
 * kept for later calls), multiplied, and C is copied back.
 *
 * Sums are accumulated in float32 lanes, so results differ from a float64-accumulating kernel by float32
 * rounding (relative error around sqrt(k)·6e-8 for well-scaled data).
 *
 * @returns `true` when the product was computed; `false` (leaving `out` untouched) when WebAssembly
 * SIMD is unavailable or the operands would not fit in a 2 GiB wasm memory, so the caller should use
 * its JS kernel instead.
 */
export function wasmGemm(
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  out: Float32Array,
  outOffset: number,
  m: number,
  n: number,
  k: number,
): boolean {
  checkDim('m', m);
  checkDim('n', n);
  checkDim('k', k);
  checkSpan('a', a, aOffset, m * k);
  checkSpan('b', b, bOffset, k * n);
  checkSpan('out', out, outOffset, m * n);
  const gemm = load();
  if (gemm === undefined) return false;
  if (m === 0 || n === 0) return true;

  // Layout: A, B, C at 16-byte boundaries, then the kernel's scratch (128 + 32·k bytes), which the
  // kernel places at the first 16-byte boundary after C; allocating it here spares it a grow.
  const aPtr = 0;
  const bPtr = align16(aPtr + m * k * 4);
  const cPtr = align16(bPtr + k * n * 4);
  const end = align16(cPtr + m * n * 4) + 128 + 32 * k;
  if (end > MAX_BYTES) return false;
  const memory = gemm.memory;
  if (memory.buffer.byteLength < end) {
    try {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    } catch {
      return false;
    }
  }
  const input = heapOf(memory);
  input.set(a.subarray(aOffset, aOffset + m * k), aPtr / 4);
  input.set(b.subarray(bOffset, bOffset + k * n), bPtr / 4);
  gemm.gemm(aPtr, bPtr, cPtr, m, n, k);
  // Re-read the view: had the kernel grown memory itself, the one above would be detached.
  out.set(heapOf(memory).subarray(cPtr / 4, cPtr / 4 + m * n), outOffset);
  return true;
}
