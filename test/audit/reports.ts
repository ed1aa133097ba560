// Hand-made reports for diff and summary tests: only the fields those read, with stable fingerprints.
import type {Severity} from '../../src/evaluate/policy.js';
import type {Finding, Status} from '../../src/evaluate/types.js';
import type {Report} from '../../src/report/report.js';

export function finding(ruleId: string, accountId: string, status: Status, severity: Severity = 'high', resource = `account/${accountId}`): Finding {
  return {
    ruleId,
    title: `${ruleId} title`,
    status,
    severity,
    pillar: 'SEC04',
    bestPractices: ['SEC04-BP01'],
    accountId,
    region: 'global',
    resource,
    resourceType: 'AWS::::Account',
    message: `${ruleId} is ${status} in ${accountId}`,
    remediation: 'fix it',
    fingerprint: `${ruleId}|${accountId}|global|${resource}`,
  };
}

export function report(options: {
  findings: Finding[];
  overall: number | null;
  byAccount: Record<string, number | null>;
  accounts?: {accountId: string; name?: string; error?: string}[];
  collectedAt?: string;
}): Report {
  const byStatus: Report['counts']['byStatus'] = {fail: 0, error: 0, unknown: 0, pass: 0, suppressed: 0, not_applicable: 0};
  const bySeverity: Report['counts']['bySeverity'] = {critical: 0, high: 0, medium: 0, low: 0};
  for (const f of options.findings) {
    byStatus[f.status]++;
    if (f.status === 'fail') bySeverity[f.severity]++;
  }
  const accounts = options.accounts ?? Object.keys(options.byAccount).map((accountId) => ({accountId}));
  return {
    schemaVersion: '1.0',
    tool: 'trailwise',
    version: '0.1.0',
    generatedAt: options.collectedAt ?? '2026-11-28T02:10:00.000Z',
    pack: 'wa-sec04',
    snapshot: {
      source: 'aws',
      collectedAt: options.collectedAt ?? '2026-11-28T02:00:00.000Z',
      toolVersion: '0.1.0',
      accounts: accounts.map((a) => ({...a, regions: 2})),
      regions: ['eu-west-1', 'us-east-1'],
    },
    score: {
      overall: options.overall,
      sec04: options.overall,
      cost: null,
      coverage: 100,
      byAccount: Object.fromEntries(
        Object.entries(options.byAccount).map(([id, overall]) => [id, {overall, sec04: overall, cost: null, coverage: 100}]),
      ),
    },
    counts: {byStatus, bySeverity},
    rules: [],
    findings: options.findings,
    suppressions: {expired: [], unused: []},
  };
}
