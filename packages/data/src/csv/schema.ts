/** The type of a CSV column. */
export type ColumnType = 'number' | 'integer' | 'string' | 'boolean' | 'category';

/** One column of a schema. `levels` fixes a category's values and their order (their codes). */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly levels?: readonly string[];
}

/** A schema: column name → type (or spec), or an ordered list of specs (required when there is no header). */
export type CsvSchema =
  | Readonly<Record<string, ColumnType | Omit<ColumnSpec, 'name'>>>
  | readonly ColumnSpec[];

/** A parsed cell. */
export type CsvValue = number | string | boolean;

/** @internal */
export const COLUMN_TYPES: readonly ColumnType[] = ['number', 'integer', 'string', 'boolean', 'category'];

const TRUE = new Set(['true', 'yes', '1', 't', 'y']);
const FALSE = new Set(['false', 'no', '0', 'f', 'n']);

/** @internal Parses one non-missing cell as `type`, or returns an error description. */
export function convert(raw: string, type: ColumnType): { value: CsvValue } | { error: string } {
  const s = raw.trim();
  switch (type) {
    case 'number':
    case 'integer': {
      // Number('') is 0 and Number(' 1 ') is 1; only the trimmed, non-empty text counts.
      const v = s === '' ? Number.NaN : Number(s);
      if (!Number.isFinite(v))
        return {
          error: `expected ${type === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`,
        };
      if (type === 'integer' && !Number.isInteger(v))
        return { error: `expected an integer, got ${JSON.stringify(raw)}` };
      return { value: v };
    }
    case 'boolean': {
      const lower = s.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `expected a boolean (true/false, yes/no, 1/0), got ${JSON.stringify(raw)}` };
    }
    case 'category':
    case 'string':
      return { value: type === 'category' ? s : raw };
  }
}

/**
 * @internal Infers a column's type from its non-missing cells: integer, else number, else boolean, else
 * category (text columns become categories: a CSV column in a data set is usually a label or a code).
 */
export function inferType(cells: readonly string[]): ColumnType {
  if (cells.length === 0) return 'number';
  if (cells.every((c) => 'value' in convert(c, 'integer'))) return 'integer';
  if (cells.every((c) => 'value' in convert(c, 'number'))) return 'number';
  if (cells.every((c) => 'value' in convert(c, 'boolean') && !/^[01]$/.test(c.trim()))) return 'boolean';
  return 'category';
}

/** @internal The schema as an ordered list of specs (in the order given). */
export function normalizeSchema(schema: CsvSchema): ColumnSpec[] | Error {
  const specs: ColumnSpec[] = Array.isArray(schema)
    ? (schema as readonly ColumnSpec[]).map((s) => ({ ...s }))
    : Object.entries(schema as Record<string, ColumnType | Omit<ColumnSpec, 'name'>>).map(([name, t]) =>
        typeof t === 'string' ? { name, type: t } : { ...t, name },
      );
  for (const s of specs) {
    if (typeof s?.name !== 'string') return new Error(`every column needs a name, got ${JSON.stringify(s)}`);
    if (!COLUMN_TYPES.includes(s.type)) {
      return new Error(
        `column ${JSON.stringify(s.name)} has type ${JSON.stringify(s.type)}; expected one of ${COLUMN_TYPES.join(', ')}`,
      );
    }
    if (s.levels !== undefined && (s.type !== 'category' || !Array.isArray(s.levels))) {
      return new Error(
        `column ${JSON.stringify(s.name)}: levels are only for category columns, as an array of strings`,
      );
    }
  }
  const names = specs.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) return new Error(`column ${JSON.stringify(dup)} appears twice`);
  return specs;
}
