/**
 * Escaping for terminals and logs (the text report, the ink views, `diff` text, GitHub annotations): nothing in a
 * name can move the cursor, recolour, retitle the window, ring the bell or hide text. One pass, linear in the input.
 */
import {bound, revealBidi} from './unicode.js';

const ESC = 0x1b;
const CSI = 0x9b;
const BEL = 0x07;
const ST = 0x9c;

/** Whether a code unit is a control character to drop: C0 except tab and newline, DEL, and C1. */
const isDropped = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f);

/** Whether `c` is in the inclusive range `low`–`high`. */
const within = (c: number, low: number, high: number) => c >= low && c <= high;

/** The index just after the escape sequence (ECMA-48) that starts at `i` with ESC or CSI. */
function skipEscape(text: string, i: number): number {
  const n = text.length;
  let j: number;
  let kind: number;
  if (text.charCodeAt(i) === CSI) {
    kind = 0x5b;
    j = i + 1;
  } else {
    kind = text.charCodeAt(i + 1);
    j = i + 2;
  }
  if (kind === 0x5b) {
    // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
    while (j < n && within(text.charCodeAt(j), 0x20, 0x3f)) j++;
    return j < n && within(text.charCodeAt(j), 0x40, 0x7e) ? j + 1 : j;
  }
  if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
    // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \ or 0x9C); unterminated, it runs to the end.
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === BEL || c === ST) return j + 1;
      if (c === ESC && text.charCodeAt(j + 1) === 0x5c) return j + 2;
    }
    return n;
  }
  if (within(kind, 0x20, 0x2f)) {
    // nF (character set selection): intermediate bytes, then one final byte.
    while (j < n && within(text.charCodeAt(j), 0x20, 0x2f)) j++;
    return Math.min(n, j + 1);
  }
  // Fp, Fe, Fs: ESC and one byte. Anything else: a lone ESC.
  return within(kind, 0x30, 0x7e) ? i + 2 : i + 1;
}

/**
 * Returns `text` safe to print on a terminal or in a CI log: escape sequences (CSI, OSC, DCS…) and control characters
 * removed (tab and newline kept unless `singleLine`, which turns each line break into a space), bidirectional
 * controls shown as `<U+202E>`, and the whole cut to `max` characters when given.
 */
export function terminalText(text: string, options: {singleLine?: boolean; max?: number} = {}): string {
  let out = '';
  let start = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === ESC || c === CSI) {
      out += text.slice(start, i);
      i = skipEscape(text, i);
      start = i;
    } else if (options.singleLine && (c === 0x0a || c === 0x0d)) {
      out += `${text.slice(start, i)} `;
      // CR LF is one line break.
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      start = i;
    } else if (isDropped(c)) {
      out += text.slice(start, i);
      start = ++i;
    } else {
      i++;
    }
  }
  out += text.slice(start);
  const shown = revealBidi(out);
  return options.max === undefined ? shown : bound(shown, options.max);
}

/** Returns a deep copy of a JSON value with every string passed through `terminalText` (bounded to `max`). */
export function terminalTextDeep<T>(value: T, max?: number): T {
  const options = max === undefined ? {} : {max};
  if (typeof value === 'string') return terminalText(value, options) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => terminalTextDeep(v, max)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, terminalTextDeep(v, max)])) as T;
  }
  return value;
}
