/**
 * Plain string helpers for the terminal report: no React, no escape codes.
 */

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

/**
 * Returns `text` wrapped at spaces to lines of at most `width` characters; a longer word is cut, or left whole with
 * `cutLongWords: false` (a shell command's JSON argument must survive copy and paste). ink's own wrapping
 * keeps the space it breaks at, which starts the next line one column off; wrapping here keeps columns straight.
 */
export function wrapWords(text: string, width: number, options: {cutLongWords?: boolean} = {}): string {
  const cut = options.cutLongWords ?? true;
  const max = Math.max(1, width);
  const out: string[] = [];
  // Lengths are kept in code points as the text goes, so that the work stays linear in the text's length.
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineLength = 0;
    let lineBlank = true;
    // Each word keeps the spaces before it, so padding inside a line survives; a break drops them.
    for (const [, gap = '', word = ''] of paragraph.matchAll(/( *)([^ ]+)/g)) {
      const wordLength = codePoints(word);
      if (lineLength + gap.length + wordLength <= max) {
        line += gap + word;
        lineLength += gap.length + wordLength;
        lineBlank = false;
        continue;
      }
      if (!lineBlank) out.push(line);
      if (cut && wordLength > max) {
        const chars = [...word];
        let at = 0;
        for (; chars.length - at > max; at += max) out.push(chars.slice(at, at + max).join(''));
        line = chars.slice(at).join('');
        lineLength = chars.length - at;
      } else {
        line = word;
        lineLength = wordLength;
      }
      lineBlank = false;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** The number of code points in `text` (what `[...text].length` counts, without the array). */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === text.length) n++;
    else {
      const next = text.charCodeAt(i + 1);
      n++;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return n;
}

/** Returns `text` wrapped to `width`, its continuation lines indented by `indent` spaces (log lines). */
export function hangingWrap(text: string, width: number, indent: number): string {
  if (codePoints(text) <= width) return text;
  const [first, ...rest] = wrapWords(text, width).split('\n');
  const pad = ' '.repeat(indent);
  return [first, ...wrapWords(rest.join(' '), width - indent).split('\n').map((l) => pad + l)].join('\n');
}

/** Returns `text` without the spaces and tabs at the end of each line (in linear time, unlike `/[ \t]+$/gm`). */
export function trimLineEnds(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let end = line.length;
    while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
    if (end < line.length) lines[i] = line.slice(0, end);
  }
  return lines.join('\n');
}

/** Splits a command line into its shell words as typed (quotes kept), `&&` as a word of its own. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (const c of command) {
    if (quote) {
      word += c;
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      word += c;
      quote = c;
    } else if (c === ' ' || c === '\n' || c === '\t') {
      if (word) words.push(word);
      word = '';
    } else {
      word += c;
    }
  }
  if (word) words.push(word);
  return words;
}

/**
 * Breaks one over-long line of a command after commas: inside quotes only between JSON values (a newline there is JSON
 * whitespace, and the continuation is indented); outside quotes anywhere, ending the line with `\` and continuing at
 * the first column (a backslash-newline vanishes even inside a word, but indentation would split it).
 */
function breakLongLine(line: string, room: number): string[] {
  const out: string[] = [];
  let start = 0;
  let lastBreak = -1;
  let lastQuoted = false;
  let quote: string | undefined;
  const chars = [...line];
  let current = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    }
    current += c;
    if (c === ',' && (quote ? /[[{"]/.test(chars[i + 1] ?? '') && quote === "'" : true)) {
      lastBreak = i;
      lastQuoted = quote !== undefined;
    }
    if (codePoints(current) + 1 > room && lastBreak >= start) {
      const head = chars.slice(start, lastBreak + 1).join('');
      out.push(lastQuoted ? head : `${head}\\`);
      const indent = lastQuoted ? '    ' : '';
      start = lastBreak + 1;
      current = indent + chars.slice(start, i + 1).join('');
      lastBreak = -1;
      if (indent) {
        chars.splice(start, 0, ...indent);
        i += indent.length;
      }
    }
  }
  out.push(chars.slice(start).join(''));
  return out;
}

/**
 * Returns a shell command wrapped to `width` so that the lines can be pasted as they are: breaks fall between
 * arguments (an option stays with its value) and end with ` \`, each `&&` ends a line, and an argument too long for a
 * line (a JSON document in quotes) breaks only after a comma between JSON values, where a newline inside the quotes
 * changes nothing. A piece that still does not fit is left whole, never cut.
 */
export function wrapCommand(command: string, width: number): string {
  const words = shellWords(command);
  const units: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (word.startsWith('--') && next !== undefined && !next.startsWith('--') && next !== '&&') {
      units.push(`${word} ${next}`);
      i++;
    } else if (word === '&&' && units.length) {
      units[units.length - 1] += ' &&';
    } else {
      units.push(word);
    }
  }
  const lines: string[] = [];
  let line = '';
  const indent = '  ';
  const room = Math.max(10, width);
  for (const unit of units) {
    const candidate = line ? `${line} ${unit}` : unit;
    // Two columns stay free for the ` \` that continues the line.
    if (codePoints(candidate) + 2 <= room || !line.trim()) {
      line = candidate;
    } else {
      lines.push(`${line} \\`);
      line = indent + unit;
    }
    if (codePoints(line) > room) {
      for (const piece of breakLongLine(line, room)) lines.push(piece);
      line = lines.pop()!;
    }
    if (unit.endsWith(' &&')) {
      lines.push(line);
      line = '';
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
