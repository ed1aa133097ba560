// The HTML report at organization scale: for N synthetic accounts, the report is evaluated in-process, written with
// formatHtml, and opened in Chromium; prints the file size and the time from navigation to the first full render
// (`body[data-rendered]`), and the time to apply a search filter. `npm run bench:html -- 1000 5000 [regions]`.
import {mkdtempSync, statSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {evaluateSnapshot, loadRuleSet} from '../src/pipeline.js';
import {formatHtml} from '../src/report/html.js';
import {launchChromium} from '../test/support/chromium.js';
import {syntheticOrganization} from './synthetic.js';

const args = process.argv.slice(2).map(Number).filter((n) => n > 0);
const regions = args.length > 1 && args.at(-1)! <= 17 ? args.pop()! : 4;
const sizes = args.length ? args : [1000, 5000];
const ruleSet = await loadRuleSet({});
const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-html-bench-'));
const browser = await launchChromium();
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${regions} regions per account`);
for (const accounts of sizes) {
  const report = evaluateSnapshot(syntheticOrganization(accounts, regions), ruleSet, {});
  const started = performance.now();
  const html = formatHtml(report);
  const formatMs = performance.now() - started;
  const file = path.join(dir, `report-${accounts}.html`);
  writeFileSync(file, html);
  const page = await browser.newPage({viewport: {width: 1280, height: 800}});
  const t0 = Date.now();
  await page.goto(pathToFileURL(file).href, {timeout: 300_000});
  await page.waitForSelector('body[data-rendered="true"]', {timeout: 300_000});
  const renderMs = Date.now() - t0;
  const t1 = Date.now();
  await page.fill('#filter-search', '1000000000');
  await page.waitForFunction(() => document.querySelectorAll('#accounts-body tr').length > 0);
  const filterMs = Date.now() - t1;
  await page.close();
  const mib = statSync(file).size / 2 ** 20;
  console.log(`${accounts} accounts: ${report.findings.length} findings, html ${mib.toFixed(1)} MiB (formatHtml ${formatMs.toFixed(0)} ms), first render ${renderMs} ms, search ${filterMs} ms`);
}
await browser.close();
