/**
 * The main job as one call: snapshot → normalize → evaluate → report, with the rule set built from the pack, the
 * built-in and extra policy folders, and the config. Shared by the CLI, the Action and the org audit.
 */
import {loadConfig, type TrailwiseConfig} from './evaluate/config.js';
import {compareFindings, compileRules, evaluate, Evaluator, type CompiledRule} from './evaluate/evaluate.js';
import {FindingStore} from './evaluate/finding-store.js';
import {ScoreTally} from './evaluate/score.js';
import type {AccountSource} from './snapshot/account-source.js';
import {builtinPolicyDir, loadPack, loadPolicies} from './evaluate/policy.js';
import type {Severity} from './evaluate/policy.js';
import {SEVERITIES} from './evaluate/policy.js';
import {normalize, normalizeAccount, OrganizationIndex} from './snapshot/normalize.js';
import type {AccountSnapshot, Snapshot} from './snapshot/types.js';
import {buildReport, inBaseline, SnapshotSummarizer, summarizeSnapshot, type Baseline, type Report, type ReportGate} from './report/report.js';
import {InputError} from './errors.js';
import {selectRules, type RuleSelection, type SelectionNames} from './evaluate/selection.js';

export const DEFAULT_PACK = 'wa-sec04';

export interface RuleSetOptions {
  pack?: string;
  /** Extra policy folders, on top of the built-in ones. */
  policyDirs?: string[];
  /** A config file path, or an already-loaded config. */
  config?: string | TrailwiseConfig;
  /** `--rules`, `--severity`…: narrows the rules after the pack and the config. */
  selection?: RuleSelection;
  /** What the selection's flags are called where the user set them (error messages). */
  selectionNames?: SelectionNames;
}

export interface RuleSet {
  pack: string;
  rules: CompiledRule[];
  config?: TrailwiseConfig;
  selection?: RuleSelection;
}

/** Loads policies, the pack and the config, and compiles the rules once. */
export async function loadRuleSet(options: RuleSetOptions = {}): Promise<RuleSet> {
  const config = typeof options.config === 'string' ? await loadConfig(options.config) : options.config;
  const packId = options.pack ?? config?.pack ?? DEFAULT_PACK;
  const pack = await loadPack(packId);
  const dirs = [builtinPolicyDir(), ...(config?.policies ?? []), ...(options.policyDirs ?? [])];
  const policies = await loadPolicies([...new Set(dirs)]);
  const rules = selectRules(compileRules(policies, pack, config), options.selection, options.selectionNames);
  return {pack: packId, rules, config, ...(options.selection ? {selection: options.selection} : {})};
}

/**
 * Evaluates an organization one account at a time and builds the JSON report. Memory holds the organization index,
 * one account, and the findings a person reads; `pass` and `not_applicable` findings go to disk beyond `spillAbove`
 * (`report.spilled`). The report is the one `evaluateSnapshot` makes of the same accounts, byte for byte.
 */
export async function evaluateAccounts(
  source: AccountSource,
  ruleSet: RuleSet,
  options: {file?: string; asOf?: Date | string; spillAbove?: number; observe?: (account: AccountSnapshot) => void} = {},
): Promise<Report> {
  const index = new OrganizationIndex();
  const summary = new SnapshotSummarizer(options.file);
  const ids: string[] = [];
  for await (const account of source.scan()) {
    index.add(account);
    summary.add(account);
    options.observe?.(account);
    ids.push(account.accountId);
  }
  const evaluator = new Evaluator(ruleSet.rules, {config: ruleSet.config, asOf: options.asOf});
  const tally = new ScoreTally(evaluator.appliedRules);
  const store = new FindingStore(options.spillAbove);
  const collectedAt = source.header.collection.finishedAt;
  // Account id order (code units, as findings are sorted): each rule's findings then come out account by account.
  for (const id of ids.sort(byCodeUnit)) {
    const findings = evaluator.judge(normalizeAccount(await source.read(id), index, collectedAt));
    tally.add(findings);
    store.add(findings.sort(compareFindings));
  }
  const {findings, spilled} = store.finish(compareFindings);
  const report = buildReport(
    {findings, score: tally.score(), ...evaluator.outcome()},
    // Read after the scan: a source may learn its header (an audit's call counts) from its accounts.
    summary.summary(source.header),
    {pack: ruleSet.pack, counts: {byStatus: store.byStatus, bySeverity: store.bySeverity}},
  );
  if (spilled) report.spilled = spilled;
  return report;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Evaluates a validated snapshot with a rule set and builds the JSON report. */
export function evaluateSnapshot(snapshot: Snapshot, ruleSet: RuleSet, options: {file?: string; asOf?: Date | string} = {}): Report {
  const result = evaluate(normalize(snapshot), ruleSet.rules, {config: ruleSet.config, asOf: options.asOf});
  return buildReport(result, summarizeSnapshot(snapshot, options.file), {pack: ruleSet.pack});
}

export interface GateOptions {
  /** The lowest severity whose `fail` fails the gate (default `high`); `none` never fails on findings. */
  failOn?: Severity | 'none';
  minScore?: number;
  /** `error` and `unknown` findings at or above `failOn` fail the gate too. */
  failOnIncomplete?: boolean;
  /** The findings of a baseline report: only those it does not know fail the gate. */
  baseline?: Baseline;
  /** Where the baseline came from (shown in the report's `gate`). */
  baselineFile?: string;
}

export interface GateResult {
  passed: boolean;
  reasons: string[];
  /** The findings that failed the gate. */
  blocking: Report['findings'];
}

/** Parses a `--fail-on` value. */
export function parseSeverity(value: string, flag = '--fail-on'): Severity | 'none' {
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new InputError(`${flag}: expected one of ${[...SEVERITIES, 'none'].join(', ')}, got "${value}"`);
}

/** Decides whether a report passes the gate (exit code 0) or fails it (exit code 1). */
export function gate(report: Report, options: GateOptions = {}): GateResult {
  const failOn = options.failOn ?? 'high';
  const threshold = failOn === 'none' ? -1 : SEVERITIES.indexOf(failOn);
  const statuses = new Set(['fail', ...(options.failOnIncomplete ? ['error', 'unknown'] : [])]);
  const blocking = report.findings.filter(
    (f) =>
      statuses.has(f.status) &&
      SEVERITIES.indexOf(f.severity) <= threshold &&
      !f.advisory &&
      !(options.baseline && inBaseline(options.baseline, f)),
  );
  const reasons: string[] = [];
  // No account means nothing was judged: an empty snapshot must not pass as a clean one.
  if (!report.snapshot.accounts.length) reasons.push('the snapshot holds no account: nothing was audited');
  if (blocking.length) reasons.push(`${blocking.length} finding(s) at or above ${failOn}${options.baseline ? ' not in the baseline' : ''}`);
  if (options.minScore !== undefined && (report.score.overall ?? 0) < options.minScore) {
    reasons.push(`score ${report.score.overall ?? 'n/a'} is below the minimum ${options.minScore}`);
  }
  return {passed: reasons.length === 0, reasons, blocking};
}

/** The gate's verdict as the JSON report carries it (`report.gate`). */
export function gateRecord(report: Report, verdict: GateResult, options: GateOptions = {}): ReportGate {
  const newFailures = report.findings.filter((f) => f.status === 'fail' && !(options.baseline && inBaseline(options.baseline, f))).length;
  return {
    passed: verdict.passed,
    reasons: verdict.reasons,
    failOn: options.failOn ?? 'high',
    ...(options.minScore !== undefined ? {minScore: options.minScore} : {}),
    ...(options.failOnIncomplete ? {failOnIncomplete: true} : {}),
    baseline: options.baseline ? (options.baselineFile ?? 'baseline') : null,
    newFailures,
  };
}
