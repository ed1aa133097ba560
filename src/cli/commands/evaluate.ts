import {readFile} from 'node:fs/promises';
import {EXIT_GATE_FAILED, EXIT_OK} from '../../errors.js';
import {evaluateSnapshot} from '../../pipeline.js';
import {relativeTo} from '../../report/sarif.js';
import {loadSnapshot} from '../../snapshot/load.js';
import type {Snapshot} from '../../snapshot/types.js';
import {checkEvaluationFlags, gateWithSummary, type EvaluationFlags, type EvaluationPlan} from '../flags.js';
import {formatterFor, writeReports} from '../output.js';
import type {Terminal} from '../terminal.js';

/** Evaluates a snapshot with a checked plan, writes or shows the report, and returns the exit code of the gate. */
export async function evaluateAndReport(snapshot: Snapshot, plan: EvaluationPlan, term: Terminal, snapshotFile?: string): Promise<number> {
  const {output, gate: gateOptions, ruleSet, history} = plan;
  const baseline = gateOptions.baseline;
  const report = evaluateSnapshot(snapshot, ruleSet, {file: snapshotFile && relativeTo(process.cwd(), snapshotFile)});
  const {verdict, line} = gateWithSummary(report, gateOptions);
  const snapshotText = snapshotFile ? await readFile(snapshotFile, 'utf8').catch(() => undefined) : undefined;

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
  const snapshot = await loadSnapshot(flags.snapshot);
  return evaluateAndReport(snapshot, plan, term, flags.snapshot);
}
