/**
 * Escaping for CSV (RFC 4180): a cell is quoted when it holds a comma, a quote or a line break, and a cell a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) starts with `'` instead (OWASP "CSV
 * injection"). Bidirectional controls are made visible.
 */
import {revealBidi} from './unicode.js';

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Returns one CSV cell for a value: numbers and booleans as they are, text guarded and quoted as needed. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  let text = revealBidi(value).replace(CONTROLS, '');
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Returns one CSV record, CRLF-terminated as RFC 4180 says. */
export function csvRow(values: (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
