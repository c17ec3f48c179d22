import { ArrayDataset, type DataRecord, type Dataset, type DatasetInfo, type Task } from '../dataset';
import { fail, show } from '../errors';
import { type CsvOptions, type CsvTable, parseCsv } from './parse';
import { type CsvValue, convert } from './schema';

/** Which columns of a table become features, target and group. */
export interface CsvColumnsOptions {
  /** The target column. */
  target: string;
  /** Feature columns (default: every column but the target and group). Must be numeric or boolean. */
  features?: readonly string[];
  /** A column of group ids (patient, writer…), copied to each record's `group`. */
  group?: string;
  /**
   * Default: category, string and boolean targets are classification; integer targets with at most 20
   * distinct values are classification; other numeric targets are regression.
   */
  task?: Task;
}

/** Records made from a CSV table. */
export type CsvRecord = DataRecord<number[], number>;

/**
 * Turns a parsed table into a dataset of records `{ x: number[], y: number, group? }`. Category targets
 * become indices into their levels, which are the dataset's `classNames`.
 */
export function csvToDataset(table: CsvTable, options: CsvColumnsOptions): ArrayDataset<CsvRecord> {
  const where = 'csvToDataset(table, options)';
  if (options === null || typeof options !== 'object')
    fail('csvToDataset(options)', `expected an object, got ${show(options)}`);
  const index = (name: string, what: string) => {
    const j = table.columns.findIndex((c) => c.name === name);
    if (j < 0) {
      fail(
        `csvToDataset(options.${what})`,
        `no column ${show(name)}; the columns are ${table.columns.map((c) => c.name).join(', ')}`,
      );
    }
    return j;
  };
  const t = index(options.target, 'target');
  const g = options.group === undefined ? -1 : index(options.group, 'group');
  const featureNames =
    options.features ?? table.columns.map((c) => c.name).filter((_, j) => j !== t && j !== g);
  const f = featureNames.map((name) => index(name, 'features'));
  for (const j of f) {
    const c = table.columns[j];
    if (c.type === 'category' || c.type === 'string') {
      // A mostly numeric column read as text usually hides one bad cell: point at it.
      const cells = table.rows.map((r) => String(r[j]));
      const bad = cells.findIndex((v) => 'error' in convert(v, 'number'));
      const hint =
        bad >= 0 && cells.some((v) => 'value' in convert(v, 'number'))
          ? ` (it was read as text because line ${table.lines[bad]} has ${JSON.stringify(cells[bad])})`
          : '';
      fail(
        where,
        `feature column ${JSON.stringify(c.name)} is ${c.type}${hint}; encode it first (OneHotEncoder / LabelEncoder) or leave it out of options.features`,
      );
    }
  }
  if (f.length === 0) fail(where, 'no feature columns left');
  const target = table.columns[t];
  let task = options.task;
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    fail('csvToDataset(options.task)', `expected 'classification' or 'regression', got ${show(task)}`);
  }
  let classNames: string[] | undefined;
  let code: (v: CsvValue) => number;
  if (target.type === 'category' || target.type === 'string') {
    if (task === 'regression')
      fail(where, `target ${JSON.stringify(target.name)} is ${target.type} and cannot be regressed`);
    task = 'classification';
    classNames = target.levels
      ? [...target.levels]
      : [...new Set(table.rows.map((r) => String(r[t])))].sort();
    const lookup = new Map(classNames.map((c, i) => [c, i]));
    code = (v) => lookup.get(String(v))!;
  } else if (target.type === 'boolean') {
    task ??= 'classification';
    classNames = ['false', 'true'];
    code = (v) => (v ? 1 : 0);
  } else {
    const distinct = new Set(table.rows.map((r) => r[t]));
    task ??= target.type === 'integer' && distinct.size <= 20 ? 'classification' : 'regression';
    code = (v) => v as number;
  }
  const records: CsvRecord[] = table.rows.map((row) => {
    const x = f.map((j) => Number(row[j]));
    const y = code(row[t]);
    return g < 0 ? { x, y } : { x, y, group: row[g] as string | number };
  });
  const info: DatasetInfo = { task, featureNames: [...featureNames], ...(classNames ? { classNames } : {}) };
  return new ArrayDataset(records, info);
}

/** Options of a {@link CsvDataset}: how to parse, and which columns to use. */
export interface CsvDatasetOptions extends CsvOptions, CsvColumnsOptions {}

/**
 * A dataset loaded from CSV text that can be reloaded. `load` is atomic: it parses and converts
 * everything first and swaps only on success, so a bad file leaves the previously loaded data untouched.
 *
 * @example
 * ```ts
 * const data = new CsvDataset({ target: 'label' });
 * data.load('a,b,label\n1,2,x\n3,4,y\n');
 * try { data.load('a,b,label\n1,oops,x\n'); } catch (e) { console.log(String(e)); } // line 2, column "b" (2)
 * data.length; // still 2
 * ```
 */
export class CsvDataset implements Dataset<CsvRecord> {
  readonly options: CsvDatasetOptions;
  #table: CsvTable | undefined;
  #data: ArrayDataset<CsvRecord> | undefined;
  #version = 0;

  constructor(options: CsvDatasetOptions) {
    if (options === null || typeof options !== 'object' || typeof options.target !== 'string') {
      fail('new CsvDataset(options)', `expected options with a target column name, got ${show(options)}`);
    }
    this.options = options;
  }

  /** Parses `text` and, only if everything succeeds, replaces the current data. Returns `this`. */
  load(text: string): this {
    const table = parseCsv(text, this.options);
    const data = csvToDataset(table, this.options);
    this.#table = table;
    this.#data = data;
    this.#version++;
    return this;
  }

  /** Reads a File or Blob (e.g. from an `<input type="file">`) and loads it, atomically. */
  async loadBlob(blob: { text(): Promise<string> }): Promise<this> {
    if (typeof blob?.text !== 'function')
      fail('CsvDataset.loadBlob(blob)', `expected a File or Blob, got ${show(blob)}`);
    return this.load(await blob.text());
  }

  /** True once a load has succeeded. */
  get loaded(): boolean {
    return this.#data !== undefined;
  }

  /** How many loads have succeeded. */
  get version(): number {
    return this.#version;
  }

  /** The parsed table of the current data. */
  get table(): CsvTable | undefined {
    return this.#table;
  }

  get info(): DatasetInfo | undefined {
    return this.#data?.info;
  }

  get length(): number {
    return this.#data?.length ?? 0;
  }

  get(index: number): CsvRecord {
    if (!this.#data) fail('CsvDataset.get(index)', 'nothing loaded yet: call load(text) first');
    return this.#data.get(index);
  }

  [Symbol.iterator](): Iterator<CsvRecord> {
    return (this.#data?.records ?? [])[Symbol.iterator]();
  }
}
