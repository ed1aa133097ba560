import {readFile, stat} from 'node:fs/promises';
import {EXIT_GATE_FAILED, EXIT_OK} from '../../errors.js';
import {evaluateAccounts} from '../../pipeline.js';
import {MAX_LOCATOR_BYTES, relativeTo} from '../../report/sarif.js';
import {snapshotSource, type AccountSource} from '../../snapshot/account-source.js';
import {openSnapshotSource} from '../../snapshot/large-file.js';
import type {Snapshot} from '../../snapshot/types.js';
import {checkEvaluationFlags, gateWithSummary, type EvaluationFlags, type EvaluationPlan} from '../flags.js';
import {formatterFor, writeReports} from '../output.js';
import type {Terminal} from '../terminal.js';

/**
 * Evaluates a snapshot (in memory, or a file's accounts one at a time) with a checked plan, writes or shows the
 * report, and returns the exit code of the gate.
 */
export async function evaluateAndReport(snapshot: Snapshot | AccountSource, plan: EvaluationPlan, term: Terminal, snapshotFile?: string): Promise<number> {
  const {output, gate: gateOptions, ruleSet, history} = plan;
  const baseline = gateOptions.baseline;
  const source = 'accounts' in snapshot ? snapshotSource(snapshot) : snapshot;
  const report = await evaluateAccounts(source, ruleSet, {file: snapshotFile && relativeTo(process.cwd(), snapshotFile)});
  const {verdict, line} = gateWithSummary(report, gateOptions);
  // SARIF results point at lines of the snapshot file; a file too large to hold as one string points at line 1.
  const snapshotText = snapshotFile && !report.spilled && (await fileSize(snapshotFile)) <= MAX_LOCATOR_BYTES ? await readFile(snapshotFile, 'utf8').catch(() => undefined) : undefined;

  if (output.output) {
    const written = await writeReports(report, {...output, output: output.output}, {snapshotText, baseline, history});
    term.info(`${line}\nwrote ${written.join(', ')}`);
  } else if (output.formats[0] === 'text') {
    // ink and React are loaded only here: a report written to a file never needs them.
    const {exploreReport, formatText} = await import('../../report/terminal/index.js');
    // The explorer follows window resizes only when no width is forced on it.
    if (term.interactive) await exploreReport(report, {color: term.color});
    else term.out(formatText(report, {color: term.color, width: term.columns}));
    term.info(line);
  } else {
    term.out((await formatterFor(output.formats[0]!))(report, {snapshotText, baseline, history}));
    // The gate line goes to stderr even when stdout carries the report: a failing pipeline step says why.
    term.info(line);
  }
  return verdict.passed ? EXIT_OK : EXIT_GATE_FAILED;
}

/** `trailwise evaluate --snapshot FILE …` */
export async function evaluateCommand(flags: EvaluationFlags & {snapshot: string}, term: Terminal): Promise<number> {
  const plan = await checkEvaluationFlags(flags);
  const source = await openSnapshotSource(flags.snapshot);
  try {
    return await evaluateAndReport(source, plan, term, flags.snapshot);
  } finally {
    await source.close();
  }
}

async function fileSize(file: string): Promise<number> {
  return (await stat(file).catch(() => undefined))?.size ?? Infinity;
}
