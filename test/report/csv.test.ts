// CSV: one row per finding in the documented column order, RFC 4180 quoting, formula-injection guard.
import {describe, expect, it} from '@jest/globals';
import {CSV_COLUMNS, formatCsv} from '../../src/report/csv.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

/** A strict RFC 4180 reader: quoted cells may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else cell += c;
  }
  if (quoted || cell || row.length) throw new Error('unterminated record');
  return rows;
}

describe('formatCsv', () => {
  it('writes the header and one CRLF record per finding, columns in the documented order', () => {
    const report = makeReport([makeRule({id: 'ct.insights'})], [makeFinding({ruleId: 'ct.insights', status: 'fail'}), makeFinding({ruleId: 'ct.insights', status: 'pass'})]);
    const rows = parseCsv(formatCsv(report));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    expect(rows[1]![col('rule_id')]).toBe('ct.insights');
    expect(rows[1]![col('status')]).toBe('fail');
    expect(rows[2]![col('status')]).toBe('pass');
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('quotes commas, quotes and line breaks, and guards cells a spreadsheet would run as formulas', () => {
    const evil = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', 'a,b', 'say "hi"', 'two\r\nlines', '\tTAB'];
    const findings = evil.map((resource) => makeFinding({ruleId: 'ct.insights', resource, message: resource}));
    const rows = parseCsv(formatCsv(makeReport([makeRule({id: 'ct.insights'})], findings)));
    const resources = rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf('resource')]);
    expect(resources).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)", 'a,b', 'say "hi"', 'two\r\nlines', "'\tTAB"]);
    for (const r of resources) expect(r).not.toMatch(/^[=+\-@\t]/);
  });

  it('shows bidi controls instead of letting them reorder the text', () => {
    const rows = parseCsv(formatCsv(makeReport([makeRule({id: 'ct.insights'})], [makeFinding({ruleId: 'ct.insights', resource: 'abc\u202Edef'})])));
    expect(rows[1]![CSV_COLUMNS.indexOf('resource')]).not.toContain('\u202E');
  });

  it('is linear: 50,000 findings and a 1 MB name are written in one pass', () => {
    const big = 'x'.repeat(1_000_000);
    const findings = Array.from({length: 50_000}, (_, i) => makeFinding({ruleId: 'ct.insights', fingerprint: String(i)}));
    findings.push(makeFinding({ruleId: 'ct.insights', resource: big}));
    const text = formatCsv(makeReport([makeRule({id: 'ct.insights'})], findings));
    expect(text.split('\r\n').length - 2).toBe(50_001);
  }, 20_000);
});
