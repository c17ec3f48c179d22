import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse';
import { CsvError, tokenize } from './tokenize';

function errorOf(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CsvError) return e;
    throw e;
  }
  throw new Error('expected a CsvError');
}

describe('tokenize', () => {
  it('handles quotes, doubled quotes, embedded delimiters and line breaks, CRLF and blank lines', () => {
    const rows = tokenize('a,"b,c","say ""hi"""\r\n\r\n"multi\nline",2,\n', ',', 'test');
    expect(rows.map((r) => r.fields)).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['multi\nline', '2', ''],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
    expect(tokenize('\ufeffx;y\ry;z', ';', 't').map((r) => r.fields)).toEqual([
      ['x', 'y'],
      ['y', 'z'],
    ]);
  });

  it('names the line of malformed quoting', () => {
    expect(errorOf(() => tokenize('a\n"open,1\n2', ',', 'parseCsv')).message).toBe(
      'parseCsv: line 2, column 1: a quoted field is never closed (missing ")',
    );
    expect(errorOf(() => tokenize('a,"b"c', ',', 'parseCsv')).message).toMatch(
      /line 1, column 2: unexpected "c" after a closing quote/,
    );
    expect(errorOf(() => tokenize('a,b"c', ',', 'parseCsv')).message).toMatch(
      /line 1, column 2: a quote inside an unquoted field/,
    );
  });
});

describe('parseCsv', () => {
  it('infers integer, number, boolean and category columns', () => {
    const t = parseCsv('id,height,smoker,species\n1,1.5,yes,cat\n2,2,no,dog\n3,-0.5,YES,cat\n');
    expect(t.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'height', type: 'number' },
      { name: 'smoker', type: 'boolean' },
      { name: 'species', type: 'category', levels: ['cat', 'dog'] },
    ]);
    expect(t.rows).toEqual([
      [1, 1.5, true, 'cat'],
      [2, 2, false, 'dog'],
      [3, -0.5, true, 'cat'],
    ]);
    expect(t.lines).toEqual([2, 3, 4]);
  });

  it('follows a given schema (reordered to the header) and category levels', () => {
    const t = parseCsv('b,a\n1,x\n2,y\n', {
      schema: { a: { type: 'category', levels: ['y', 'x'] }, b: 'number' },
    });
    expect(t.columns.map((c) => c.type)).toEqual(['number', 'category']);
    expect(t.columns[1].levels).toEqual(['y', 'x']);
    const noHeader = parseCsv('1,a\n2,b', {
      header: false,
      schema: [
        { name: 'n', type: 'integer' },
        { name: 's', type: 'string' },
      ],
    });
    expect(noHeader.rows).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(parseCsv('1,2\n3,4', { header: false }).columns.map((c) => c.name)).toEqual([
      'column_1',
      'column_2',
    ]);
  });

  it('reports schema mismatches with the line and column', () => {
    expect(errorOf(() => parseCsv('a,b\n1,x\n', { schema: { a: 'integer', b: 'number' } })).message).toBe(
      'parseCsv(text, options): line 2, column "b" (2): expected a number, got "x"',
    );
    const e = errorOf(() => parseCsv('a,b\n1,2\n3,4.5\n', { schema: { a: 'integer', b: 'integer' } }));
    expect(e.line).toBe(3);
    expect(e.column).toBe('"b" (2)');
    expect(errorOf(() => parseCsv('a,b\n1,2\n', { schema: { a: 'number', c: 'number' } })).message).toMatch(
      /line 1: schema column\(s\) "c" not in the header \(a, b\)/,
    );
    expect(errorOf(() => parseCsv('a,b\n1,2\n', { schema: { a: 'number' } })).message).toMatch(
      /line 1, column "b" \(2\): this header column is not in the schema/,
    );
    expect(errorOf(() => parseCsv('a,b\n1,2\n3\n')).message).toBe(
      'parseCsv(text, options): line 3: expected 2 fields (like the header), got 1',
    );
    expect(
      errorOf(() => parseCsv('a\nz\n', { schema: { a: { type: 'category', levels: ['x'] } } })).message,
    ).toMatch(/line 2, column "a" \(1\): "z" is not one of the levels x/);
    expect(() => parseCsv('a\n1', { schema: { a: 'float' as never } })).toThrow(
      /type "float"; expected one of number, integer/,
    );
  });

  it('applies the missing-value policy', () => {
    const text = 'x,label\n1,a\nNA,b\n3,\n5,a\n';
    expect(errorOf(() => parseCsv(text)).message).toBe(
      `parseCsv(text, options): line 3, column "x" (1): a missing value ("NA"); set options.missing to 'drop-row', 'mean' or { fill }`,
    );
    const dropped = parseCsv(text, { missing: 'drop-row' });
    expect(dropped.rows).toEqual([
      [1, 'a'],
      [5, 'a'],
    ]);
    expect(dropped.droppedLines).toEqual([3, 4]);
    const filled = parseCsv(text, { missing: { fill: { x: 0, label: 'unknown' } } });
    expect(filled.rows.map((r) => r.join())).toEqual(['1,a', '0,b', '3,unknown', '5,a']);
    expect(filled.columns[1].levels).toEqual(['a', 'b', 'unknown']);
    expect(() => parseCsv(text, { missing: { fill: 'zero' } })).toThrow(
      `parseCsv(options.missing.fill): column "x" is integer, the fill value "zero" is not`,
    );
    expect(errorOf(() => parseCsv(text, { missing: 'mean' })).message).toMatch(
      /line 4, column "label" \(2\): a missing value in a category column, which has no mean/,
    );
    const mean = parseCsv('x,y\n1,2.5\n,1\n4,\n', { missing: 'mean' });
    expect(mean.rows).toEqual([
      [1, 2.5],
      [3, 1],
      [4, 1.75],
    ]);
    expect(mean.filled).toEqual({ x: 3, y: 1.75 });
    expect(parseCsv('s\n""\n', { schema: { s: 'string' } }).rows).toEqual([['']]);
  });

  it('rejects bad options and input', () => {
    expect(() => parseCsv(42 as never)).toThrow('parseCsv(text): expected a string, got 42');
    expect(() => parseCsv('a', { delimiter: '""' })).toThrow(
      /parseCsv\(options.delimiter\): expected one character/,
    );
    expect(() => parseCsv('a', { missing: 'skip' as never })).toThrow(
      /parseCsv\(options.missing\): expected 'error', 'drop-row', 'mean' or \{ fill: value \}, got "skip"/,
    );
    expect(() => parseCsv('')).toThrow('parseCsv(text, options): the text is empty: expected a header row');
    expect(errorOf(() => parseCsv('a,a\n1,2')).message).toMatch(/line 1, column 2: the header repeats "a"/);
  });
});
