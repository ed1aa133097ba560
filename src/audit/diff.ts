/**
 * `trailwise diff OLD NEW`: what changed between two reports — new failures, resolved findings, findings that can no
 * longer be verified, and the score per account and for the organization. Findings are matched by fingerprint
 * (rule + account + region + resource), which is stable across runs.
 */
import {createReadStream} from 'node:fs';
import {readFile, stat} from 'node:fs/promises';
import {createInterface} from 'node:readline';
import {join} from 'node:path';
import {InputError} from '../errors.js';
import {SEVERITIES, type Severity} from '../evaluate/policy.js';
import type {Finding, Status} from '../evaluate/types.js';
import {markdownCode, markdownText} from '../report/escape/markdown.js';
import {terminalText} from '../report/escape/terminal.js';
import {bound, MAX_NAME_CHARS, MAX_TEXT_CHARS} from '../report/escape/unicode.js';
import {checkReport, checkReportFinding, type Report} from '../report/report.js';
import {parseJson} from '../snapshot/load.js';
import {REPORT_FILE, resolveAuditDir} from './output.js';

export interface ScoreChange {
  old: number | null;
  new: number | null;
  /** new − old, rounded to one decimal; null when either side has no score. */
  change: number | null;
}

export interface AccountDiff {
  accountId: string;
  name?: string;
  score: ScoreChange;
  newFailures: number;
  resolved: number;
  /** `added`/`removed`: the account is in one report only. */
  presence: 'both' | 'added' | 'removed';
  /** The new report could not audit the account (role not assumable, timeout). */
  notAudited?: string;
}

export interface ResolvedFinding {
  finding: Finding;
  /** What the finding is now: `pass`, `not_applicable`, `suppressed`, or `gone` (the resource no longer exists). */
  now: Status | 'gone';
}

export interface UnverifiedFinding {
  finding: Finding;
  /** Why the old failure cannot be confirmed or cleared: the evidence is now `error`/`unknown`, or the account was not audited. */
  now: 'error' | 'unknown' | 'account-not-audited' | 'account-not-in-report';
}

export interface Diff {
  old: {file: string; generatedAt: string; collectedAt: string};
  new: {file: string; generatedAt: string; collectedAt: string};
  organization: {score: ScoreChange; coverage: ScoreChange; failing: {old: number; new: number}};
  /** Every account in either report, largest score drop first. */
  accounts: AccountDiff[];
  /** Failing now and not failing before, worst first. */
  newFailures: Finding[];
  resolved: ResolvedFinding[];
  unverified: UnverifiedFinding[];
  /** Whether a team should be told: the score dropped or a critical/high failure is new. */
  regression: {scoreDropped: boolean; newCriticalOrHigh: number; alert: boolean; reasons: string[]};
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function change(oldValue: number | null | undefined, newValue: number | null | undefined): ScoreChange {
  const o = oldValue ?? null;
  const n = newValue ?? null;
  return {old: o, new: n, change: o === null || n === null ? null : round1(n - o)};
}

const severityRank = (s: Severity) => SEVERITIES.indexOf(s);
const worstFirst = (a: Finding, b: Finding) =>
  severityRank(a.severity) - severityRank(b.severity) ||
  a.ruleId.localeCompare(b.ruleId) ||
  a.accountId.localeCompare(b.accountId) ||
  a.resource.localeCompare(b.resource);

/** Reads a JSON report, or the `report.json` of an audit directory (or of the newest audit under a reports root). */
export async function loadReportFrom(path: string): Promise<{report: Report; file: string}> {
  let file = path;
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(`${path}: no such report file or directory`, path);
  }
  if (info.isDirectory()) {
    const direct = join(path, REPORT_FILE);
    file = await stat(direct).then(
      () => direct,
      async () => join(await resolveAuditDir(path), REPORT_FILE),
    );
  }
  let size: number;
  let text: string | undefined;
  try {
    size = (await stat(file)).size;
    if (size <= LARGE_REPORT_BYTES) text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: not a readable JSON report: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  const report = text === undefined ? await readReportByLines(file) : checkReport(parseJson(text, file), file);
  return {report, file};
}

/** Above this size a report is read line by line (an organization's report can exceed one JavaScript string). */
const LARGE_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a report written by `writeReportFile` (one finding per line) without holding its text in one string. Passing
 * findings keep only their fingerprint and status: that is all a diff asks of them, and they are most of the file.
 */
export async function readReportByLines(file: string): Promise<Report> {
  const lines = createInterface({input: createReadStream(file, 'utf8'), crlfDelay: Infinity});
  const skeleton: string[] = [];
  const findings: Finding[] = [];
  let inFindings = false;
  for await (const line of lines) {
    if (!inFindings) {
      if (line === '  "findings": [') inFindings = true;
      else skeleton.push(line);
      continue;
    }
    if (/^ {2}\],?$/.test(line)) {
      inFindings = false;
      skeleton.push(`  "findings": []${line.endsWith(',') ? ',' : ''}`);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.trim().replace(/,$/, ''));
    } catch {
      throw new InputError(`${file}: too large to read unless written by trailwise audit or merge (one finding per line)`, file);
    }
    // Each finding is checked as it is read, so a report too large for one string is validated all the same.
    const finding = checkReportFinding(value, findings.length, file);
    findings.push(finding.status === 'pass' ? ({fingerprint: finding.fingerprint, status: 'pass'} as Finding) : finding);
  }
  if (inFindings) throw new InputError(`${file}: not a valid trailwise JSON report: it ends inside "findings" (truncated?)`, file);
  const report = checkReport(parseJson(skeleton.join('\n'), file), file);
  report.findings = findings;
  return report;
}

/** Compares two reports (files or directories) and returns what changed. */
export async function diffReports(oldPath: string, newPath: string): Promise<Diff> {
  const [a, b] = await Promise.all([loadReportFrom(oldPath), loadReportFrom(newPath)]);
  return compareReports(a.report, b.report, {oldFile: a.file, newFile: b.file});
}

/** The diff of two reports already in memory. */
export function compareReports(oldReport: Report, newReport: Report, files: {oldFile?: string; newFile?: string} = {}): Diff {
  const oldFindings = new Map(oldReport.findings.map((f) => [f.fingerprint, f]));
  const newFindings = new Map(newReport.findings.map((f) => [f.fingerprint, f]));
  const oldAccounts = new Map(oldReport.snapshot.accounts.map((a) => [a.accountId, a]));
  const newAccounts = new Map(newReport.snapshot.accounts.map((a) => [a.accountId, a]));

  const newFailures = newReport.findings.filter((f) => f.status === 'fail' && oldFindings.get(f.fingerprint)?.status !== 'fail');
  const resolved: ResolvedFinding[] = [];
  const unverified: UnverifiedFinding[] = [];
  for (const before of oldReport.findings) {
    if (before.status !== 'fail') continue;
    const after = newFindings.get(before.fingerprint);
    const account = newAccounts.get(before.accountId);
    if (after?.status === 'fail') continue;
    if (!account) unverified.push({finding: before, now: 'account-not-in-report'});
    else if (account.error) unverified.push({finding: before, now: 'account-not-audited'});
    else if (after?.status === 'error' || after?.status === 'unknown') unverified.push({finding: before, now: after.status});
    else resolved.push({finding: before, now: after?.status ?? 'gone'});
  }
  newFailures.sort(worstFirst);
  resolved.sort((x, y) => worstFirst(x.finding, y.finding));
  unverified.sort((x, y) => worstFirst(x.finding, y.finding));

  const ids = [...new Set([...oldAccounts.keys(), ...newAccounts.keys()])];
  const accounts: AccountDiff[] = ids.map((id) => {
    const o = oldAccounts.get(id);
    const n = newAccounts.get(id);
    const name = n?.name ?? n?.alias ?? o?.name ?? o?.alias;
    return {
      accountId: id,
      ...(name ? {name} : {}),
      score: change(oldReport.score.byAccount[id]?.overall, newReport.score.byAccount[id]?.overall),
      newFailures: newFailures.filter((f) => f.accountId === id).length,
      resolved: resolved.filter((r) => r.finding.accountId === id).length,
      presence: o && n ? 'both' : n ? 'added' : 'removed',
      ...(n?.error ? {notAudited: n.error} : {}),
    };
  });
  accounts.sort((x, y) => (x.score.change ?? 0) - (y.score.change ?? 0) || x.accountId.localeCompare(y.accountId));

  const score = change(oldReport.score.overall, newReport.score.overall);
  const scoreDropped = (score.change ?? 0) < 0;
  const newCriticalOrHigh = newFailures.filter((f) => f.severity === 'critical' || f.severity === 'high').length;
  const reasons: string[] = [];
  if (scoreDropped) reasons.push(`the organization score dropped from ${score.old} to ${score.new}`);
  if (newCriticalOrHigh) reasons.push(`${newCriticalOrHigh} new critical or high failure(s)`);
  return {
    old: {file: files.oldFile ?? '', generatedAt: oldReport.generatedAt, collectedAt: oldReport.snapshot.collectedAt},
    new: {file: files.newFile ?? '', generatedAt: newReport.generatedAt, collectedAt: newReport.snapshot.collectedAt},
    organization: {
      score,
      coverage: change(oldReport.score.coverage, newReport.score.coverage),
      failing: {old: oldReport.counts.byStatus.fail, new: newReport.counts.byStatus.fail},
    },
    accounts,
    newFailures,
    resolved,
    unverified,
    regression: {scoreDropped, newCriticalOrHigh, alert: reasons.length > 0, reasons},
  };
}

export interface DiffFormatOptions {
  /** Findings listed per section before "N more" (default 50). */
  maxFindings?: number;
}

function signed(c: ScoreChange): string {
  if (c.change === null) return c.old === null && c.new === null ? 'n/a' : `${c.old ?? 'n/a'} → ${c.new ?? 'n/a'}`;
  const sign = c.change > 0 ? '+' : c.change < 0 ? '−' : '±';
  return `${c.old} → ${c.new} (${sign}${Math.abs(c.change)})`;
}

function bySeverity(findings: Finding[]): string {
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return counts.length ? ` (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})` : '';
}

const NOW_TEXT: Record<UnverifiedFinding['now'], string> = {
  error: 'evidence could not be collected',
  unknown: 'evidence is outside the audit',
  'account-not-audited': 'account not audited',
  'account-not-in-report': 'account not in the new report',
};

/** A name from a report, for a terminal: escapes and controls removed, one line, bounded. */
const shown = (text: string) => terminalText(text, {singleLine: true, max: MAX_NAME_CHARS});
/** A message from a report, for a terminal. */
const said = (text: string) => terminalText(text, {singleLine: true, max: MAX_TEXT_CHARS});
/** A name from a report, for a Markdown table cell. */
const mdName = (text: string) => markdownText(bound(text, MAX_NAME_CHARS));
/** A message from a report, for a Markdown table cell. */
const mdSaid = (text: string) => markdownText(bound(text, MAX_TEXT_CHARS));

/** The diff as plain text (terminals, CI logs). */
export function formatDiffText(diff: Diff, options: DiffFormatOptions = {}): string {
  const max = options.maxFindings ?? 50;
  const lines: string[] = [];
  lines.push(`trailwise diff: ${shown(diff.old.collectedAt)} → ${shown(diff.new.collectedAt)}`);
  lines.push(`Organization score: ${signed(diff.organization.score)}; coverage ${signed(diff.organization.coverage)}`);
  lines.push(`Failing findings: ${diff.organization.failing.old} → ${diff.organization.failing.new}`);
  if (diff.regression.alert) lines.push(`ATTENTION: ${diff.regression.reasons.join('; ')}`);
  const list = <T>(title: string, items: T[], line: (item: T) => string) => {
    lines.push('', `${title}: ${items.length}`);
    for (const item of items.slice(0, max)) lines.push(`  ${line(item)}`);
    if (items.length > max) lines.push(`  … and ${items.length - max} more`);
  };
  const row = (f: Finding) =>
    `${f.severity.toUpperCase().padEnd(8)} ${shown(f.ruleId)}  ${shown(f.accountId)} ${shown(f.region)}  ${shown(f.resource)}: ${said(f.message)}`;
  list(`New failures${bySeverity(diff.newFailures)}`, diff.newFailures, row);
  list('Resolved', diff.resolved, (r) => `${row(r.finding)} [now ${r.now}]`);
  list('No longer verified', diff.unverified, (u) => `${row(u.finding)} [${NOW_TEXT[u.now]}]`);
  const changed = diff.accounts.filter((a) => a.score.change !== 0 || a.presence !== 'both' || a.notAudited);
  lines.push('', `Accounts with a changed score: ${changed.length} of ${diff.accounts.length}`);
  for (const a of changed.slice(0, max)) {
    const what = a.presence === 'added' ? ' [new in the audit]' : a.presence === 'removed' ? ' [no longer audited]' : '';
    const name = a.name ? ` ${shown(a.name)}` : '';
    lines.push(`  ${shown(a.accountId)}${name}  ${signed(a.score)}${what}${a.notAudited ? ` [not audited: ${said(a.notAudited)}]` : ''}`);
  }
  if (changed.length > max) lines.push(`  … and ${changed.length - max} more`);
  return `${lines.join('\n')}\n`;
}

/** The diff as GitHub-flavoured Markdown (job summaries, issues). */
export function formatDiffMarkdown(diff: Diff, options: DiffFormatOptions = {}): string {
  const max = options.maxFindings ?? 50;
  const out: string[] = [];
  out.push('## trailwise: changes since the previous audit', '');
  out.push(`Previous audit: ${mdName(diff.old.collectedAt)} · this audit: ${mdName(diff.new.collectedAt)}`, '');
  out.push('| | previous | now | change |', '|---|---:|---:|---:|');
  const num = (v: number | null) => (v === null ? 'n/a' : String(v));
  const delta = (c: ScoreChange) => (c.change === null ? 'n/a' : c.change > 0 ? `+${c.change}` : String(c.change));
  out.push(`| Organization score | ${num(diff.organization.score.old)} | ${num(diff.organization.score.new)} | ${delta(diff.organization.score)} |`);
  out.push(`| Coverage (%) | ${num(diff.organization.coverage.old)} | ${num(diff.organization.coverage.new)} | ${delta(diff.organization.coverage)} |`);
  const failing = diff.organization.failing;
  out.push(`| Failing findings | ${failing.old} | ${failing.new} | ${failing.new - failing.old > 0 ? '+' : ''}${failing.new - failing.old} |`, '');
  if (diff.regression.alert) out.push(`> [!WARNING]`, `> ${diff.regression.reasons.join('; ')}.`, '');

  const table = <T>(title: string, items: T[], header: string, row: (item: T) => string) => {
    out.push(`### ${title} (${items.length})`, '');
    if (!items.length) {
      out.push('None.', '');
      return;
    }
    out.push(header, header.replace(/[^|]+/g, '---'));
    for (const item of items.slice(0, max)) out.push(row(item));
    if (items.length > max) out.push('', `… and ${items.length - max} more (see the JSON diff).`);
    out.push('');
  };
  const cells = (f: Finding) =>
    `| ${mdName(f.severity)} | ${markdownCode(f.ruleId)} | ${mdName(f.accountId)} | ${mdName(f.region)} | ${mdName(f.resource)} | ${mdSaid(f.message)} |`;
  const header = '| Severity | Rule | Account | Region | Resource | Finding |';
  table(`New failures${bySeverity(diff.newFailures)}`, diff.newFailures, header, cells);
  table('Resolved', diff.resolved, `${header} Now |`, (r) => `${cells(r.finding)} ${r.now} |`);
  table('No longer verified', diff.unverified, `${header} Why |`, (u) => `${cells(u.finding)} ${NOW_TEXT[u.now]} |`);
  const changed = diff.accounts.filter((a) => a.score.change !== 0 || a.presence !== 'both' || a.notAudited);
  table(
    'Accounts whose score changed',
    changed,
    '| Account | Name | Previous | Now | Change | New failures | Resolved | Note |',
    (a) =>
      `| ${mdName(a.accountId)} | ${mdName(a.name ?? '')} | ${num(a.score.old)} | ${num(a.score.new)} | ${delta(a.score)} | ${a.newFailures} | ${a.resolved} | ${
        a.notAudited ? `not audited: ${mdSaid(a.notAudited)}` : a.presence === 'added' ? 'new in the audit' : a.presence === 'removed' ? 'no longer audited' : ''
      } |`,
  );
  return `${out.join('\n').trimEnd()}\n`;
}

/** The diff as JSON (the machine interface; `regression.alert` drives the scheduled workflow's issue). */
export function formatDiffJson(diff: Diff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
