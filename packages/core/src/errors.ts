/**
 * Every error the library raises on bad input: the message starts with the op and its arguments,
 * then says what was expected and what was received, so the student can find the line at fault.
 */
export class PlasticityError extends Error {
  constructor(
    /** The op or function that refused its input, e.g. `matmul(a, b)`. */
    readonly op: string,
    detail: string,
  ) {
    super(`${op}: ${detail}`);
    this.name = 'PlasticityError';
  }
}

export function fail(op: string, detail: string): never {
  throw new PlasticityError(op, detail);
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
