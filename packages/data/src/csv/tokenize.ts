import { PlasticityError } from '@plasticity/core';

/**
 * A CSV error that says where: the 1-based source `line` and, when known, the column (its name, or its
 * 1-based position when there is no header).
 */
export class CsvError extends PlasticityError {
  readonly line: number;
  readonly column?: string;

  constructor(where: string, line: number, column: string | undefined, detail: string) {
    super(where, `line ${line}${column === undefined ? '' : `, column ${column}`}: ${detail}`);
    this.name = 'CsvError';
    this.line = line;
    if (column !== undefined) this.column = column;
  }
}

/** One parsed row: its fields and the source line it starts on. */
export interface RawRow {
  readonly fields: string[];
  readonly line: number;
  /** Which fields were quoted: a quoted empty string is a value, not a missing one. */
  readonly quoted: boolean[];
}

/**
 * Splits CSV text into rows of fields (RFC 4180): fields may be quoted with `"`, quotes inside are doubled,
 * quoted fields may hold the delimiter and line breaks; CRLF, LF and CR all end a row; blank lines are
 * skipped and a leading byte-order mark is ignored.
 */
export function tokenize(text: string, delimiter: string, where: string): RawRow[] {
  const rows: RawRow[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let endOfRow = false;
    while (!endOfRow) {
      let value = '';
      let wasQuoted = false;
      if (text[i] === '"') {
        wasQuoted = true;
        const openLine = line;
        i++;
        for (;;) {
          if (i >= text.length) {
            throw new CsvError(
              where,
              openLine,
              `${fields.length + 1}`,
              'a quoted field is never closed (missing ")',
            );
          }
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          value += ch;
          i++;
        }
        if (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvError(
            where,
            line,
            `${fields.length + 1}`,
            `unexpected ${JSON.stringify(text[i])} after a closing quote`,
          );
        }
      } else {
        const from = i;
        while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') {
            throw new CsvError(
              where,
              line,
              `${fields.length + 1}`,
              'a quote inside an unquoted field; quote the whole field',
            );
          }
          i++;
        }
        value = text.slice(from, i);
      }
      fields.push(value);
      quoted.push(wasQuoted);
      if (i < text.length && text[i] === delimiter) {
        i++;
      } else {
        endOfRow = true;
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
      }
    }
    const blank = fields.length === 1 && fields[0].trim() === '' && !quoted[0];
    if (!blank) rows.push({ fields, line: start, quoted });
  }
  return rows;
}
