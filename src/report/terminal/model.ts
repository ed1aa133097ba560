/**
 * What the terminal report shows, derived from a `Report` without React: failing rules worst first, the findings
 * that could not be judged with what to do about them, the per-account view of an org audit, the cost impact.
 */
import {SEVERITIES, type Pillar, type Severity} from '../../evaluate/policy.js';
import type {AppliedRule, Finding, PillarScores} from '../../evaluate/types.js';
import type {Report} from '../report.js';

export interface ReportFilter {
  severity?: Severity;
  pillar?: Pillar;
  accountId?: string;
}

/** One rule and the findings shown under it. */
export interface RuleGroup {
  ruleId: string;
  title: string;
  severity: Severity;
  pillar: Pillar;
  advisory: boolean;
  /** The heading the rule is shown under (its policy's `category`); absent: the main list. */
  category?: string;
  /** `fail` for failing rules; `error` or `unknown` for rules that could not be judged. */
  status: 'fail' | 'error' | 'unknown';
  findings: Finding[];
  /** Distinct accounts among the findings. */
  accounts: string[];
  /** Sum of the findings' monthly cost estimates, when at least one has one. */
  monthlyCostUsd?: number;
  rule?: AppliedRule;
  /** For `error`/`unknown` groups: what the user can do to get a verdict. */
  advice?: string;
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

/** Returns the findings that pass the filter. */
export function filterFindings(findings: Finding[], filter: ReportFilter = {}): Finding[] {
  return findings.filter(
    (f) =>
      (!filter.severity || f.severity === filter.severity) &&
      (!filter.pillar || f.pillar === filter.pillar) &&
      (!filter.accountId || f.accountId === filter.accountId),
  );
}

/** Returns true when the filter restricts anything. */
export function isFiltered(filter: ReportFilter): boolean {
  return Boolean(filter.severity || filter.pillar || filter.accountId);
}

function groupByRule(report: Report, findings: Finding[], status: RuleGroup['status']): RuleGroup[] {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const groups = new Map<string, RuleGroup>();
  // The accounts seen per group, for a constant-time "already listed" (a rule can fail in thousands of accounts).
  const seen = new Map<RuleGroup, Set<string>>();
  for (const f of findings) {
    let g = groups.get(f.ruleId);
    if (!g) {
      const rule = rules.get(f.ruleId);
      g = {
        ruleId: f.ruleId,
        title: rule?.title ?? f.title,
        severity: f.severity,
        pillar: f.pillar,
        advisory: f.advisory === true,
        status,
        findings: [],
        accounts: [],
        ...(rule ? {rule} : {}),
        ...(rule?.category ? {category: rule.category} : {}),
      };
      groups.set(f.ruleId, g);
    }
    g.findings.push(f);
    let accounts = seen.get(g);
    if (!accounts) seen.set(g, (accounts = new Set()));
    if (!accounts.has(f.accountId)) {
      accounts.add(f.accountId);
      g.accounts.push(f.accountId);
    }
    if (f.estimatedMonthlyCostUsd !== undefined) g.monthlyCostUsd = (g.monthlyCostUsd ?? 0) + f.estimatedMonthlyCostUsd;
  }
  for (const g of groups.values()) g.findings.sort(compareWithinRule);
  return [...groups.values()];
}

// The same order as `localeCompare` without arguments, at a fraction of its cost per call (one collator, built once).
const collate = new Intl.Collator().compare;

function compareWithinRule(a: Finding, b: Finding): number {
  return collate(a.accountId, b.accountId) || collate(a.region, b.region) || collate(a.resource, b.resource);
}

function compareGroups(a: RuleGroup, b: RuleGroup): number {
  return (
    // Categorized rules ("Network and service logs") follow the main list, each category together.
    (a.category ?? '').localeCompare(b.category ?? '') ||
    severityRank(a.severity) - severityRank(b.severity) ||
    // An advisory is a recommendation: at equal severity the rules that can fail a gate come first.
    Number(a.advisory) - Number(b.advisory) ||
    b.findings.length - a.findings.length ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/** Returns the failing rules, worst first (severity, gate-relevant before advisory, most failing resources). */
export function failingRules(report: Report, filter: ReportFilter = {}): RuleGroup[] {
  const failing = filterFindings(report.findings, filter).filter((f) => f.status === 'fail');
  return groupByRule(report, failing, 'fail').sort(compareGroups);
}

/** Returns the failing rules split by heading: the main list first (title undefined), then each category. */
export function failingRuleSections(groups: RuleGroup[]): {category?: string; groups: RuleGroup[]}[] {
  const sections: {category?: string; groups: RuleGroup[]}[] = [];
  for (const g of groups) {
    const last = sections.at(-1);
    if (last && last.category === g.category) last.groups.push(g);
    else sections.push({...(g.category ? {category: g.category} : {}), groups: [g]});
  }
  // The main table is printed even when empty ("No rule fails"), so it is always the first section.
  if (!sections.length || sections[0]!.category !== undefined) sections.unshift({groups: []});
  return sections;
}

/** Returns the rules that could not be judged (`error` first, then `unknown`), each with advice. */
export function incompleteRules(report: Report, filter: ReportFilter = {}): RuleGroup[] {
  const shown = filterFindings(report.findings, filter);
  const out: RuleGroup[] = [];
  for (const status of ['error', 'unknown'] as const) {
    const groups = groupByRule(report, shown.filter((f) => f.status === status), status).sort(compareGroups);
    for (const g of groups) out.push({...g, advice: adviceFor(status, g.findings.map((f) => f.message))});
  }
  return out;
}

/** Returns one sentence telling the user how to turn `error`/`unknown` findings into a verdict. */
export function adviceFor(status: 'error' | 'unknown', messages: string[]): string {
  if (status === 'unknown') {
    return 'The evidence is held by another account (named in the message): audit that account too, or run `trailwise audit` from the management account.';
  }
  const text = messages.join('\n');
  if (/AccessDenied|UnauthorizedOperation|not authorized/i.test(text)) {
    return "Grant the read-only permissions trailwise needs to the role you scan with, then scan again.";
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/i.test(text)) {
    return 'AWS throttled the calls: scan again later or with lower concurrency.';
  }
  if (/NotCollected|not audited|interrupted/i.test(text)) {
    return 'Collection stopped before this evidence was read: scan again to complete the snapshot.';
  }
  if (/Timeout|Unreachable|ECONN|ENOTFOUND|socket/i.test(text)) {
    return 'The region could not be reached: check network access to its endpoints, then scan again.';
  }
  return 'AWS returned an error while collecting this evidence (see the message): fix it and scan again.';
}

/** The estimated monthly cost impact of failing findings whose volumes are known. */
export interface CostImpact {
  monthlyUsd: number;
  /** Failing findings with an estimate. */
  estimated: number;
  /** Failing COST findings in all. */
  costFindings: number;
}

/** Returns the cost impact, or undefined when no failing finding has an estimate. */
export function costImpact(report: Report): CostImpact | undefined {
  const failing = report.findings.filter((f) => f.status === 'fail');
  const estimated = failing.filter((f) => f.estimatedMonthlyCostUsd !== undefined);
  if (!estimated.length) return undefined;
  return {
    monthlyUsd: estimated.reduce((sum, f) => sum + f.estimatedMonthlyCostUsd!, 0),
    estimated: estimated.length,
    costFindings: failing.filter((f) => f.pillar === 'COST').length,
  };
}

/** Returns the display name of an account: its name, else its alias, else nothing. */
export function accountName(report: Report, accountId: string): string | undefined {
  const a = report.snapshot.accounts.find((x) => x.accountId === accountId);
  return a?.name ?? a?.alias;
}

/** One account's line in an org audit. */
export interface AccountRow {
  accountId: string;
  name?: string;
  scores: PillarScores;
  failing: number;
  /** The most severe failing finding. */
  worst?: Finding;
  /** Why the account was not audited. */
  error?: string;
}

/** Returns the accounts, lowest overall score first; accounts that were not audited come first of all. */
export function accountRows(report: Report): AccountRow[] {
  const none: PillarScores = {overall: null, sec04: null, cost: null, coverage: null};
  // One pass over the findings for every account (an organization has thousands of accounts and millions of findings).
  const worstFirst = (x: Finding, y: Finding) => severityRank(x.severity) - severityRank(y.severity) || Number(x.advisory === true) - Number(y.advisory === true);
  const failing = new Map<string, {count: number; worst: Finding}>();
  for (const f of report.findings) {
    if (f.status !== 'fail') continue;
    const entry = failing.get(f.accountId);
    if (!entry) failing.set(f.accountId, {count: 1, worst: f});
    else {
      entry.count++;
      // Strictly worse only: the first of equals stays, as a stable sort would keep it.
      if (worstFirst(f, entry.worst) < 0) entry.worst = f;
    }
  }
  const rows = report.snapshot.accounts.map((a): AccountRow => {
    const entry = failing.get(a.accountId);
    const name = a.name ?? a.alias;
    return {
      accountId: a.accountId,
      ...(name ? {name} : {}),
      scores: report.score.byAccount[a.accountId] ?? none,
      failing: entry?.count ?? 0,
      ...(entry ? {worst: entry.worst} : {}),
      ...(a.error ? {error: a.error} : {}),
    };
  });
  const key = (r: AccountRow) => (r.error ? -2 : r.scores.overall === null ? -1 : r.scores.overall);
  return rows.sort((x, y) => key(x) - key(y) || x.accountId.localeCompare(y.accountId));
}

/** A rule and how many accounts it fails in. */
export interface WidespreadRule {
  ruleId: string;
  title: string;
  severity: Severity;
  accounts: number;
}

/** Returns the rules failing in the most accounts (then by severity). */
export function widespreadRules(report: Report): WidespreadRule[] {
  return failingRules(report)
    .map((g) => ({ruleId: g.ruleId, title: g.title, severity: g.severity, accounts: g.accounts.length}))
    .sort((a, b) => b.accounts - a.accounts || severityRank(a.severity) - severityRank(b.severity) || a.ruleId.localeCompare(b.ruleId));
}

/** Returns true for a report over more than one account (an org audit). */
export function isOrgReport(report: Report): boolean {
  return report.snapshot.accounts.length > 1;
}

/** The values the filter can take, from what the report holds. */
export interface FilterChoices {
  severity: (Severity | undefined)[];
  pillar: (Pillar | undefined)[];
  accountId: (string | undefined)[];
}

/** Returns the filter choices (undefined = all) for a report. */
export function filterChoices(report: Report): FilterChoices {
  const pillars = new Set(report.findings.map((f) => f.pillar));
  return {
    severity: [undefined, ...SEVERITIES],
    pillar: [undefined, ...(['SEC04', 'COST'] as const).filter((p) => pillars.has(p))],
    accountId: [undefined, ...report.snapshot.accounts.map((a) => a.accountId)],
  };
}
