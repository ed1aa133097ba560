// The HTML report as text: self-contained (no request can leave the page), every name escaped, data that cannot end
// its script element, the trend from earlier reports' heads.
import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {formatHtml, trendChart} from '../../src/report/html.js';
import {loadHistory, readReportScores} from '../../src/report/history.js';
import {formatJson} from '../../src/report/json.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';

const rules = [makeRule({id: 'ct.region-coverage', severity: 'critical'}), makeRule({id: 'cwl.retention-set', severity: 'medium'})];

function dataOf(html: string): {accounts: {id: string; name: string}[]; cells: string[]; findings: unknown[][]} {
  const m = /<script id="trailwise-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  return JSON.parse(m![1]!);
}

describe('formatHtml', () => {
  it('is one file that loads nothing: a CSP that forbids requests, no external src or href', () => {
    const html = formatHtml(makeReport(rules, [makeFinding({ruleId: 'ct.region-coverage'})]));
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('has one heatmap cell per account × rule, the worst status of each', () => {
    const report = makeReport(rules, [
      makeFinding({ruleId: 'ct.region-coverage', accountId: '111111111111', status: 'pass'}),
      makeFinding({ruleId: 'ct.region-coverage', accountId: '111111111111', status: 'fail'}),
      makeFinding({ruleId: 'cwl.retention-set', accountId: '111111111111', status: 'error'}),
      makeFinding({ruleId: 'cwl.retention-set', accountId: '222222222222', status: 'not_applicable'}),
    ]);
    report.snapshot.accounts = [{accountId: '111111111111', regions: 2}, {accountId: '222222222222', regions: 2}];
    const data = dataOf(formatHtml(report));
    expect(data.cells).toEqual(['FE', '.N']);
    // Passes and not-applicable findings are heatmap letters only; the lists carry the rest.
    expect(data.findings.map((f) => f[2])).toEqual(['F', 'E']);
  });

  it('escapes hostile names everywhere and keeps them from closing the data script', () => {
    const evil = '</script><img src=x onerror=alert(1)>\u202E"\'&';
    const report = makeReport(rules, [makeFinding({ruleId: 'ct.region-coverage', resource: evil, message: evil})]);
    report.snapshot.accounts = [{accountId: '111111111111', name: evil, regions: 1}];
    report.pack = evil;
    const html = formatHtml(report);
    expect(html).not.toContain('<img');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('\u202E');
    const data = dataOf(html);
    expect(data.accounts[0]!.name).toBe(evil.replace('\u202E', '<U+202E>'));
  });

  it('draws the trend from the history plus this report, and says how to get one without history', () => {
    expect(trendChart([])).toMatch(/--history/);
    const html = formatHtml(makeReport(rules, []), {history: [{generatedAt: '2026-11-01T00:00:00Z', overall: 40, sec04: 30, cost: 60, coverage: 90}]});
    expect(html).toMatch(/<svg class="trend"[^>]*>.*<polyline class="line-overall" points="[\d., ]+"/s);
  });
});

describe('history', () => {
  it('reads the scores from the heads of earlier reports and of an audit root, oldest first', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'trailwise-history-'));
    const report = (generatedAt: string, overall: number) => {
      const r = makeReport(rules, [makeFinding({ruleId: 'ct.region-coverage'})]);
      r.generatedAt = generatedAt;
      r.score = {...r.score, overall};
      return formatJson(r);
    };
    mkdirSync(path.join(root, '2026-11-02T00-00-00Z'));
    writeFileSync(path.join(root, '2026-11-02T00-00-00Z', 'report.json'), report('2026-11-02T00:00:00.000Z', 50));
    writeFileSync(path.join(root, 'older.json'), report('2026-11-01T00:00:00.000Z', 40));
    const points = await loadHistory(root);
    expect(points.map((p) => [p.generatedAt, p.overall])).toEqual([
      ['2026-11-01T00:00:00.000Z', 40],
      ['2026-11-02T00:00:00.000Z', 50],
    ]);
  });

  it('names the file and the JSON pointer of a report whose score is not a score', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-history-'));
    const r = JSON.parse(formatJson(makeReport(rules, []))) as Record<string, unknown>;
    (r.score as Record<string, unknown>).overall = 'high';
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(r, null, 2));
    await expect(readReportScores(path.join(dir, 'bad.json'))).rejects.toThrow(/bad\.json: not a valid trailwise report:\n {2}at \/score\/overall/);
    writeFileSync(path.join(dir, 'not.json'), 'hello');
    await expect(loadHistory(dir)).rejects.toThrow(/not a trailwise JSON report|not a valid/);
  });
});
