import { fail, show } from '../errors';
import {
  type ColumnSpec,
  type ColumnType,
  type CsvSchema,
  type CsvValue,
  convert,
  inferType,
  normalizeSchema,
} from './schema';
import { CsvError, tokenize } from './tokenize';

/**
 * What to do with a missing cell (empty, or one of `missingTokens`): `'error'` (default) stops with the line
 * and column; `'drop-row'` drops the row; `{ fill }` writes a value (one for all columns, or per column);
 * `'mean'` writes the column's mean over this file (rounded for integer columns) — computed before any
 * split, so prefer `'drop-row'` when the held-out data must stay unseen.
 */
export type MissingPolicy =
  | 'error'
  | 'drop-row'
  | 'mean'
  | { fill: CsvValue | Readonly<Record<string, CsvValue>> };

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** The first row names the columns (default true). */
  header?: boolean;
  /** Column types; inferred from the data when absent. Must name exactly the header's columns. */
  schema?: CsvSchema;
  /** Field separator, one character (default ','). */
  delimiter?: string;
  missing?: MissingPolicy;
  /** Unquoted cells that mean "missing" (default '', NA, N/A, NaN, nan, null, NULL, ?). */
  missingTokens?: readonly string[];
}

/** A parsed CSV: typed columns and rows of values. */
export interface CsvTable {
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly (readonly CsvValue[])[];
  /** The source line of each row. */
  readonly lines: readonly number[];
  /** Source lines dropped by the `'drop-row'` policy. */
  readonly droppedLines: readonly number[];
  /** Column name → the value written into its missing cells, when any were filled. */
  readonly filled: Readonly<Record<string, CsvValue>>;
}

const DEFAULT_MISSING = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?'];
const WHERE = 'parseCsv(text, options)';

function checkOptions(options: CsvOptions): void {
  if (options === null || typeof options !== 'object')
    fail('parseCsv(options)', `expected an object, got ${show(options)}`);
  const d = options.delimiter ?? ',';
  if (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    fail(
      'parseCsv(options.delimiter)',
      `expected one character other than a quote or line break, got ${show(d)}`,
    );
  }
  const m = options.missing ?? 'error';
  const ok =
    m === 'error' || m === 'drop-row' || m === 'mean' || (typeof m === 'object' && m !== null && 'fill' in m);
  if (!ok)
    fail(
      'parseCsv(options.missing)',
      `expected 'error', 'drop-row', 'mean' or { fill: value }, got ${show(m)}`,
    );
}

function fillValue(
  spec: ColumnSpec,
  fill: CsvValue | Readonly<Record<string, CsvValue>>,
): CsvValue | undefined {
  const v = typeof fill === 'object' && fill !== null ? (fill as Record<string, CsvValue>)[spec.name] : fill;
  if (v === undefined) return undefined;
  const expected =
    spec.type === 'number' || spec.type === 'integer'
      ? 'number'
      : spec.type === 'boolean'
        ? 'boolean'
        : 'string';
  if (typeof v !== expected || (spec.type === 'integer' && !Number.isInteger(v))) {
    fail(
      'parseCsv(options.missing.fill)',
      `column ${JSON.stringify(spec.name)} is ${spec.type}, the fill value ${show(v)} is not`,
    );
  }
  if (spec.levels && !spec.levels.includes(v as string)) {
    fail(
      'parseCsv(options.missing.fill)',
      `${show(v)} is not one of column ${JSON.stringify(spec.name)}'s levels`,
    );
  }
  return v;
}

/**
 * Parses CSV text into a typed table. Types come from `options.schema` or are inferred (integer, number,
 * boolean, else category); every error names the line and the column. Quoted fields, doubled quotes,
 * CRLF line ends and a byte-order mark are handled.
 *
 * @example
 * ```ts
 * const table = parseCsv('x,label\n1.5,cat\n2,dog\n');
 * table.columns; // [{ name: 'x', type: 'number' }, { name: 'label', type: 'category', levels: ['cat', 'dog'] }]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  if (typeof text !== 'string') fail('parseCsv(text)', `expected a string, got ${show(text)}`);
  checkOptions(options);
  const header = options.header ?? true;
  const policy = options.missing ?? 'error';
  const tokens = new Set(options.missingTokens ?? DEFAULT_MISSING);
  const raw = tokenize(text, options.delimiter ?? ',', WHERE);
  let specs: (ColumnSpec | undefined)[];
  let names: string[];
  const given = options.schema === undefined ? undefined : normalizeSchema(options.schema);
  if (given instanceof Error) fail('parseCsv(options.schema)', given.message);
  if (header) {
    if (raw.length === 0) fail(WHERE, 'the text is empty: expected a header row');
    const head = raw.shift()!;
    names = head.fields.map((f) => f.trim());
    names.forEach((n, i) => {
      if (n === '') throw new CsvError(WHERE, head.line, `${i + 1}`, 'the header has an empty column name');
      if (names.indexOf(n) !== i)
        throw new CsvError(WHERE, head.line, `${i + 1}`, `the header repeats ${JSON.stringify(n)}`);
    });
    if (given) {
      const missing = given.filter((s) => !names.includes(s.name)).map((s) => JSON.stringify(s.name));
      if (missing.length) {
        throw new CsvError(
          WHERE,
          head.line,
          undefined,
          `schema column(s) ${missing.join(', ')} not in the header (${names.join(', ')})`,
        );
      }
      // biome-ignore lint/complexity/useIndexOf: the predicate is "not in the schema", not an equality test
      const extra = names.findIndex((n) => !given.some((s) => s.name === n));
      if (extra >= 0) {
        throw new CsvError(
          WHERE,
          head.line,
          `"${names[extra]}" (${extra + 1})`,
          'this header column is not in the schema',
        );
      }
      specs = names.map((n) => given.find((s) => s.name === n));
    } else specs = names.map(() => undefined);
  } else {
    const width = given ? given.length : (raw[0]?.fields.length ?? 0);
    names = given ? given.map((s) => s.name) : Array.from({ length: width }, (_, i) => `column_${i + 1}`);
    specs = given ?? names.map(() => undefined);
  }
  const label = (j: number) => (header ? `"${names[j]}" (${j + 1})` : `${j + 1}`);
  for (const row of raw) {
    if (row.fields.length !== names.length) {
      throw new CsvError(
        WHERE,
        row.line,
        undefined,
        `expected ${names.length} fields${header ? ' (like the header)' : ''}, got ${row.fields.length}`,
      );
    }
  }
  const isMissing = (r: number, j: number) => !raw[r].quoted[j] && tokens.has(raw[r].fields[j].trim());
  // Infer what the schema does not give, from the non-missing cells.
  const columns: ColumnSpec[] = specs.map((spec, j) => {
    const cells = raw.filter((_, r) => !isMissing(r, j)).map((row) => row.fields[j]);
    const type: ColumnType = spec?.type ?? inferType(cells);
    if (type !== 'category') return { name: names[j], type };
    const found = cells.map((c) => c.trim());
    // A fill value for this column is one of its categories too.
    const fill = typeof policy === 'object' ? fillValue({ name: names[j], type }, policy.fill) : undefined;
    if (typeof fill === 'string') found.push(fill);
    const levels = spec?.levels ?? [...new Set(found)].sort();
    return { name: names[j], type, levels };
  });
  const values: (CsvValue | undefined)[][] = raw.map((row, r) =>
    row.fields.map((cell, j) => {
      if (isMissing(r, j)) return undefined;
      const spec = columns[j];
      const out = convert(cell, spec.type);
      if ('error' in out) throw new CsvError(WHERE, row.line, label(j), out.error);
      if (spec.levels && !spec.levels.includes(out.value as string)) {
        throw new CsvError(
          WHERE,
          row.line,
          label(j),
          `${JSON.stringify(out.value)} is not one of the levels ${spec.levels.join(', ')}`,
        );
      }
      return out.value;
    }),
  );
  const filled: Record<string, CsvValue> = {};
  const droppedLines: number[] = [];
  const means = new Map<number, number>();
  const rows: CsvValue[][] = [];
  const lines: number[] = [];
  values.forEach((row, r) => {
    if (row.some((v) => v === undefined) && policy === 'drop-row') {
      droppedLines.push(raw[r].line);
      return;
    }
    rows.push(
      row.map((v, j) => {
        if (v !== undefined) return v;
        const spec = columns[j];
        let fill: CsvValue | undefined;
        if (typeof policy === 'object') fill = fillValue(spec, policy.fill);
        else if (policy === 'mean' && (spec.type === 'number' || spec.type === 'integer')) {
          fill = means.get(j);
          if (fill === undefined) {
            const present = values.map((vr) => vr[j]).filter((x): x is number => x !== undefined);
            if (present.length === 0)
              throw new CsvError(
                WHERE,
                raw[r].line,
                label(j),
                'every value is missing: no mean to fill with',
              );
            const mean = present.reduce((a, b) => a + b, 0) / present.length;
            fill = spec.type === 'integer' ? Math.round(mean) : mean;
            means.set(j, fill);
          }
        }
        if (fill === undefined) {
          const why =
            policy === 'mean'
              ? `a missing value in a ${spec.type} column, which has no mean; use { fill } or 'drop-row'`
              : typeof policy === 'object'
                ? `a missing value and options.missing.fill has no value for column ${JSON.stringify(spec.name)}`
                : `a missing value (${JSON.stringify(raw[r].fields[j])}); set options.missing to 'drop-row', 'mean' or { fill }`;
          throw new CsvError(WHERE, raw[r].line, label(j), why);
        }
        filled[spec.name] = fill;
        return fill;
      }),
    );
    lines.push(raw[r].line);
  });
  return { columns, rows, lines, droppedLines, filled };
}
