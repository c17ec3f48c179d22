import type { Backend } from './backend';
import { createCpuBackend } from './cpu/cpu-backend';
import { fail } from './errors';
import { withMissingKernelErrors } from './kernels';

type BackendFactory = () => Backend | Promise<Backend>;

const factories = new Map<string, BackendFactory>([['cpu', createCpuBackend]]);
const instances = new Map<string, Backend>();
let current: Backend | undefined;

/**
 * Makes a backend available under `name`. The factory runs once, on first use; it may be async
 * (a GPU backend requests its adapter and device there) and should throw a clear error when the
 * backend cannot run here.
 */
export function registerBackend(name: string, factory: BackendFactory): void {
  factories.set(name, factory);
  instances.delete(name);
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...factories.keys()];
}

/**
 * Initialises (once) and returns the backend `name`, without making it current.
 * Rejects with the factory's error — e.g. no WebGPU adapter — so the caller can fall back to 'cpu'.
 */
export async function initBackend(name: string): Promise<Backend> {
  const existing = instances.get(name);
  if (existing) return existing;
  const factory = factories.get(name);
  if (!factory) {
    fail(
      'setBackend(name)',
      `no backend named '${name}' is registered (registered: ${listBackends().join(', ')})`,
    );
  }
  const backend = withMissingKernelErrors(await factory());
  instances.set(name, backend);
  return backend;
}

/**
 * Makes `name` the backend new tensors are created on. Async because a GPU backend needs a device;
 * `await setBackend('webgpu').catch(() => setBackend('cpu'))` falls back when there is none.
 */
export async function setBackend(name: string | Backend): Promise<Backend> {
  const backend = typeof name === 'string' ? await initBackend(name) : withMissingKernelErrors(name);
  if (typeof name !== 'string') instances.set(backend.name, backend);
  current = backend;
  return backend;
}

/** The backend new tensors go to (the CPU unless `setBackend` chose another). */
export function getBackend(): Backend {
  current ??= cpuInstance();
  return current;
}

/** The CPU backend is always there: made on first use, whatever backend is current. */
function cpuInstance(): Backend {
  let cpu = instances.get('cpu');
  if (cpu === undefined) {
    cpu = createCpuBackend();
    instances.set('cpu', cpu);
  }
  return cpu;
}

/** @internal Resolves a backend given by name (it must already be initialised) or instance. */
export function resolveBackend(opName: string, backend: string | Backend | undefined): Backend {
  if (backend === undefined) return getBackend();
  if (typeof backend !== 'string') return withMissingKernelErrors(backend);
  if (backend === 'cpu') return cpuInstance();
  const found = instances.get(backend);
  if (!found) {
    fail(
      opName,
      `backend '${backend}' is not initialised: await setBackend('${backend}') or initBackend('${backend}') first`,
    );
  }
  return found;
}
