/**
 * `npm run docs:html-screenshot`: the README's picture of the HTML report. Builds a realistic organization (the
 * synthetic organization of bench/synthetic.ts, 40 accounts with names and organizational units, evaluated with the
 * built-in rules through the same pipeline as the CLI), adds a few earlier runs' scores so the trend shows, writes
 * the page, opens it in Debian's Chromium at 1280×800 and writes docs/html-report.png (the top of the page) and
 * docs/html-report-heatmap.png (the window scrolled to the heatmap); the page itself goes to a temporary folder.
 *   npm run docs:html-screenshot -- [--out docs/html-report.png] [--html /tmp/report.html] [--full-page]
 */
import {mkdtemp, writeFile} from 'node:fs/promises';
import os from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {syntheticOrganization} from '../bench/synthetic.js';
import {evaluateSnapshot, loadRuleSet} from '../src/pipeline.js';
import {formatHtml, type HistoryPoint} from '../src/report/html.js';
import type {AccountSnapshot, OrganizationalUnitRef} from '../src/snapshot/types.js';
import {launchChromium} from '../test/support/chromium.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}

/** The accounts of a landing-zone organization: the shared accounts first, then workloads in their OUs. */
const SHARED: [string, string][] = [
  ['management', 'Root'],
  ['log-archive', 'Security'],
  ['security-tooling', 'Security'],
  ['network-hub', 'Infrastructure'],
  ['shared-services', 'Infrastructure'],
];
const WORKLOADS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'ledger', 'reporting', 'data-lake', 'ml-platform', 'mobile-api', 'partner-api', 'fraud-scoring'];
const STAGES: [string, string][] = [
  ['prod', 'Workloads/Prod'],
  ['staging', 'Workloads/Staging'],
  ['dev', 'Sandbox'],
];

/** A name and an organizational unit for the n-th account, as the org audit records them from Organizations. */
function placeAccount(account: AccountSnapshot, n: number): AccountSnapshot {
  const [name, path] = SHARED[n] ?? (() => {
    const w = n - SHARED.length;
    const [stage, ou] = STAGES[w % STAGES.length]!;
    return [`${WORKLOADS[Math.floor(w / STAGES.length) % WORKLOADS.length]}-${stage}`, ou];
  })();
  const unit: OrganizationalUnitRef = path === 'Root' ? {id: 'r-ab12', name: 'Root', path} : {id: `ou-ab12-${path.toLowerCase().replace(/\W/g, '')}`, name: path.split('/').pop()!, path};
  return {...account, name, organizationalUnit: unit};
}

/** Earlier weekly runs, oldest first: the organization getting better week by week towards today's scores. */
function earlierRuns(today: HistoryPoint, weeks: number): HistoryPoint[] {
  const at = Date.parse(today.generatedAt);
  const back = (v: number | null, k: number, step: number) => (v === null ? null : Math.max(0, Math.round((v - k * step) * 10) / 10));
  return Array.from({length: weeks}, (_, i) => {
    const k = weeks - i; // weeks before today
    return {
      generatedAt: new Date(at - k * 7 * 86_400_000).toISOString(),
      overall: back(today.overall, k, 3.5),
      sec04: back(today.sec04, k, 4.5),
      cost: back(today.cost, k, k % 2 ? 1 : 2.5),
      coverage: back(today.coverage, k, 0.8),
    };
  });
}

async function main(): Promise<void> {
  const out = resolve(root, flag('out', 'docs/html-report.png'));
  const heatmapOut = out.replace(/\.png$/, '-heatmap.png');
  const htmlFile = resolve(flag('html', join(await mkdtemp(join(os.tmpdir(), 'trailwise-screenshot-')), 'report.html')));
  const organization = syntheticOrganization(40, 17);
  const snapshot = {...organization, accounts: organization.accounts.map(placeAccount)};
  const asOf = '2026-11-28T10:00:00.000Z';
  const report = evaluateSnapshot(snapshot, await loadRuleSet(), {file: 'organization.json', asOf});
  report.generatedAt = asOf; // a stable date in the picture
  const s = report.score;
  const history = earlierRuns({generatedAt: asOf, overall: s.overall, sec04: s.sec04, cost: s.cost, coverage: s.coverage}, 5);
  await writeFile(htmlFile, formatHtml(report, {history}));

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({viewport: {width: 1280, height: 800}});
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(htmlFile).href);
    await page.waitForSelector('body[data-rendered="true"]');
    if (errors.length) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
    await page.screenshot({path: out, fullPage: process.argv.includes('--full-page')});
    // The second picture: the same window scrolled to the heatmap.
    await page.locator('#heatmap-h').evaluate((h) => h.scrollIntoView());
    await page.screenshot({path: heatmapOut});
  } finally {
    await browser.close();
  }
  console.log(`${out}\n${heatmapOut}\n${htmlFile} (${snapshot.accounts.length} accounts, ${report.findings.length} findings, overall ${s.overall})`);
}

await main();
