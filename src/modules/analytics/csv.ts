/**
 * CSV export of any analytics table, for Excel and every spreadsheet: RFC 4180 quoting by csv-stringify (fields with
 * commas, quotes or line breaks are quoted, quotes doubled), CRLF line ends, and a UTF-8 byte order mark so Excel
 * reads Chinese and Vietnamese text as UTF-8 instead of the system code page.
 */
import { stringify } from 'csv-stringify/sync';

/** One column: the row field it shows and its header (already in the reader's language). */
export type CsvColumn<Row> = { key: keyof Row & string; header: string };

/** A cell Excel would run as a formula (=, +, -, @, tab, carriage return first): shown as text instead. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  // OWASP's advice against CSV injection: a leading apostrophe makes Excel treat the cell as text.
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The rows as a CSV file (a string starting with the UTF-8 BOM), a header line first. */
export function toCsv<Row extends object>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return stringify(
    rows.map((row) => columns.map((c) => cell(row[c.key]))),
    { bom: true, header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows' },
  );
}
