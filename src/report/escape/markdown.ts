/**
 * Escaping for GitHub-flavoured Markdown (the Markdown report, job summaries, PR comments, `diff --format markdown`,
 * the org `summary.md`, SARIF `markdown` fields). Text from AWS or a report renders as the same text: no HTML, no
 * links or images, no emphasis, no table cell break, no `@mention` that notifies anyone, no `#123` that links an issue.
 */
import {revealBidi} from './unicode.js';

// GitHub's mention, issue-reference and URL filters run on the rendered text, after backslash escapes are gone: a
// zero-width space is what keeps `@team`, `#123` and `https://…` from turning into mentions and links.
const ZWSP = '&#8203;';

/** Returns `text` for inline Markdown or a table cell: one line, rendered literally. */
export function markdownText(text: string): string {
  return (
    revealBidi(text)
      // Control characters (a lone CR, ESC…) have no business in Markdown; line breaks become spaces.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
      .replace(/\r\n|\r|\n/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~$]/g, '\\$&')
      .replace(/[@#]/g, `$&${ZWSP}`)
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
      // A list marker at the start (the text may open a line).
      .replace(/^[-+](?= )/, '\\$&')
      .replace(/^(\d+)([.)])(?= )/, '$1\\$2')
  );
}

/** Returns `text` as inline code: `<code>` with the text escaped (backslash escapes still work there, unlike in backticks). */
export function markdownCode(text: string): string {
  return `<code>${markdownText(text)}</code>`;
}

/** Returns `text` as a fenced code block whose fence is longer than any run of backticks inside it. */
export function markdownCodeBlock(text: string, lang = ''): string {
  let longest = 2;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  // eslint-disable-next-line no-control-regex
  const body = revealBidi(text).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '').trimEnd();
  return `${fence}${lang.replace(/[^A-Za-z0-9_+-]/g, '')}\n${body}\n${fence}`;
}
