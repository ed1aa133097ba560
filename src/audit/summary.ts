/**
 * The organization's part of `summary.md`: the organization score, every account by score, the rules failing in the
 * most accounts, and the accounts not audited and why. The generic report sections (findings, remediation) come from
 * the Markdown reporter and follow these.
 */
import type {Report} from '../report/report.js';
import {isMissing, valueOf} from '../snapshot/evidence.js';
import type {AccountSnapshot, Snapshot} from '../snapshot/types.js';
import {markdownCode, markdownText} from '../report/escape/markdown.js';
import {bound, MAX_NAME_CHARS} from '../report/escape/unicode.js';
import type {AccountCategory, AuditManifest} from './types.js';

/**
 * What each account is in the organization, from the evidence: the management account; a log archive (it owns a
 * bucket other accounts' trails deliver to); security tooling (a GuardDuty administrator with members, or a Detective
 * graph); otherwise a workload. Accounts that could not be audited are `not-audited`.
 */
export function categorizeAccounts(snapshot: Snapshot, managementAccountId?: string): Record<string, AccountCategory> {
  const categorizer = new AccountCategorizer(managementAccountId);
  for (const account of snapshot.accounts) categorizer.add(account);
  return categorizer.categories();
}

/**
 * `categorizeAccounts` one account at a time: it keeps, per account, only what its category depends on (the buckets
 * it owns and whether it administers security tooling), since whose buckets other accounts use is known at the end.
 */
export class AccountCategorizer {
  private readonly referencedBy = new Map<string, Set<string>>();
  private readonly accounts: {id: string; fixed?: AccountCategory; ownBuckets: string[]; administers: boolean}[] = [];

  constructor(private readonly managementAccountId?: string) {}

  add(account: AccountSnapshot): void {
    const id = account.accountId;
    for (const trail of account.trails) {
      const bucket = trail.description.S3BucketName;
      if (bucket) this.referencedBy.set(bucket, (this.referencedBy.get(bucket) ?? new Set()).add(trail.ownerAccountId));
    }
    for (const bucket of account.trailBuckets) this.referencedBy.set(bucket.name, (this.referencedBy.get(bucket.name) ?? new Set()).add(id));
    if (account.error) {
      this.accounts.push({id, fixed: 'not-audited', ownBuckets: [], administers: false});
      return;
    }
    const management = this.managementAccountId ?? valueOf(account.organization)?.managementAccountId;
    const administers = account.regions.some((r) => {
      const detectors = valueOf(r.guardDuty?.detectors) ?? [];
      const graphs = valueOf(r.detective?.graphs) ?? [];
      return graphs.length > 0 || detectors.some((d) => !isMissing(d.memberCount) && (d.memberCount ?? 0) > 0);
    });
    this.accounts.push({
      id,
      ...(management === id ? {fixed: 'management' as const} : {}),
      ownBuckets: account.trailBuckets.filter((b) => b.ownerAccountId === id).map((b) => b.name),
      administers,
    });
  }

  /** Each account's category: management, log archive (owns a bucket other accounts' trails use), security tooling, workload. */
  categories(): Record<string, AccountCategory> {
    const out: Record<string, AccountCategory> = {};
    for (const a of this.accounts) {
      const sharesBucket = a.ownBuckets.some((name) => [...(this.referencedBy.get(name) ?? [])].some((other) => other !== a.id));
      out[a.id] = a.fixed ?? (sharesBucket ? 'log-archive' : a.administers ? 'security-tooling' : 'workload');
    }
    return out;
  }
}

const CATEGORY_TEXT: Record<AccountCategory, string> = {
  management: 'management',
  'log-archive': 'log archive',
  'security-tooling': 'security tooling',
  workload: 'workload',
  'not-audited': 'not audited',
};

const SKIP_TEXT: Record<string, string> = {
  suspended: 'suspended',
  closed: 'closed',
  'pending-closure': 'closing',
  'pending-activation': 'not yet active',
  excluded: 'excluded (--exclude)',
  'not-selected': 'not in --accounts',
};

export interface OrgSummaryOptions {
  /** Accounts listed in the table before "N more" (default 500). */
  maxAccounts?: number;
  /** Rules listed among the most failing (default 15). */
  maxRules?: number;
}

/** A name or reason from the organization or a report, bounded and escaped for a Markdown table cell. */
const mdCell = (text: string) => markdownText(bound(text, MAX_NAME_CHARS));

/** The organization sections of `summary.md`, as Markdown. */
export function formatOrgSummary(report: Report, manifest: AuditManifest, options: OrgSummaryOptions = {}): string {
  const maxAccounts = options.maxAccounts ?? 500;
  const maxRules = options.maxRules ?? 15;
  const out: string[] = [];
  const org = manifest.organization;
  const s = report.score;
  const accounts = report.snapshot.accounts;
  const failed = accounts.filter((a) => a.error);
  const missing = manifest.outcome?.missing ?? [];
  out.push('# trailwise organization audit', '');
  out.push(
    `Organization ${markdownCode(org?.id ?? 'n/a')} (management account ${mdCell(org?.managementAccountId ?? 'n/a')}), collected ${mdCell(report.snapshot.collectedAt)}, ` +
      `pack ${markdownCode(report.pack)}${manifest.shard ? `, shard ${manifest.shard.index}/${manifest.shard.count}` : ''}.`,
    '',
  );
  out.push(
    `**Organization score: ${s.overall ?? 'n/a'}** (SEC04 ${s.sec04 ?? 'n/a'} · COST ${s.cost ?? 'n/a'}) · coverage ${s.coverage ?? 'n/a'}% · ` +
      `${accounts.length - failed.length} account(s) audited, ${failed.length + missing.length} not audited, ` +
      `${manifest.skipped.length} skipped${manifest.otherShards ? `, ${manifest.otherShards} in other shards` : ''}.`,
    '',
  );

  // Per account, worst first: the accounts a team should look at lead the table.
  const failing = new Map<string, {total: number; criticalHigh: number}>();
  for (const f of report.findings) {
    if (f.status !== 'fail') continue;
    const entry = failing.get(f.accountId) ?? {total: 0, criticalHigh: 0};
    entry.total++;
    if (f.severity === 'critical' || f.severity === 'high') entry.criticalHigh++;
    failing.set(f.accountId, entry);
  }
  const audited = accounts.filter((a) => !a.error);
  const score = (id: string) => s.byAccount[id]?.overall ?? -1;
  audited.sort((a, b) => score(a.accountId) - score(b.accountId) || a.accountId.localeCompare(b.accountId));
  const categories = manifest.outcome?.categories ?? {};
  out.push('## Accounts by score (lowest first)', '');
  out.push('| Account | Name | Role | Score | SEC04 | COST | Coverage (%) | Failing | Critical/high failing |');
  out.push('|---|---|---|---:|---:|---:|---:|---:|---:|');
  const n = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : String(v));
  for (const a of audited.slice(0, maxAccounts)) {
    const sc = s.byAccount[a.accountId];
    const f = failing.get(a.accountId) ?? {total: 0, criticalHigh: 0};
    const category = categories[a.accountId];
    out.push(
      `| ${mdCell(a.accountId)} | ${mdCell(a.name ?? a.alias ?? '')} | ${category ? CATEGORY_TEXT[category] : ''} | ${n(sc?.overall)} | ${n(sc?.sec04)} | ${n(sc?.cost)} | ${n(sc?.coverage)} | ${f.total} | ${f.criticalHigh} |`,
    );
  }
  if (audited.length > maxAccounts) out.push('', `… and ${audited.length - maxAccounts} more accounts (see report.json).`);
  out.push('');

  // Rules by the number of accounts they fail in: an organization-wide gap shows as one line, not a thousand.
  const accountsByRule = new Map<string, Set<string>>();
  for (const f of report.findings) {
    if (f.status === 'fail') accountsByRule.set(f.ruleId, (accountsByRule.get(f.ruleId) ?? new Set()).add(f.accountId));
  }
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const ranked = [...accountsByRule.entries()].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
  // Rules with a category (e.g. "Network and service logs") get their own table, after the main one.
  const ruleCategories = [...new Set(ranked.map(([id]) => rules.get(id)?.category).filter((c): c is string => !!c))].sort();
  const rankedTable = (title: string, rows: typeof ranked, none: string) => {
    out.push(`## ${title}`, '');
    if (!rows.length) {
      out.push(none, '');
      return;
    }
    out.push('| Rule | Severity | Title | Accounts failing | Share of audited accounts |', '|---|---|---|---:|---:|');
    for (const [id, set] of rows.slice(0, maxRules)) {
      const rule = rules.get(id);
      const share = audited.length ? Math.round((1000 * set.size) / audited.length) / 10 : 0;
      out.push(`| ${markdownCode(id)} | ${rule?.severity ?? ''} | ${mdCell(rule?.title ?? '')} | ${set.size} | ${share}% |`);
    }
    if (rows.length > maxRules) out.push('', `… and ${rows.length - maxRules} more failing rules.`);
    out.push('');
  };
  rankedTable('Rules failing in the most accounts', ranked.filter(([id]) => !rules.get(id)?.category), 'No rule fails in any account.');
  for (const category of ruleCategories) {
    rankedTable(`${mdCell(category)}: rules failing in the most accounts`, ranked.filter(([id]) => rules.get(id)?.category === category), 'None.');
  }

  out.push('## Accounts not audited', '');
  const rows: string[] = [];
  const names = new Map(manifest.organizationAccounts.map((a) => [a.id, a.name ?? '']));
  for (const a of failed) rows.push(`| ${mdCell(a.accountId)} | ${mdCell(a.name ?? names.get(a.accountId) ?? '')} | could not be audited: ${mdCell(a.error ?? '')} |`);
  for (const id of missing) rows.push(`| ${mdCell(id)} | ${mdCell(names.get(id) ?? '')} | no snapshot (interrupted run or missing shard) |`);
  for (const a of manifest.skipped) rows.push(`| ${mdCell(a.id)} | ${mdCell(a.name ?? '')} | skipped: ${mdCell(SKIP_TEXT[a.reason] ?? a.reason)} |`);
  if (!rows.length) out.push('None: every account of the organization was audited.', '');
  else out.push('| Account | Name | Why |', '|---|---|---|', ...rows, '');

  const unjoined = (manifest.buckets ?? []).filter((b) => b.problem);
  if (unjoined.length) {
    out.push('## Trail buckets judged without their evidence', '');
    out.push('These buckets receive trail logs but belong to no audited account (or their owner could not be read): their rules report `unknown`.', '');
    out.push('| Bucket | Used by | Why |', '|---|---|---|');
    for (const b of unjoined) out.push(`| ${mdCell(b.bucket)} | ${mdCell(b.referencedBy.join(', '))} | ${mdCell(b.problem ?? '')} |`);
    out.push('');
  }
  const truncated = manifest.outcome?.sarifTruncated ?? [];
  if (truncated.length) {
    out.push('## SARIF limits', '');
    for (const t of truncated) {
      out.push(`- run ${markdownCode(t.category)}: ${t.kept} results kept, ${t.dropped} dropped (GitHub accepts at most 25,000 results per run; the lowest severities were dropped first).`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
