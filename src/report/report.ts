/**
 * The JSON report: the stable machine interface (schema: `schema/report.schema.json`). Every other format (text,
 * Markdown, SARIF, the ink view) is a pure function of a `Report`.
 */
import type {AccountSnapshot, Snapshot} from '../snapshot/types.js';
import type {SpilledFindings} from '../evaluate/finding-store.js';
import type {AppliedRule, EvaluationResult, Finding, PillarScores, Score, Status} from '../evaluate/types.js';
import type {Severity} from '../evaluate/policy.js';
import {describeAjvErrors} from '../ajv.js';
import {defineValidator} from '../validators.js';
import {InputError} from '../errors.js';
import {reportSchema} from './report-schema.js';
import {TOOL_VERSION} from '../version.js';
import type {HistoryPoint} from './html.js';

export const REPORT_SCHEMA_VERSION = '1.0';

export interface SnapshotSummary {
  /** The snapshot file, when the report was made from one (SARIF locations point into it). */
  file?: string;
  source: string;
  collectedAt: string;
  toolVersion: string;
  /** `ou`: the path of the account's organizational unit (`Workloads/Prod`), when the audit read the tree. */
  accounts: {accountId: string; name?: string; alias?: string; ou?: string; error?: string; regions: number}[];
  /** Enabled regions read, over all accounts. */
  regions: string[];
  interrupted?: boolean;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: 'trailwise';
  version: string;
  generatedAt: string;
  pack: string;
  snapshot: SnapshotSummary;
  score: Score;
  counts: {byStatus: Record<Status, number>; bySeverity: Record<Severity, number>};
  rules: AppliedRule[];
  /**
   * Every finding, worst first — except in a report too large to hold (an organization of thousands of accounts),
   * where this holds the findings a person reads (`fail`, `error`, `unknown`, `suppressed`) and `spilled` the `pass`
   * and `not_applicable` ones, which come after them. Code that needs every finding reads `allFindings(report)`.
   */
  findings: Finding[];
  /** The `pass` and `not_applicable` findings of a report too large to hold, on disk; not part of the JSON. */
  spilled?: SpilledFindings;
  /** Present when the report judges a planned change (`trailwise plan`): what the change does. */
  change?: ChangeSummary;
  suppressions: {expired: EvaluationResult['expiredSuppressions']; unused: EvaluationResult['unusedSuppressions']};
  /** The gate's verdict, when the report was gated (the CLI and the Action gate every report they write). */
  gate?: ReportGate;
}

/** Why a report passed or failed the gate, for a pipeline that reads the JSON and not the exit code. */
export interface ReportGate {
  passed: boolean;
  /** One sentence per reason it failed (none when it passed). */
  reasons: string[];
  failOn: Severity | 'none';
  minScore?: number;
  failOnIncomplete?: boolean;
  /** The baseline report the gate compared against, or null without one. */
  baseline: string | null;
  /** Failing findings not failing in the baseline (all failing findings without a baseline). */
  newFailures: number;
}

/** What a planned change does to the findings: the report's findings are those of the account after the change. */
export interface ChangeSummary {
  /** Over a base snapshot (the live account or a file), or the planned resources alone. */
  mode: 'plan-over-base' | 'plan-alone';
  /** `new`: the gate fails only on findings the change newly fails; `all`: on every failing finding after it. */
  gate: 'new' | 'all';
  /** The plan and template files. */
  inputs: string[];
  base?: string;
  scoreBefore: PillarScores;
  /** Resource instances by what the change does to them. */
  resources: Record<'create' | 'update' | 'delete' | 'replace' | 'no-op', number>;
  /** Fingerprints of the findings that fail after the change and did not before. */
  newlyFailing: string[];
  /** Findings that failed before the change and do not after it (passing, or their resource is gone). */
  fixed: {ruleId: string; title: string; severity: Severity; resource: string; fingerprint: string; address?: string}[];
  /** What the readers could not use, one line each. */
  notes?: string[];
}

/** Summarises a snapshot for a report's header. */
export function summarizeSnapshot(snapshot: Snapshot, file?: string): SnapshotSummary {
  const summary = new SnapshotSummarizer(file);
  for (const account of snapshot.accounts) summary.add(account);
  return summary.summary(snapshot);
}

/** The report's summary of a snapshot, built one account at a time. */
export class SnapshotSummarizer {
  private readonly accounts: SnapshotSummary['accounts'] = [];
  private readonly regions = new Set<string>();

  constructor(private readonly file?: string) {}

  add(a: AccountSnapshot): void {
    const enabled = a.regions.filter((r) => r.optInStatus !== 'not-opted-in');
    for (const r of enabled) this.regions.add(r.name);
    const alias = typeof a.alias === 'string' ? a.alias : undefined;
    this.accounts.push({
      accountId: a.accountId,
      ...(a.name ? {name: a.name} : {}),
      ...(alias ? {alias} : {}),
      ...(a.organizationalUnit ? {ou: a.organizationalUnit.path} : {}),
      ...(a.error ? {error: `${a.error.code ?? a.error.kind}: ${a.error.message}`} : {}),
      regions: enabled.length,
    });
  }

  summary(header: Pick<Snapshot, 'collection'>): SnapshotSummary {
    const {collection} = header;
    return {
      ...(this.file ? {file: this.file} : {}),
      source: collection.source,
      collectedAt: collection.finishedAt,
      toolVersion: collection.toolVersion,
      accounts: this.accounts,
      regions: [...this.regions].sort(),
      ...(collection.interrupted ? {interrupted: true} : {}),
    };
  }
}

/** Builds the JSON report from an evaluation. */
export function buildReport(
  result: EvaluationResult,
  snapshot: SnapshotSummary,
  options: {pack: string; generatedAt?: string; counts?: Report['counts']},
): Report {
  let counts = options.counts;
  if (!counts) {
    counts = {byStatus: {fail: 0, error: 0, unknown: 0, pass: 0, suppressed: 0, not_applicable: 0}, bySeverity: {critical: 0, high: 0, medium: 0, low: 0}};
    for (const f of result.findings) {
      counts.byStatus[f.status]++;
      if (f.status === 'fail') counts.bySeverity[f.severity]++;
    }
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'trailwise',
    version: TOOL_VERSION,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    pack: options.pack,
    snapshot,
    score: result.score,
    counts,
    rules: result.rules,
    findings: result.findings,
    suppressions: {expired: result.expiredSuppressions, unused: result.unusedSuppressions},
  };
}

/** Every finding of a report in report order: `findings`, then those spilled to disk. */
export function* allFindings(report: Pick<Report, 'findings' | 'spilled'>): Generator<Finding> {
  yield* report.findings;
  if (report.spilled) yield* report.spilled;
}

/** A report formatter: one file per format in `src/report/`. */
export type Formatter = (report: Report, options?: FormatOptions) => string;

export interface FormatOptions {
  /** Cap on listed findings (Markdown, text); the rest is summarised as "N more". */
  maxFindings?: number;
  /** The snapshot's text, so that SARIF can point at the line of each resource. */
  snapshotText?: string;
  /** The findings of a baseline report: those known to it are shown as "existing". */
  baseline?: Baseline;
  /** Earlier runs' scores, oldest first: the HTML report's trend (`--history DIR`). */
  history?: HistoryPoint[];
}

/** Failing findings, worst first (the findings are already sorted by the evaluator). */
export function failures(report: Report): Finding[] {
  return report.findings.filter((f) => f.status === 'fail');
}

const reportValidator = defineValidator('report', reportSchema, {builtinPatternsOnly: true});
const findingValidator = defineValidator('report-finding', reportSchema.properties.findings.items, {builtinPatternsOnly: true});

/**
 * Checks that a parsed file is a trailwise JSON report, against the report schema; throws an `InputError` that names
 * the file (prefixed with `label`, a flag or an input, when given), the JSON pointer and what was expected.
 */
export function checkReport(value: unknown, file: string, label?: string): Report {
  const where = label ? `${label}: ${file}` : file;
  const report = value as Partial<Report> | null;
  if (report?.tool !== 'trailwise' || !Array.isArray(report.findings)) {
    throw new InputError(`${where}: not a trailwise JSON report (expected "tool": "trailwise" and a "findings" array)`, file);
  }
  const validate = reportValidator();
  if (!validate(value)) throw new InputError(`${where}: not a valid trailwise JSON report:\n  ${describeAjvErrors(validate.errors).join('\n  ')}`, file);
  return value as Report;
}

/** Checks one finding of a report read line by line; the error points at `/findings/<index>`. */
export function checkReportFinding(value: unknown, index: number, file: string): Finding {
  const validate = findingValidator();
  if (!validate(value)) {
    const lines = describeAjvErrors(validate.errors).map((line) => line.replace(/^at \/?/, `at /findings/${index}/`).replace(/\/:/, ':'));
    throw new InputError(`${file}: not a valid trailwise JSON report:\n  ${lines.join('\n  ')}`, file);
  }
  return value as Finding;
}

/** What a baseline is: for each finding of a previous report that was failing, `error` or `unknown`, its status. */
export type Baseline = ReadonlyMap<string, Status>;

const KNOWN_STATUSES: readonly Status[] = ['fail', 'error', 'unknown'];

/** The baseline a previous report makes: its failing, `error` and `unknown` findings by fingerprint. */
export function baselineOf(report: Report): Baseline {
  const known = report.findings.filter((f) => KNOWN_STATUSES.includes(f?.status) && typeof f.fingerprint === 'string');
  return new Map(known.map((f) => [f.fingerprint, f.status]));
}

/**
 * True when the finding is already known to the baseline. A failure is known only as a failure: one that was `error`
 * or `unknown` before is news (the evidence now shows it). An `error` or `unknown` is known when the finding did not
 * pass before either, so that `--fail-on-incomplete` gates only on newly missing evidence.
 */
export function inBaseline(baseline: Baseline, finding: Pick<Finding, 'fingerprint' | 'status'>): boolean {
  const before = baseline.get(finding.fingerprint);
  if (before === undefined) return false;
  return finding.status === 'fail' ? before === 'fail' : true;
}
