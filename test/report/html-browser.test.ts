// The HTML report in a real browser (Debian's Chromium, driven by playwright-core): it renders with no console error
// and no request beyond the file itself, the heatmap has one cell per account × rule, filters and search change what
// is shown, the keyboard moves through the heatmap, and it prints. `.ci/run` installs Chromium; without it this suite
// fails on CI (CI=true) rather than passing without having run.
import {existsSync, mkdtempSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import type {Browser, Page} from 'playwright-core';
import {formatHtml} from '../../src/report/html.js';
import type {Report} from '../../src/report/report.js';
import {makeFinding, makeReport, makeRule} from '../data/report-fixtures.js';
import {CHROMIUM, launchChromium} from '../support/chromium.js';

const available = existsSync(CHROMIUM);
const describeBrowser = available || process.env.CI ? describe : describe.skip;

function orgReport(): Report {
  const rules = [
    makeRule({id: 'ct.region-coverage', severity: 'critical'}),
    makeRule({id: 'ct.log-file-validation', severity: 'high'}),
    makeRule({id: 'cwl.retention-set', severity: 'medium'}),
    makeRule({id: 'cost.duplicate-mgmt-trails', severity: 'low', pillar: 'COST', advisory: true}),
  ];
  const accounts = Array.from({length: 6}, (_, i) => `${String(i + 1).repeat(12)}`.slice(0, 12));
  const findings = accounts.flatMap((accountId, i) =>
    rules.map((r, j) => makeFinding({ruleId: r.id, severity: r.severity, pillar: r.pillar, accountId, status: (i + j) % 3 === 0 ? 'fail' : (i + j) % 3 === 1 ? 'pass' : 'error'})),
  );
  const report = makeReport(rules, findings);
  report.snapshot.accounts = accounts.map((accountId, i) => ({accountId, name: i === 0 ? 'log <archive>' : `workload-${i}`, regions: 3, ou: i % 2 ? 'Workloads' : 'Security'}));
  report.score.byAccount = Object.fromEntries(accounts.map((a, i) => [a, {overall: 50 + i * 5, sec04: 40 + i * 5, cost: 80, coverage: 90}]));
  return report;
}

describeBrowser('the HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let file: string;

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is not at ${CHROMIUM}: .ci/run installs it (apt-get install chromium)`);
    const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-html-'));
    file = path.join(dir, 'report.html');
    writeFileSync(file, formatHtml(orgReport(), {history: [{generatedAt: '2026-11-20T00:00:00.000Z', overall: 40, sec04: 35, cost: 70, coverage: 85}]}));
    browser = await launchChromium();
    page = await browser.newPage({viewport: {width: 1280, height: 800}});
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-rendered="true"]');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('renders with no console error and requests nothing but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  });

  it('has one heatmap cell per account × rule, each with its status as text', async () => {
    expect(await page.locator('#heatmap-body tr').count()).toBe(6);
    expect(await page.locator('#heatmap-body td.cell').count()).toBe(6 * 4);
    const letters = await page.locator('#heatmap-body td.cell').allTextContents();
    expect(new Set(letters)).toEqual(new Set(['F', 'P', 'E']));
    expect(await page.locator('#heatmap-body td.cell').first().getAttribute('aria-label')).toMatch(/: (fail|pass|error)$/);
  });

  it('filters by organizational unit, severity and search', async () => {
    await page.selectOption('#filter-ou', 'Workloads');
    expect(await page.locator('#accounts-body tr').count()).toBe(3);
    await page.selectOption('#filter-ou', '');
    await page.selectOption('#filter-severity', 'critical');
    expect(await page.locator('#heatmap-body tr:first-child td.cell').count()).toBe(1);
    await page.selectOption('#filter-severity', '');
    await page.fill('#filter-search', 'archive');
    expect(await page.locator('#accounts-body tr').count()).toBe(1);
    expect(await page.locator('#accounts-body th').first().textContent()).toBe('log <archive> (111111111111)');
    await page.fill('#filter-search', '');
    expect(await page.locator('#accounts-body tr').count()).toBe(6);
  });

  it('sorts the accounts table from its header buttons', async () => {
    expect(await page.locator('th:has(button[data-sort="overall"])').getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('#accounts-body tr').first().getAttribute('data-account')).toBe('111111111111');
    await page.click('button[data-sort="overall"]');
    expect(await page.locator('th:has(button[data-sort="overall"])').getAttribute('aria-sort')).toBe('descending');
    const first = await page.locator('#accounts-body tr').first().getAttribute('data-account');
    expect(first).toBe('666666666666');
  });

  it('moves through the heatmap with the arrow keys', async () => {
    await page.locator('#heatmap-body td.cell[tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => {
      const cell = document.activeElement as HTMLTableCellElement;
      return [Array.prototype.indexOf.call(cell.parentElement!.parentElement!.children, cell.parentElement), cell.cellIndex];
    });
    expect(focused).toEqual([1, 2]);
  });

  it('draws the trend and takes a 1280×800 screenshot, and prints', async () => {
    expect(await page.locator('svg.trend polyline').count()).toBeGreaterThanOrEqual(3);
    const shot = path.join(path.dirname(file), 'report.png');
    await page.screenshot({path: shot});
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    const pdf = await page.pdf({format: 'A4'});
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
  });
});
