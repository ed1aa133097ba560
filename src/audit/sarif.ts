/**
 * The organization's SARIF: one run per account category (management, log archive, security tooling, workloads, not
 * audited), each with its own `automationDetails.id` so GitHub code scanning keeps their alerts apart, within GitHub's
 * limits: at most 20 runs per file and 25,000 results per run. A run over the limit keeps its worst results (the
 * evaluator sorts findings worst first) and says how many it dropped.
 */
import type {Report} from '../report/report.js';
import {buildSarif, type SarifLog} from '../report/sarif.js';
import type {AccountCategory} from './types.js';

export const GITHUB_MAX_RUNS = 20;
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;

const CATEGORY_ORDER: AccountCategory[] = ['management', 'log-archive', 'security-tooling', 'workload', 'not-audited'];

type SarifRun = SarifLog['runs'][number] & {
  automationDetails: {id: string};
  properties: SarifLog['runs'][number]['properties'] & {category: string; accounts: number; truncated?: {kept: number; dropped: number}};
};

export interface OrgSarif {
  log: Omit<SarifLog, 'runs'> & {runs: SarifRun[]};
  truncated: {category: string; kept: number; dropped: number}[];
}

/** The SARIF log of an organization report, one run per account category that has accounts. */
export function buildOrgSarif(
  report: Report,
  categories: Record<string, AccountCategory>,
  options: {artifactUri?: string; snapshotText?: string; maxResultsPerRun?: number} = {},
): OrgSarif {
  const cap = options.maxResultsPerRun ?? GITHUB_MAX_RESULTS_PER_RUN;
  const truncated: OrgSarif['truncated'] = [];
  const runs: SarifRun[] = [];
  let base: Omit<SarifLog, 'runs'> | undefined;
  const present = CATEGORY_ORDER.filter((c) => report.snapshot.accounts.some((a) => (categories[a.accountId] ?? 'workload') === c));
  for (const category of present.slice(0, GITHUB_MAX_RUNS)) {
    const ids = new Set(report.snapshot.accounts.filter((a) => (categories[a.accountId] ?? 'workload') === category).map((a) => a.accountId));
    const sub: Report = {...report, findings: report.findings.filter((f) => ids.has(f.accountId))};
    const {runs: [run], ...rest} = buildSarif(sub, {artifactUri: options.artifactUri, snapshotText: options.snapshotText});
    base ??= rest;
    const dropped = Math.max(0, run!.results.length - cap);
    if (dropped) {
      run!.results = run!.results.slice(0, cap);
      truncated.push({category, kept: cap, dropped});
    }
    runs.push({
      ...run!,
      automationDetails: {id: `trailwise/org/${category}/`},
      properties: {...run!.properties, category, accounts: ids.size, ...(dropped ? {truncated: {kept: cap, dropped}} : {})},
    });
  }
  const empty = buildSarif({...report, findings: []});
  return {log: {...(base ?? {$schema: empty.$schema, version: empty.version}), runs}, truncated};
}
