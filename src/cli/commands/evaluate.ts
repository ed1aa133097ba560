import {readFile} from 'node:fs/promises';
import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {gate, loadRuleSet, evaluateSnapshot, parseSeverity, type GateResult} from '../../pipeline.js';
import type {Report} from '../../report/report.js';
import {exploreReport, formatText} from '../../report/terminal/index.js';
import {loadSnapshot} from '../../snapshot/load.js';
import type {Snapshot} from '../../snapshot/types.js';
import {parseFormats, writeReports} from '../output.js';
import type {Terminal} from '../terminal.js';

/** Flags shared by `evaluate`, `scan` and `audit`: what to evaluate with, what to write, and the gate. */
export interface EvaluateFlags {
  pack?: string;
  policies?: string[];
  config?: string;
  format?: string;
  output?: string;
  failOn?: string;
  minScore?: string;
  failOnIncomplete?: boolean;
  baseline?: string;
}

/** Reads the fingerprints of failing findings in a previous JSON report. */
export async function readBaseline(file: string): Promise<Set<string>> {
  let report: Partial<Report>;
  try {
    report = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: cannot read the baseline JSON report: ${(err as Error).message}`, file);
  }
  if (!Array.isArray(report.findings)) throw new InputError(`${file}: at /findings: expected a trailwise JSON report with a findings array`, file);
  return new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.fingerprint));
}

function parseMinScore(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InputError(`--min-score: expected a number from 0 to 100, got "${value}"`);
  return n;
}

/** Evaluates a snapshot, writes or shows the report, and returns the exit code of the gate. */
export async function evaluateAndReport(snapshot: Snapshot, flags: EvaluateFlags, term: Terminal, snapshotFile?: string): Promise<number> {
  // Validate every flag before doing any work, so a typo costs nothing.
  const formats = parseFormats(flags.format ?? (flags.output ? 'json' : 'text'));
  const failOn = parseSeverity(flags.failOn ?? 'high');
  const minScore = parseMinScore(flags.minScore);
  const baseline = flags.baseline ? await readBaseline(flags.baseline) : undefined;
  const ruleSet = await loadRuleSet({pack: flags.pack, policyDirs: flags.policies, config: flags.config});
  const report = evaluateSnapshot(snapshot, ruleSet, {file: snapshotFile});
  const verdict = gate(report, {failOn, minScore, failOnIncomplete: flags.failOnIncomplete, baseline});
  const snapshotText = snapshotFile ? await readFile(snapshotFile, 'utf8').catch(() => undefined) : undefined;

  if (flags.output) {
    const written = await writeReports(report, formats, flags.output, {snapshotText, baseline});
    term.info(`${summaryLine(report, verdict)}\nwrote ${written.join(', ')}`);
  } else if (formats.length === 1 && formats[0] === 'text') {
    // The explorer follows window resizes only when no width is forced on it.
    if (term.interactive) await exploreReport(report, {color: term.color});
    else term.out(formatText(report, {color: term.color, width: term.columns}));
    term.info(summaryLine(report, verdict));
  } else {
    if (formats.length > 1) throw new InputError('--format: several formats need --output DIR');
    const {formatterFor} = await import('../output.js');
    term.out(formatterFor(formats[0]!)(report, {snapshotText, baseline}));
  }
  return verdict.passed ? EXIT_OK : EXIT_GATE_FAILED;
}

function summaryLine(report: Report, verdict: GateResult): string {
  const s = report.score;
  const head = `score ${s.overall ?? 'n/a'} (SEC04 ${s.sec04 ?? 'n/a'}, COST ${s.cost ?? 'n/a'}), evidence coverage ${s.coverage ?? 'n/a'}%`;
  return `${head}; gate ${verdict.passed ? 'passed' : `failed: ${verdict.reasons.join('; ')}`}`;
}

/** `trailwise evaluate --snapshot FILE …` */
export async function evaluateCommand(flags: EvaluateFlags & {snapshot: string}, term: Terminal): Promise<number> {
  const snapshot = await loadSnapshot(flags.snapshot);
  return evaluateAndReport(snapshot, flags, term, flags.snapshot);
}
