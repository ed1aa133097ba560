/**
 * Plain string helpers for the terminal report: no React, no escape codes.
 */
import {stripVTControlCharacters} from 'node:util';

/** The narrowest layout the terminal report draws; narrower terminals get an 80-column layout that wraps. */
export const MIN_WIDTH = 80;

/** Returns the width to lay out for: the terminal's columns, never below `MIN_WIDTH`. */
export function layoutWidth(columns: number | undefined): number {
  return Math.max(MIN_WIDTH, Math.floor(columns ?? MIN_WIDTH));
}

/** Returns `text` cut to `max` characters by removing its middle (ARNs keep their service and their resource name). */
export function shortenMiddle(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  // The end of an ARN (the resource name) tells resources apart more often than its start, so it keeps more.
  const head = Math.floor((max - 1) * 0.4);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** Returns `text` cut to `max` characters, ending with an ellipsis when cut. */
export function shortenEnd(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return max <= 1 ? '…'.slice(0, max) : `${chars.slice(0, max - 1).join('')}…`;
}

/** Returns a duration as `42s`, `3m 05s` or `1h 02m`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

const grouped = new Intl.NumberFormat('en-US');

/** Returns an integer with thousands separators (`1,234`). */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** Returns a USD amount: cents below $100, whole dollars above. */
export function formatUsd(amount: number): string {
  const digits = Math.abs(amount) < 100 ? 2 : 0;
  return `$${amount.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits})}`;
}

/** Returns `1 finding` / `3 findings`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** Returns a score with one decimal at most (`72.5`, `100`), or `n/a`. */
export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : String(Math.round(score * 10) / 10);
}

/** Returns `text` without terminal control sequences (AWS data can hold any character). */
export function stripControls(text: string): string {
  // stripVTControlCharacters removes escape sequences; the rest of C0/C1 (bell, backspace, a lone ESC) goes too.
  // eslint-disable-next-line no-control-regex
  return stripVTControlCharacters(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Returns a deep copy of a JSON value with every string stripped of control sequences. */
export function stripControlsDeep<T>(value: T): T {
  if (typeof value === 'string') return stripControls(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => stripControlsDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripControlsDeep(v)])) as T;
  }
  return value;
}

/**
 * Returns `text` wrapped at spaces to lines of at most `width` characters; a longer word is cut, or left whole with
 * `cutLongWords: false` (a shell command's JSON argument must survive copy and paste). ink's own wrapping
 * keeps the space it breaks at, which starts the next line one column off; wrapping here keeps columns straight.
 */
export function wrapWords(text: string, width: number, options: {cutLongWords?: boolean} = {}): string {
  const cut = options.cutLongWords ?? true;
  const max = Math.max(1, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    // Each word keeps the spaces before it, so padding inside a line survives; a break drops them.
    for (const [, gap = '', word = ''] of paragraph.matchAll(/( *)([^ ]+)/g)) {
      let rest = [...word];
      if ([...line].length + gap.length + rest.length <= max) {
        line += gap + word;
        continue;
      }
      if (line.trim()) out.push(line);
      while (cut && rest.length > max) {
        out.push(rest.slice(0, max).join(''));
        rest = rest.slice(max);
      }
      line = rest.join('');
    }
    out.push(line);
  }
  return out.join('\n');
}

/** Returns `text` wrapped to `width`, its continuation lines indented by `indent` spaces (log lines). */
export function hangingWrap(text: string, width: number, indent: number): string {
  if ([...text].length <= width) return text;
  const [first, ...rest] = wrapWords(text, width).split('\n');
  const pad = ' '.repeat(indent);
  return [first, ...wrapWords(rest.join(' '), width - indent).split('\n').map((l) => pad + l)].join('\n');
}
