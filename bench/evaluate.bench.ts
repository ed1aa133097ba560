/**
 * `npm run bench`: a synthetic organization (1,000 accounts × 17 regions by default) parsed, validated, normalized and
 * evaluated with the whole catalogue. Prints time per stage, peak RSS and findings per second. Figures, not asserts:
 * the README records a run.  Usage: npm run bench -- [accounts] [regions]
 */
import {performance} from 'node:perf_hooks';
import {loadRuleSet} from '../src/pipeline.js';
import {evaluate} from '../src/evaluate/evaluate.js';
import {validateSnapshot} from '../src/snapshot/load.js';
import {normalize} from '../src/snapshot/normalize.js';
import {syntheticOrganization} from './synthetic.js';

const accounts = Number(process.argv[2] ?? 1000);
const regions = Number(process.argv[3] ?? 17);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 5);

const text = JSON.stringify(syntheticOrganization(accounts, regions));
const ruleSet = await loadRuleSet();
const baselineRss = process.memoryUsage().rss;

const t0 = performance.now();
const parsed = JSON.parse(text);
const t1 = performance.now();
const snapshot = validateSnapshot(parsed, 'synthetic');
const t2 = performance.now();
const normalized = normalize(snapshot);
const t3 = performance.now();
const result = evaluate(normalized, ruleSet.rules, {asOf: '2026-11-28'});
const t4 = performance.now();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const ms = (n: number) => `${n.toFixed(0)} ms`;
const total = t4 - t0;
const rows = [
  ['snapshot', `${accounts} accounts × ${regions} regions, ${(text.length / 1e6).toFixed(1)} MB JSON`],
  ['rules', `${ruleSet.rules.filter((r) => r.rule.enabled).length} enabled (pack ${ruleSet.pack})`],
  ['parse (JSON.parse)', ms(t1 - t0)],
  ['schema validation (ajv)', ms(t2 - t1)],
  ['normalize', ms(t3 - t2)],
  ['evaluate + score', ms(t4 - t3)],
  ['total', ms(total)],
  ['findings', `${result.findings.length} (${Math.round(result.findings.length / (total / 1000)).toLocaleString('en-US')} findings/s)`],
  ['peak RSS', `${(peakRss / 2 ** 20).toFixed(0)} MiB (${(baselineRss / 2 ** 20).toFixed(0)} MiB before the run)`],
  ['score', `overall ${result.score.overall}, SEC04 ${result.score.sec04}, COST ${result.score.cost}, coverage ${result.score.coverage}%`],
];
for (const [k, v] of rows) console.log(`${k!.padEnd(26)} ${v}`);
