import { fail, show } from '../errors';

/** A categorical value: a class name or a numeric code. */
export type Category = string | number;

function checkValues(where: string, values: unknown): Category[] {
  if (!Array.isArray(values)) fail(where, `expected an array of labels, got ${show(values)}`);
  values.forEach((v, i) => {
    if (typeof v !== 'string' && (typeof v !== 'number' || !Number.isFinite(v))) {
      fail(where, `label ${i}: expected a string or finite number, got ${show(v)}`);
    }
  });
  return values as Category[];
}

// Numbers ascending, then strings in code-point order: a fixed order, whatever order the data come in.
function compare(a: Category, b: Category): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

abstract class CategoricalBase {
  protected classList: Category[] = [];
  protected lookup = new Map<Category, number>();
  protected abstract readonly name: string;

  /** The known categories, sorted (numbers ascending, then strings); their positions are the codes. */
  get classes(): readonly Category[] {
    return this.classList;
  }

  get fitted(): boolean {
    return this.classList.length > 0;
  }

  /**
   * Learns the categories. Pass `classes` to fix them (and their order) instead, so that a category absent
   * from a small training set still has a code.
   */
  fit(values: readonly Category[], classes?: readonly Category[]): this {
    const where = `${this.name}.fit(values)`;
    const source = classes
      ? checkValues(`${this.name}.fit(values, classes)`, classes)
      : checkValues(where, values);
    if (classes) checkValues(where, values);
    const unique = [...new Set(source)];
    if (unique.length === 0) fail(where, 'expected at least one label, got an empty array');
    this.classList = classes ? unique : unique.sort(compare);
    this.lookup = new Map(this.classList.map((c, i) => [c, i]));
    if (classes) {
      values.forEach((v, i) => {
        this.code(where, v, i);
      });
    }
    return this;
  }

  protected code(where: string, value: Category, i: number): number {
    const code = this.lookup.get(value);
    if (code === undefined) {
      const known = this.classList
        .slice(0, 10)
        .map((c) => JSON.stringify(c))
        .join(', ');
      fail(
        where,
        `unknown label ${show(value)} at position ${i}; the encoder was fitted on ${this.classList.length} ` +
          `classes (${known}${this.classList.length > 10 ? ', …' : ''})`,
      );
    }
    return code;
  }

  protected ensureFitted(method: string): void {
    if (!this.fitted) fail(`${this.name}.${method}`, 'not fitted yet: call fit(trainLabels) first');
  }
}

/**
 * Label encoding: maps each class to its index among the sorted classes (`['cat', 'dog']` → 0, 1).
 * A label not seen at fit time is an error, not a silent new code.
 *
 * @example
 * ```ts
 * const enc = new LabelEncoder().fit(['b', 'a', 'b']);
 * enc.transform(['a', 'b']); // [0, 1]
 * enc.inverseTransform([1]); // ['b']
 * ```
 */
export class LabelEncoder extends CategoricalBase {
  protected readonly name = 'LabelEncoder';

  transform(values: readonly Category[]): number[] {
    this.ensureFitted('transform(values)');
    return checkValues('LabelEncoder.transform(values)', values).map((v, i) =>
      this.code('LabelEncoder.transform(values)', v, i),
    );
  }

  inverseTransform(codes: readonly number[]): Category[] {
    this.ensureFitted('inverseTransform(codes)');
    if (!Array.isArray(codes))
      fail('LabelEncoder.inverseTransform(codes)', `expected an array, got ${show(codes)}`);
    return codes.map((c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= this.classList.length) {
        fail(
          'LabelEncoder.inverseTransform(codes)',
          `code ${i}: expected an integer in [0, ${this.classList.length - 1}], got ${show(c)}`,
        );
      }
      return this.classList[c];
    });
  }

  fitTransform(values: readonly Category[]): number[] {
    return this.fit(values).transform(values);
  }
}

/**
 * One-hot encoding of a categorical column: class `i` of `k` becomes a length-k vector with a 1 at `i`.
 * Unknown labels at transform time are an error unless `handleUnknown: 'ignore'`, which encodes them as
 * all zeros.
 */
export class OneHotEncoder extends CategoricalBase {
  protected readonly name = 'OneHotEncoder';
  readonly handleUnknown: 'error' | 'ignore';

  constructor(options: { handleUnknown?: 'error' | 'ignore' } = {}) {
    super();
    const h = options.handleUnknown ?? 'error';
    if (h !== 'error' && h !== 'ignore') {
      fail('new OneHotEncoder(options.handleUnknown)', `expected 'error' or 'ignore', got ${show(h)}`);
    }
    this.handleUnknown = h;
  }

  transform(values: readonly Category[]): number[][] {
    this.ensureFitted('transform(values)');
    const where = 'OneHotEncoder.transform(values)';
    return checkValues(where, values).map((v, i) => {
      const row = new Array<number>(this.classList.length).fill(0);
      if (this.handleUnknown === 'ignore' && !this.lookup.has(v)) return row;
      row[this.code(where, v, i)] = 1;
      return row;
    });
  }

  /** The category with the largest entry in each row (so soft scores invert too); all-zero rows are an error. */
  inverseTransform(rows: readonly (readonly number[])[]): Category[] {
    this.ensureFitted('inverseTransform(rows)');
    const where = 'OneHotEncoder.inverseTransform(rows)';
    if (!Array.isArray(rows)) fail(where, `expected an array of rows, got ${show(rows)}`);
    return rows.map((row, i) => {
      if (!Array.isArray(row) || row.length !== this.classList.length) {
        fail(where, `row ${i}: expected ${this.classList.length} entries, got ${show(row)}`);
      }
      let best = 0;
      for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
      if (!(row[best] > 0))
        fail(where, `row ${i} has no positive entry (an unknown label encoded as zeros?)`);
      return this.classList[best];
    });
  }

  fitTransform(values: readonly Category[]): number[][] {
    return this.fit(values).transform(values);
  }
}
