/// <reference types="@webgpu/types" />
import type { DType } from '@plasticity/core';

/** A tensor buffer on the GPU: bool is stored as u32 (WGSL has no storable 1-byte type). */
export interface GpuBuffer {
  readonly id: number;
  readonly gpu: GPUBuffer;
  /** Elements the tensor holds (the GPU buffer may be larger: it comes from a size class). */
  readonly size: number;
  readonly dtype: DType;
  /** Bytes of the underlying GPU buffer (its size class). */
  readonly capacity: number;
}

/**
 * Part of a buffer bound to one storage binding: `offset` and `size` in bytes, the offset a multiple of
 * the device's `minStorageBufferOffsetAlignment`. Lets a kernel work on a tensor larger than one binding.
 */
export interface BufferRange {
  readonly buffer: GpuBuffer;
  readonly offset: number;
  readonly size: number;
}

/** What a storage binding holds: a whole buffer, or a range of one. */
export type Binding = GpuBuffer | BufferRange;

/** A compiled kernel: one pipeline per distinct WGSL source, whatever the sizes it runs on. */
export interface Kernel {
  readonly id: number;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** How many storage bindings precede the params uniform (inputs read-only, the last one written). */
  readonly storage: number;
}

/** Live, pooled and in-use GPU memory, as `backend.memory()` reports it. */
export interface GpuMemoryInfo {
  /** Every GPU buffer this backend holds (in use + pooled), excluding staging and params buffers. */
  liveBuffers: number;
  liveBytes: number;
  /** Buffers holding a tensor's data now. */
  inUseBuffers: number;
  inUseBytes: number;
  /** Freed buffers kept for reuse. */
  pooledBuffers: number;
  pooledBytes: number;
  /** Compiled pipelines (one per generated WGSL source). */
  pipelines: number;
  /** Cached bind groups. */
  bindGroups: number;
  /** Command buffers submitted so far (one per flush, never one per op). */
  submits: number;
  /** Kernel dispatches recorded so far. */
  dispatches: number;
}

/** Why the device went away, as `device.lost` reported it. */
export interface DeviceLostDetail {
  reason: string;
  message: string;
}

const PARAM_SLOT_BYTES = 256;
const PARAM_SLOTS = 256;
/** Elementwise-style kernels use 64 threads per workgroup. */
export const WORKGROUP = 64;

/**
 * Size classes: powers of two up to 1 MiB, then quarter-octave steps, so a pooled buffer wastes at
 * most half its size when small and a fifth when large. Minimum 256 bytes (also keeps size-0 tensors bindable).
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const pow = 2 ** Math.ceil(Math.log2(bytes));
  if (pow <= 1 << 20) return pow;
  const quarter = pow / 8;
  return Math.ceil(bytes / quarter) * quarter;
}

/**
 * Owns the device: the buffer pool, the pipeline and bind-group caches, the one command encoder that
 * collects every dispatch until a flush, the per-dispatch params (one uniform slot each, written once
 * per flush) and the staging buffers for read-back.
 */
export class GpuRuntime {
  readonly device: GPUDevice;
  readonly limits: GPUSupportedLimits;
  /** Bytes one storage binding may span: the device's limit, or a smaller cap (tests use one). */
  readonly maxBinding: number;
  /** Bytes a binding offset must be a multiple of. */
  readonly bindingAlign: number;
  lost: DeviceLostDetail | null = null;
  /** The backend op being recorded, for error messages. */
  op = '';

  #nextBufferId = 1;
  #nextKernelId = 1;
  /** Size class → buffers whose every use has been submitted: free for any use, uploads included. */
  #pool = new Map<number, GPUBuffer[]>();
  /** Size class → buffers freed while the current encoder still uses them: only for GPU-written outputs. */
  #encoderFree = new Map<number, GPUBuffer[]>();
  #staging = new Map<number, GPUBuffer[]>();
  #ids = new WeakMap<GPUBuffer, number>();
  #pipelines = new Map<string, Kernel>();
  #bindGroups = new Map<string, GPUBindGroup>();
  #encoder: GPUCommandEncoder | null = null;
  #pass: GPUComputePassEncoder | null = null;
  #params: GPUBuffer;
  #paramData = new Int32Array((PARAM_SLOTS * PARAM_SLOT_BYTES) / 4);
  #paramSlot = 0;
  #stats = { inUseBuffers: 0, inUseBytes: 0, pooledBuffers: 0, pooledBytes: 0, submits: 0, dispatches: 0 };

  constructor(device: GPUDevice, maxBindingBytes = Number.POSITIVE_INFINITY) {
    this.device = device;
    this.limits = device.limits;
    this.maxBinding =
      Math.floor(Math.min(device.limits.maxStorageBufferBindingSize, maxBindingBytes) / 4) * 4;
    this.bindingAlign = device.limits.minStorageBufferOffsetAlignment;
    this.#params = device.createBuffer({
      size: PARAM_SLOTS * PARAM_SLOT_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /** Throws the standard error once the device is gone, so callers never wait on a dead queue. */
  check(opName: string): void {
    this.op = opName;
    if (this.lost !== null) {
      throw new Error(
        `webgpu backend: ${opName} failed: the GPU device was lost (${this.lost.reason}: ${this.lost.message}); ` +
          're-create the backend (or fall back with setBackend("cpu")) and copy parameters again',
      );
    }
  }

  // ---- buffers ----------------------------------------------------------------------------------

  /**
   * A buffer for `size` elements. `forUpload` buffers come only from the pool, never from buffers the
   * unsubmitted encoder still reads: `queue.writeBuffer` runs before that encoder is submitted.
   */
  acquire(size: number, dtype: DType, forUpload = false): GpuBuffer {
    const bytes = size * 4;
    // Buffers may exceed one storage binding (kernels that can split bind ranges of them); not maxBufferSize.
    const maxBytes = this.limits.maxBufferSize;
    if (bytes > maxBytes) {
      throw new Error(
        `webgpu backend: ${this.op || 'alloc'}: a ${dtype} tensor of ${size} elements needs ${bytes} bytes, more ` +
          `than this device's largest buffer (maxBufferSize ${maxBytes} bytes)`,
      );
    }
    const capacity = Math.min(sizeClass(bytes), Math.max(256, Math.floor(maxBytes / 4) * 4));
    let gpu = forUpload ? undefined : this.#encoderFree.get(capacity)?.pop();
    if (gpu === undefined) {
      gpu = this.#pool.get(capacity)?.pop();
      if (gpu !== undefined) {
        this.#stats.pooledBuffers--;
        this.#stats.pooledBytes -= capacity;
      }
    } else {
      this.#stats.pooledBuffers--;
      this.#stats.pooledBytes -= capacity;
    }
    if (gpu === undefined) {
      gpu = this.device.createBuffer({
        size: capacity,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
      });
      this.#ids.set(gpu, this.#nextBufferId++);
    }
    this.#stats.inUseBuffers++;
    this.#stats.inUseBytes += capacity;
    return { id: this.#ids.get(gpu)!, gpu, size, dtype, capacity };
  }

  /** Returns a buffer to the pool: at once if no recorded work uses it, else when the encoder is submitted. */
  release(buffer: GpuBuffer): void {
    this.#stats.inUseBuffers--;
    this.#stats.inUseBytes -= buffer.capacity;
    this.#stats.pooledBuffers++;
    this.#stats.pooledBytes += buffer.capacity;
    if (this.lost !== null) return;
    const target = this.#encoder === null ? this.#pool : this.#encoderFree;
    push(target, buffer.capacity, buffer.gpu);
  }

  /** A new buffer holding `data` (bool as u32). */
  upload(data: ArrayBufferView, size: number, dtype: DType): GpuBuffer {
    const buffer = this.acquire(size, dtype, true);
    if (size > 0) this.device.queue.writeBuffer(buffer.gpu, 0, data.buffer, data.byteOffset, size * 4);
    return buffer;
  }

  /** A zero-filled buffer (cleared inside the encoder, so ordered with the kernels around it). */
  zeros(size: number, dtype: DType): GpuBuffer {
    const buffer = this.acquire(size, dtype);
    if (size > 0) {
      this.#endPass();
      this.#getEncoder().clearBuffer(buffer.gpu, 0, size * 4);
    }
    return buffer;
  }

  // ---- kernels ----------------------------------------------------------------------------------

  /** The pipeline for a WGSL source, compiled once. `storage` = number of storage bindings (last = output). */
  kernel(code: string, storage: number): Kernel {
    let k = this.#pipelines.get(code);
    if (k === undefined) {
      const entries: GPUBindGroupLayoutEntry[] = [];
      for (let i = 0; i < storage; i++) {
        entries.push({
          binding: i,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: i === storage - 1 ? 'storage' : 'read-only-storage' },
        });
      }
      entries.push({
        binding: storage,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: PARAM_SLOT_BYTES },
      });
      const layout = this.device.createBindGroupLayout({ entries });
      const module = this.device.createShaderModule({ code });
      const pipeline = this.device.createComputePipeline({
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
      });
      k = { id: this.#nextKernelId++, pipeline, layout, storage };
      this.#pipelines.set(code, k);
    }
    return k;
  }

  /**
   * Records one dispatch into the shared encoder. `buffers` are the storage bindings in order (output
   * last), whole buffers or ranges; `params` (at most 64 i32) go to this dispatch's uniform slot;
   * `groups` are workgroup counts. A whole buffer larger than one binding is bound up to its tensor's
   * size when that fits, else this throws: the kernel would need to split its work (see `stridedMap`).
   */
  dispatch(
    kernel: Kernel,
    buffers: readonly Binding[],
    params: ArrayLike<number>,
    groups: [number, number, number],
  ): void {
    if (groups[0] === 0 || groups[1] === 0 || groups[2] === 0) return;
    if (this.#paramSlot === PARAM_SLOTS) this.flush();
    const max = this.limits.maxComputeWorkgroupsPerDimension;
    if (groups[0] > max || groups[1] > max || groups[2] > max) {
      throw new Error(
        `webgpu backend: internal error: dispatch [${groups}] exceeds ${max} workgroups per dimension`,
      );
    }
    const slot = this.#paramSlot++;
    this.#paramData.set(params, (slot * PARAM_SLOT_BYTES) / 4);
    const ranges = buffers.map((b) => this.#range(b));
    let key = `${kernel.id}`;
    for (const r of ranges) key += r.size < 0 ? `,${r.buffer.id}` : `,${r.buffer.id}@${r.offset}+${r.size}`;
    let group = this.#bindGroups.get(key);
    if (group === undefined) {
      if (this.#bindGroups.size > 8192) this.#bindGroups.clear();
      const entries: GPUBindGroupEntry[] = ranges.map((r, i) => ({
        binding: i,
        resource:
          r.size < 0 ? { buffer: r.buffer.gpu } : { buffer: r.buffer.gpu, offset: r.offset, size: r.size },
      }));
      entries.push({ binding: buffers.length, resource: { buffer: this.#params, size: PARAM_SLOT_BYTES } });
      group = this.device.createBindGroup({ layout: kernel.layout, entries });
      this.#bindGroups.set(key, group);
    }
    const pass = this.#getPass();
    pass.setPipeline(kernel.pipeline);
    pass.setBindGroup(0, group, [slot * PARAM_SLOT_BYTES]);
    pass.dispatchWorkgroups(groups[0], groups[1], groups[2]);
    this.#stats.dispatches++;
  }

  /** A binding as a range (size -1: the whole buffer), checked against the binding limit. */
  #range(b: Binding): BufferRange {
    if (!('gpu' in b)) {
      if (b.size > this.maxBinding || b.offset % this.bindingAlign !== 0) {
        throw new Error(
          `webgpu backend: internal error: ${this.op}: binding range ${b.offset}+${b.size} breaks the limits`,
        );
      }
      return b;
    }
    if (b.capacity <= this.maxBinding) return { buffer: b, offset: 0, size: -1 };
    const bytes = Math.max(4, b.size * 4);
    if (bytes <= this.maxBinding) return { buffer: b, offset: 0, size: bytes };
    throw new Error(
      `webgpu backend: ${this.op}: a tensor of ${b.size} elements (${bytes} bytes) exceeds the largest storage ` +
        `binding (${this.maxBinding} bytes), and ${this.op} cannot split its work across bindings; only ` +
        'elementwise ops (unary, binary, where), copy/cast, assign and read can. Use smaller tensors',
    );
  }

  /** Workgroup counts for `items` threads of a 1-D kernel, folded into y when x would exceed the limit. */
  grid(items: number, perGroup = WORKGROUP): [number, number, number] {
    const groups = Math.ceil(items / perGroup);
    const max = this.limits.maxComputeWorkgroupsPerDimension;
    if (groups <= max) return [groups, 1, 1];
    const y = Math.ceil(groups / max);
    if (y > max) throw new Error(`webgpu backend: ${items} threads exceed the adapter's dispatch limits`);
    return [Math.ceil(groups / y), y, 1];
  }

  /** Submits everything recorded since the last flush as one command buffer. */
  flush(): void {
    if (this.#encoder === null) return;
    this.#endPass();
    if (this.#paramSlot > 0) {
      this.device.queue.writeBuffer(
        this.#params,
        0,
        this.#paramData.buffer,
        0,
        this.#paramSlot * PARAM_SLOT_BYTES,
      );
    }
    this.device.queue.submit([this.#encoder.finish()]);
    this.#stats.submits++;
    this.#encoder = null;
    this.#paramSlot = 0;
    // Every use of these buffers is now on the queue; any later use (writeBuffer included) is queue-ordered
    // after that work completes, so they are safe for every kind of reuse.
    for (const [capacity, list] of this.#encoderFree) for (const b of list) push(this.#pool, capacity, b);
    this.#encoderFree.clear();
  }

  /** Copies `count` elements starting at element `offset` back to the CPU. */
  async read(buffer: GpuBuffer, offset: number, count: number): Promise<ArrayBuffer> {
    const bytes = count * 4;
    if (bytes === 0) return new ArrayBuffer(0);
    const capacity = sizeClass(bytes);
    const staging =
      this.#staging.get(capacity)?.pop() ??
      this.device.createBuffer({ size: capacity, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.#endPass();
    this.#getEncoder().copyBufferToBuffer(buffer.gpu, offset * 4, staging, 0, bytes);
    this.flush();
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    } catch (error) {
      this.check('read()');
      throw error;
    }
    const out = staging.getMappedRange(0, bytes).slice(0);
    staging.unmap();
    push(this.#staging, capacity, staging);
    return out;
  }

  /** Resolves when the queue has finished all submitted work. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check('sync()');
  }

  memory(): GpuMemoryInfo {
    const s = this.#stats;
    return {
      liveBuffers: s.inUseBuffers + s.pooledBuffers,
      liveBytes: s.inUseBytes + s.pooledBytes,
      inUseBuffers: s.inUseBuffers,
      inUseBytes: s.inUseBytes,
      pooledBuffers: s.pooledBuffers,
      pooledBytes: s.pooledBytes,
      pipelines: this.#pipelines.size,
      bindGroups: this.#bindGroups.size,
      submits: s.submits,
      dispatches: s.dispatches,
    };
  }

  /** Destroys every pooled buffer (buffers in use stay) and forgets the bind groups that named them. */
  trimPool(): void {
    this.flush();
    for (const list of this.#pool.values()) for (const b of list) b.destroy();
    this.#pool.clear();
    for (const list of this.#staging.values()) for (const b of list) b.destroy();
    this.#staging.clear();
    this.#bindGroups.clear();
    this.#stats.pooledBuffers = 0;
    this.#stats.pooledBytes = 0;
  }

  #getEncoder(): GPUCommandEncoder {
    this.#encoder ??= this.device.createCommandEncoder();
    return this.#encoder;
  }

  #getPass(): GPUComputePassEncoder {
    this.#pass ??= this.#getEncoder().beginComputePass();
    return this.#pass;
  }

  #endPass(): void {
    if (this.#pass !== null) {
      this.#pass.end();
      this.#pass = null;
    }
  }
}

function push(map: Map<number, GPUBuffer[]>, key: number, buffer: GPUBuffer): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [buffer]);
  else list.push(buffer);
}
