/**
 * Globs over resource names and rule ids, matched by RE2 (linear in the name's length whatever the glob: picomatch's
 * backtracking took over a minute for `*a*a*a*a*a*a*a*a*a*a*a*a*b` against a 2,000-character ARN).
 *
 * Syntax: `*` (and `**`) matches any run of characters, `/` and `:` included; `?` matches one character except `/`;
 * `[abc]`, `[a-z]` match one character of the set, `[!abc]` or `[^abc]` one character outside it; `{a,b}` matches
 * either alternative; a backslash makes the next character literal. Everything else matches itself.
 */
import {RE2JS} from 're2js';

const REGEX_META = /[\\.+*?()|[\]{}^$]/;

/** Returns the RE2 source (unanchored) that matches what `glob` matches. */
export function globToRegExpSource(glob: string): string {
  const chars = [...glob];
  let out = '';
  let braces = 0;
  const literal = (c: string) => (REGEX_META.test(c) ? `\\${c}` : c);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\' && i + 1 < chars.length) out += literal(chars[++i]!);
    else if (c === '*') {
      while (chars[i + 1] === '*') i++;
      out += '(?s:.*)';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = classEnd(chars, i);
      if (end === -1) {
        out += '\\[';
        continue;
      }
      let body = chars.slice(i + 1, end);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      out += `[${negated ? '^' : ''}${body.map((b) => (b === '\\' || b === '[' || b === ']' || b === '^' ? `\\${b}` : b)).join('')}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else out += literal(c);
  }
  // An unclosed `{` is a literal brace: the glob is rebuilt with it escaped.
  return braces > 0 ? globToRegExpSource(glob.replace(/\{/g, '\\{')) : out;
}

/** The index of the `]` that closes the class opened at `start`, or -1 (then the `[` is a literal). */
function classEnd(chars: string[], start: number): number {
  let i = start + 1;
  if (chars[i] === '!' || chars[i] === '^') i++;
  // A `]` right after the opening (or its negation) is a member, not the end.
  if (chars[i] === ']') i++;
  for (; i < chars.length; i++) if (chars[i] === ']') return i;
  return -1;
}

/** Returns a matcher for the whole of a name: true when `glob` matches all of it. */
export function compileGlob(glob: string): (name: string) => boolean {
  const re = RE2JS.compile(globToRegExpSource(glob));
  return (name) => re.testExact(name);
}
