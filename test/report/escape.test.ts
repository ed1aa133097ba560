// The escaping modules, one per output format: what a hostile name becomes in each.
import {describe, expect, it} from '@jest/globals';
import {csvCell, csvRow} from '../../src/report/escape/csv.js';
import {htmlAttribute, htmlText} from '../../src/report/escape/html.js';
import {markdownCode, markdownCodeBlock, markdownText} from '../../src/report/escape/markdown.js';
import {terminalText, terminalTextDeep} from '../../src/report/escape/terminal.js';
import {bound, revealBidi} from '../../src/report/escape/unicode.js';

// U+202E RIGHT-TO-LEFT OVERRIDE and friends: every format shows them instead of obeying them.
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

describe('bidirectional controls', () => {
  it('are made visible by every format', () => {
    for (const c of BIDI) {
      const name = `invoice${c}fdp.exe`;
      for (const out of [terminalText(name), markdownText(name), htmlText(name), htmlAttribute(name), csvCell(name), revealBidi(name)]) {
        expect(out).not.toContain(c);
        expect(out).toMatch(/U\+(202[A-E]|206[6-9]|200[EF]|061C)/);
      }
    }
  });
});

describe('terminalText', () => {
  it('removes escape sequences and control characters that AWS data may carry', () => {
    expect(terminalText('bucket\u001b[31mred\u001b[0m\u0007\u001b]0;title\u0007')).toBe('bucketred');
    expect(terminalText('a\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\b')).toBe('alinkb');
    expect(terminalText('a\u009b2Jb\u001bPq#0\u001b\\c\u001b(Bd\u001bce')).toBe('abcde');
    expect(terminalText('over\rwrite\bx')).toBe('overwritex');
  });

  it('keeps tabs and newlines unless asked for one line, and bounds the length', () => {
    expect(terminalText('a\tb\nc')).toBe('a\tb\nc');
    expect(terminalText('a\r\nb\nc', {singleLine: true})).toBe('a b c');
    expect(terminalText('x'.repeat(100), {max: 10})).toBe(`${'x'.repeat(9)}…`);
  });

  it('an unterminated OSC swallows the rest rather than reaching the terminal', () => {
    expect(terminalText('ok\u001b]0;forever')).toBe('ok');
  });

  it('strips every string of a nested value and leaves the rest', () => {
    expect(terminalTextDeep({a: ['x\u001b[2Jy', 3], b: {c: 'ok', d: null}})).toEqual({a: ['xy', 3], b: {c: 'ok', d: null}});
  });
});

describe('markdownText', () => {
  it('renders HTML, links, images, mentions and issue references as text', () => {
    const out = markdownText('<img src=x onerror=alert(1)> ![i](http://e/x.png) [l](https://evil) @octocat @org/team #123 www.evil.com');
    expect(out).not.toMatch(/<img/);
    expect(out).toContain('&lt;img');
    expect(out).not.toMatch(/(?<!\\)\[/);
    expect(out).not.toMatch(/@[a-z]/);
    expect(out).toContain('#&#8203;123');
    expect(out).not.toContain('://');
    expect(out).not.toMatch(/www\./);
  });

  it('keeps a table row one row: pipes escaped, line breaks folded, backticks escaped', () => {
    expect(markdownText('a|b\nc\r\nd`e`')).toBe('a\\|b c d\\`e\\`');
  });

  it('does not open a list', () => {
    expect(markdownText('- item')).toBe('\\- item');
    expect(markdownText('1. item')).toBe('1\\. item');
  });

  it('markdownCode and markdownCodeBlock cannot be broken out of', () => {
    expect(markdownCode('</code><b>x</b>')).toBe('<code>&lt;/code&gt;&lt;b&gt;x&lt;/b&gt;</code>');
    const block = markdownCodeBlock('echo ```` done', 'sh" onload');
    expect(block.startsWith('`````shonload\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
  });
});

describe('htmlText and htmlAttribute', () => {
  it('escape markup and quotes', () => {
    expect(htmlText(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(htmlAttribute('a"\nb')).toBe('a&quot;&#10;b');
  });
});

describe('csvCell', () => {
  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvRow(['a', 1, null, true])).toBe('a,1,,true\r\n');
  });

  it('keeps a spreadsheet from running a cell as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const cell = csvCell(`${start}HYPERLINK("http://evil")`);
      expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('bound', () => {
  it('cuts with an ellipsis and never splits a surrogate pair', () => {
    expect(bound('abcdef', 4)).toBe('abc…');
    expect(bound('ab😀cd', 4)).toBe('ab…');
    expect(bound('abc', 4)).toBe('abc');
  });
});
