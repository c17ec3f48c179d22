import { isTensor } from '@plasticity/core';
import { fail, show } from '../errors';
import { compareLabels, type LabelInput, toLabels } from '../input';

/**
 * Sensitive features: one array (its groups are its values), or several named arrays, e.g.
 * `{ race, sex }`, whose groups are the intersections ("race=Black, sex=Female").
 */
export type SensitiveFeatures = LabelInput | Readonly<Record<string, LabelInput>>;

/** A group named by its key (as in `byGroup[i].key`) or by the level of every feature, e.g. `{ race: 'White' }`. */
export type GroupRef = string | number | boolean | Readonly<Record<string, string | number | boolean>>;

/** One group of samples: an intersection of one level of every sensitive feature. */
export interface Group {
  /** `'White'` for one feature; `'race=White, sex=Male'` for several. */
  readonly key: string;
  /** The level of each feature. */
  readonly levels: Readonly<Record<string, string>>;
  /** Indices of the samples in the group (empty for an intersection nobody belongs to). */
  readonly indices: number[];
}

/** Every group (intersections included, empty ones too) in a stable order. */
export interface Grouping {
  readonly features: string[];
  readonly groups: Group[];
  readonly n: number;
}

/** The name a single unnamed sensitive feature gets. */
export const DEFAULT_FEATURE = 'group';

function isSingle(x: unknown): x is LabelInput {
  return isTensor(x) || Array.isArray(x) || ArrayBuffer.isView(x);
}

/** Splits samples into the (intersectional) groups of the sensitive features. */
export function groupBy(fn: string, sensitiveFeatures: SensitiveFeatures, n?: number): Grouping {
  if (sensitiveFeatures === null || typeof sensitiveFeatures !== 'object') {
    fail(
      `${fn}(sensitiveFeatures)`,
      `expected an array or an object of named arrays, got ${show(sensitiveFeatures)}`,
    );
  }
  const named: [string, LabelInput][] = isSingle(sensitiveFeatures)
    ? [[DEFAULT_FEATURE, sensitiveFeatures]]
    : Object.entries(sensitiveFeatures as Record<string, LabelInput>);
  if (named.length === 0)
    fail(`${fn}(sensitiveFeatures)`, 'expected at least one feature, got an empty object');
  const columns = named.map(([name, values]) => {
    const arg =
      named.length === 1 && name === DEFAULT_FEATURE ? 'sensitiveFeatures' : `sensitiveFeatures.${name}`;
    const raw = isTensor(values) ? toLabels(values, fn, arg) : Array.from(values as ArrayLike<unknown>);
    if (raw.length === 0) fail(`${fn}(${arg})`, 'expected at least one sample, got an empty array');
    if (n !== undefined && raw.length !== n) {
      fail(`${fn}(${arg})`, `expected one value per sample (${n}), got ${raw.length}`);
    }
    raw.forEach((v, i) => {
      if (typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
        fail(`${fn}(${arg})`, `expected strings, finite numbers or booleans, got ${show(v)} at index ${i}`);
      }
    });
    const distinct = [...new Set(raw as (string | number | boolean)[])].sort((a, b) =>
      compareLabels(typeof a === 'boolean' ? Number(a) : a, typeof b === 'boolean' ? Number(b) : b),
    );
    return { name, raw: raw.map(String), levels: distinct.map(String) };
  });
  const size = columns[0].raw.length;
  for (const c of columns) {
    if (c.raw.length !== size) {
      fail(
        `${fn}(sensitiveFeatures.${c.name})`,
        `expected ${size} values like the other features, got ${c.raw.length}`,
      );
    }
  }
  // Every combination of levels, in feature order: empty intersections are kept so they can be flagged.
  let combos: string[][] = [[]];
  for (const c of columns) combos = combos.flatMap((prefix) => c.levels.map((l) => [...prefix, l]));
  const keyOf = (levels: readonly string[]) =>
    columns.length === 1 ? levels[0] : levels.map((l, i) => `${columns[i].name}=${l}`).join(', ');
  const byKey = new Map<string, Group>();
  const groups: Group[] = combos.map((levels) => {
    const g: Group = {
      key: keyOf(levels),
      levels: Object.fromEntries(levels.map((l, i) => [columns[i].name, l])),
      indices: [],
    };
    byKey.set(g.key, g);
    return g;
  });
  for (let i = 0; i < size; i++) byKey.get(keyOf(columns.map((c) => c.raw[i])))!.indices.push(i);
  return { features: columns.map((c) => c.name), groups, n: size };
}

/** The key of a group reference, checked against the grouping. */
export function resolveGroup(fn: string, arg: string, grouping: Grouping, ref: GroupRef): string {
  const keys = grouping.groups.map((g) => g.key);
  let key: string;
  if (ref !== null && typeof ref === 'object') {
    const missing = grouping.features.filter((f) => !(f in ref));
    const extra = Object.keys(ref).filter((f) => !grouping.features.includes(f));
    if (missing.length > 0 || extra.length > 0) {
      fail(
        `${fn}(${arg})`,
        `expected a level for each sensitive feature ${show(grouping.features)}, got ${show(Object.keys(ref))}`,
      );
    }
    const levels = grouping.features.map((f) => String((ref as Record<string, unknown>)[f]));
    key =
      grouping.features.length === 1
        ? levels[0]
        : levels.map((l, i) => `${grouping.features[i]}=${l}`).join(', ');
  } else {
    key = String(ref);
  }
  if (!keys.includes(key))
    fail(`${fn}(${arg})`, `expected one of the groups ${show(keys)}, got ${show(key)}`);
  return key;
}
