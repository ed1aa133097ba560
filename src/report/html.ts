/**
 * The HTML report: one self-contained file (inline CSS and script, no request leaves the page — its Content Security
 * Policy forbids any) that opens from an artifact download. It shows the scores per account and per organizational
 * unit, a heatmap of accounts × rules, the failing rules with their resources and remediation, the evidence that was
 * missing, and the score trend over earlier runs.
 *
 * The page is built in two parts. What a reader needs without a script, or on paper (the header, the scores, the OU
 * table, the trend chart), is rendered here, every value through `escape/html.ts`. The interactive parts read a
 * compact JSON copy of the report (statuses as one letter per rule, findings as tuples; passes only as heatmap
 * letters) and render through the DOM with `textContent` only — see `html/app.ts`. The JSON sits in a
 * `type="application/json"` script whose `<` are written as `\u003c`, so no name can close the element.
 */
import type {PillarScores, Status} from '../evaluate/types.js';
import {allFindings, type Report} from './report.js';
import {htmlAttribute, htmlDomText, htmlText} from './escape/html.js';
import {htmlApp} from './html/app.js';
import {HTML_STYLE} from './html/style.js';

/** One earlier run's scores, for the trend chart. */
export interface HistoryPoint {
  generatedAt: string;
  overall: number | null;
  sec04: number | null;
  cost: number | null;
  coverage: number | null;
}

export interface HtmlOptions {
  /** Earlier runs, oldest first; the report itself is added as the last point. */
  history?: HistoryPoint[];
  /** Accounts per page in the accounts table and the heatmap. */
  pageSize?: number;
}

const CODE: Record<Status, string> = {fail: 'F', error: 'E', unknown: 'U', suppressed: 'S', pass: 'P', not_applicable: 'N'};
/** Which status a heatmap cell shows when an account has several findings of one rule: the worst. */
const RANK: Record<string, number> = {F: 6, E: 5, U: 4, S: 3, P: 2, N: 1, '.': 0};

interface OuScores {
  name: string;
  accounts: number;
  score: PillarScores;
}


const mean = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10 : null;
};

/** The compact data the page's script renders from, built in one pass over the findings. */
function pageData(report: Report, pageSize: number) {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const accounts = report.snapshot.accounts.map((a) => ({
    id: a.accountId,
    name: htmlDomText(a.name ?? a.alias ?? ''),
    ou: htmlDomText(a.ou ?? ''),
    score: report.score.byAccount[a.accountId] ?? {overall: null, sec04: null, cost: null, coverage: null},
    failing: 0,
  }));
  const accountIndex = new Map(accounts.map((a, i) => [a.id, i]));
  const cells = accounts.map(() => new Array<string>(report.rules.length).fill('.'));
  const findings: [number, number, string, string, string, string][] = [];
  for (const f of allFindings(report)) {
    const ri = ruleIndex.get(f.ruleId);
    if (ri === undefined) continue;
    let ai = accountIndex.get(f.accountId);
    if (ai === undefined) {
      // Every finding's account is in the summary; should one not be, it still gets a row rather than vanish.
      ai = accounts.push({id: htmlDomText(f.accountId), name: '', ou: '', score: report.score.byAccount[f.accountId] ?? {overall: null, sec04: null, cost: null, coverage: null}, failing: 0}) - 1;
      accountIndex.set(f.accountId, ai);
      cells.push(new Array<string>(report.rules.length).fill('.'));
    }
    const code = CODE[f.status];
    const row = cells[ai]!;
    if (RANK[code]! > RANK[row[ri]!]!) row[ri] = code;
    if (f.status === 'fail') accounts[ai]!.failing++;
    if (f.status !== 'pass' && f.status !== 'not_applicable') findings.push([ri, ai, code, htmlDomText(f.region), htmlDomText(f.resource), htmlDomText(f.message)]);
  }
  return {
    // Rules come from policy files, which may be a user's own: their text goes through the same treatment.
    rules: report.rules.map((r) => ({
      id: htmlDomText(r.id),
      title: htmlDomText(r.title),
      severity: r.severity,
      pillar: r.pillar,
      advisory: r.advisory,
      remediation: Object.fromEntries(Object.entries(r.remediation).map(([k, v]) => [k, htmlDomText(String(v))])) as typeof r.remediation,
    })),
    accounts,
    cells: cells.map((row) => row.join('')),
    findings,
    pageSize,
  };
}

function organizationalUnits(accounts: ReturnType<typeof pageData>['accounts']): OuScores[] {
  const groups = new Map<string, PillarScores[]>();
  for (const a of accounts) groups.set(a.ou, [...(groups.get(a.ou) ?? []), a.score]);
  return [...groups.entries()]
    .map(([name, scores]) => ({
      name: name || '(no organizational unit)',
      accounts: scores.length,
      score: {overall: mean(scores.map((s) => s.overall)), sec04: mean(scores.map((s) => s.sec04)), cost: mean(scores.map((s) => s.cost)), coverage: mean(scores.map((s) => s.coverage))},
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const fmt = (n: number | null) => (n === null ? '–' : n.toFixed(1));

function scoreCard(label: string, value: number | null, unit = ''): string {
  const width = value === null ? 0 : Math.max(0, Math.min(100, value));
  return `<div class="card"><div class="label">${htmlText(label)}</div><div class="value">${fmt(value)}${unit}</div>` +
    `<div class="bar" role="img" aria-label="${htmlAttribute(`${label} ${fmt(value)}${unit} of 100`)}"><span style="width:${width}%"></span></div></div>`;
}

/** An inline SVG line chart of the scores over the runs (no script needed, prints as it shows). */
export function trendChart(points: HistoryPoint[]): string {
  if (points.length < 2) return '<p class="muted">The trend appears once earlier reports are given (<code>--history DIR</code>, or the audit\'s reports folder).</p>';
  const w = 640;
  const h = 220;
  const pad = 36;
  const x = (i: number) => pad + (i * (w - 2 * pad)) / (points.length - 1);
  const y = (v: number) => h - pad - (v * (h - 2 * pad)) / 100;
  const series: [keyof Omit<HistoryPoint, 'generatedAt'>, string][] = [['overall', 'overall'], ['sec04', 'SEC04'], ['cost', 'COST'], ['coverage', 'coverage']];
  const lines = series
    .map(([key, label]) => {
      const pts = points.map((p, i) => (p[key] === null ? null : `${x(i).toFixed(1)},${y(p[key]!).toFixed(1)}`)).filter(Boolean);
      return pts.length ? `<polyline class="line-${key}" points="${pts.join(' ')}"><title>${htmlText(label)}</title></polyline>` : '';
    })
    .join('');
  const grid = [0, 25, 50, 75, 100].map((v) => `<line class="grid" x1="${pad}" x2="${w - pad}" y1="${y(v)}" y2="${y(v)}"/><text x="4" y="${y(v) + 4}">${v}</text>`).join('');
  // At most seven dates under the axis (the last run's always), so thirty runs do not print over each other.
  const every = Math.ceil(points.length / 7);
  const labels = points
    .map((p, i) => ((points.length - 1 - i) % every ? '' : `<text class="date" x="${x(i).toFixed(1)}" y="${h - 8}" text-anchor="middle">${htmlText(p.generatedAt.slice(0, 10))}</text>`))
    .join('');
  const table = points.map((p) => `<tr><td>${htmlText(p.generatedAt)}</td><td>${fmt(p.overall)}</td><td>${fmt(p.sec04)}</td><td>${fmt(p.cost)}</td><td>${fmt(p.coverage)}</td></tr>`).join('');
  return `<svg class="trend" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="trend-title"><title id="trend-title">Scores over the last ${points.length} runs</title>${grid}${lines}${labels}</svg>` +
    `<p class="legend"><span class="key line-overall">overall</span> <span class="key line-sec04">SEC04</span> <span class="key line-cost">COST</span> <span class="key line-coverage">coverage</span></p>` +
    `<details><summary>The trend as a table</summary><table><thead><tr><th scope="col">Report</th><th scope="col">Overall</th><th scope="col">SEC04</th><th scope="col">COST</th><th scope="col">Coverage</th></tr></thead><tbody>${table}</tbody></table></details>`;
}

const option = (value: string, label = value) => `<option value="${htmlAttribute(value)}">${htmlText(label)}</option>`;

/** The JSON for the page's data script: `<` (and the line separators) escaped so the text cannot end the element. */
function dataScript(data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `<script id="trailwise-data" type="application/json">${json}</script>`;
}

/** The whole report as one self-contained HTML page. */
export function formatHtml(report: Report, options: HtmlOptions = {}): string {
  const data = pageData(report, options.pageSize ?? 100);
  const ous = organizationalUnits(data.accounts);
  const s = report.score;
  const history = [...(options.history ?? []), {generatedAt: report.generatedAt, overall: s.overall, sec04: s.sec04, cost: s.cost, coverage: s.coverage}];
  const counts = report.counts.byStatus;
  const ouRows = ous
    .map((o) => `<tr><th scope="row">${htmlText(o.name)}</th><td class="num">${o.accounts}</td><td class="num">${fmt(o.score.overall)}</td><td class="num">${fmt(o.score.sec04)}</td><td class="num">${fmt(o.score.cost)}</td><td class="num">${fmt(o.score.coverage)}</td></tr>`)
    .join('');
  // The table starts sorted by the overall score, worst first.
  const sortHeader = (key: string, label: string) => `<th scope="col" aria-sort="${key === 'overall' ? 'ascending' : 'none'}"><button type="button" data-sort="${key}">${htmlText(label)}</button></th>`;
  const title = `trailwise report · ${report.snapshot.accounts.length} account(s) · ${report.generatedAt.slice(0, 10)}`;
  // `__name` is esbuild's keep-names helper: the Action's bundle wraps functions in it, and the page has none.
  const script = `var __name = function (f) { return f; };\n(${htmlApp.toString()})();`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header>
<h1>trailwise report</h1>
<p>pack <strong>${htmlText(report.pack)}</strong> · ${report.snapshot.accounts.length} account(s) · ${report.snapshot.regions.length} region(s) · evidence collected ${htmlText(report.snapshot.collectedAt)} · report ${htmlText(report.generatedAt)} · trailwise ${htmlText(report.version)}</p>
</header>
<main id="main">
<section aria-labelledby="scores-h"><h2 id="scores-h">Scores</h2>
<div class="cards">${scoreCard('Overall', s.overall)}${scoreCard('SEC04', s.sec04)}${scoreCard('COST', s.cost)}${scoreCard('Evidence coverage', s.coverage, '%')}</div>
<p>Findings: ${counts.fail} fail · ${counts.error} error · ${counts.unknown} unknown · ${counts.pass} pass · ${counts.suppressed} suppressed · ${counts.not_applicable} not applicable. Error and unknown never count as passed.</p>
</section>
<div class="overview">
<section aria-labelledby="trend-h"><h2 id="trend-h">Trend</h2>${trendChart(history)}</section>
<section aria-labelledby="ou-h"><h2 id="ou-h">Organizational units</h2>
<table class="ous"><thead><tr><th scope="col">Organizational unit</th><th scope="col">Accounts</th><th scope="col">Overall</th><th scope="col">SEC04</th><th scope="col">COST</th><th scope="col">Coverage</th></tr></thead><tbody>${ouRows}</tbody></table>
<p class="muted">An organizational unit's score is the mean of its accounts' scores.</p>
</section>
</div>
<section aria-labelledby="filters-h" class="filters no-print"><h2 id="filters-h">Filters</h2>
<label>Search <input id="filter-search" type="search" placeholder="account, resource, rule…"></label>
<label>Severity <select id="filter-severity">${option('', 'all')}${['critical', 'high', 'medium', 'low'].map((v) => option(v)).join('')}</select></label>
<label>Pillar <select id="filter-pillar">${option('', 'all')}${option('SEC04')}${option('COST')}</select></label>
<label>Organizational unit <select id="filter-ou">${option('', 'all')}${[...new Set(data.accounts.map((a) => a.ou).filter(Boolean))].sort().map((ou) => option(ou)).join('')}</select></label>
<label>Account <select id="filter-account">${option('', 'all')}${data.accounts.map((a) => option(a.id, a.name ? `${a.name} (${a.id})` : a.id)).join('')}</select></label>
<output id="match-count" aria-live="polite"></output>
</section>
<section aria-labelledby="accounts-h"><h2 id="accounts-h">Accounts</h2>
<table class="accounts"><thead><tr>${sortHeader('account', 'Account')}${sortHeader('ou', 'OU')}${sortHeader('overall', 'Overall')}${sortHeader('sec04', 'SEC04')}${sortHeader('cost', 'COST')}${sortHeader('coverage', 'Coverage')}${sortHeader('failing', 'Failing')}</tr></thead><tbody id="accounts-body"></tbody></table>
<nav id="accounts-pager" class="pager no-print" aria-label="Accounts pages"></nav>
</section>
<section aria-labelledby="heatmap-h"><h2 id="heatmap-h">Accounts × rules</h2>
<p class="legend">Each cell shows the worst status of the rule in the account, as a letter and a colour: <span class="cell s-F">F</span> fail · <span class="cell s-E">E</span> error · <span class="cell s-U">U</span> unknown · <span class="cell s-S">S</span> suppressed · <span class="cell s-P">P</span> pass · <span class="cell s-N">N</span> not applicable. Arrow keys move between cells.</p>
<div class="scroll"><table class="heatmap"><thead id="heatmap-head"></thead><tbody id="heatmap-body"></tbody></table></div>
<nav id="heatmap-pager" class="pager no-print" aria-label="Heatmap pages"></nav>
</section>
<section aria-labelledby="failing-h"><h2 id="failing-h">Failing rules</h2><div id="failing-rules"></div></section>
<section aria-labelledby="missing-h"><h2 id="missing-h">Missing evidence</h2>
<p class="muted">Evidence that could not be collected (error) or lives outside what was audited (unknown). Neither counts as a pass.</p>
<table class="missing"><thead><tr><th scope="col">Status</th><th scope="col">Rule</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Resource</th><th scope="col">What was missing</th></tr></thead><tbody id="missing-body"></tbody></table>
<p id="missing-note" class="muted"></p>
</section>
</main>
<noscript><p>The accounts table, the heatmap and the finding lists need JavaScript; the JSON, CSV and Markdown reports hold the same data.</p></noscript>
${dataScript(data)}
<script>${script}</script>
</body>
</html>
`;
}
