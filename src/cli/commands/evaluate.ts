import {readFile} from 'node:fs/promises';
import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {loadRuleSet, evaluateSnapshot} from '../../pipeline.js';
import {exploreReport, formatText} from '../../report/terminal/index.js';
import {loadSnapshot} from '../../snapshot/load.js';
import type {Snapshot} from '../../snapshot/types.js';
import {gateWithSummary, parseGateFlags, type GateFlags} from '../flags.js';
import {parseFormats, writeReports} from '../output.js';
import type {Terminal} from '../terminal.js';

/** Flags shared by `evaluate` and `scan`: what to evaluate with, what to write, and the gate. */
export interface EvaluateFlags extends GateFlags {
  pack?: string;
  policies?: string[];
  config?: string;
  format?: string;
  output?: string;
}

/** Evaluates a snapshot, writes or shows the report, and returns the exit code of the gate. */
export async function evaluateAndReport(snapshot: Snapshot, flags: EvaluateFlags, term: Terminal, snapshotFile?: string): Promise<number> {
  // Validate every flag before doing any work, so a typo costs nothing.
  const formats = parseFormats(flags.format ?? (flags.output ? 'json' : 'text'));
  const gateOptions = await parseGateFlags(flags);
  const baseline = gateOptions.baseline;
  const ruleSet = await loadRuleSet({pack: flags.pack, policyDirs: flags.policies, config: flags.config});
  const report = evaluateSnapshot(snapshot, ruleSet, {file: snapshotFile});
  const {verdict, line} = gateWithSummary(report, gateOptions);
  const snapshotText = snapshotFile ? await readFile(snapshotFile, 'utf8').catch(() => undefined) : undefined;

  if (flags.output) {
    const written = await writeReports(report, formats, flags.output, {snapshotText, baseline});
    term.info(`${line}\nwrote ${written.join(', ')}`);
  } else if (formats.length === 1 && formats[0] === 'text') {
    // The explorer follows window resizes only when no width is forced on it.
    if (term.interactive) await exploreReport(report, {color: term.color});
    else term.out(formatText(report, {color: term.color, width: term.columns}));
    term.info(line);
  } else {
    if (formats.length > 1) throw new InputError('--format: several formats need --output DIR');
    const {formatterFor} = await import('../output.js');
    term.out(formatterFor(formats[0]!)(report, {snapshotText, baseline}));
  }
  return verdict.passed ? EXIT_OK : EXIT_GATE_FAILED;
}

/** `trailwise evaluate --snapshot FILE …` */
export async function evaluateCommand(flags: EvaluateFlags & {snapshot: string}, term: Terminal): Promise<number> {
  const snapshot = await loadSnapshot(flags.snapshot);
  return evaluateAndReport(snapshot, flags, term, flags.snapshot);
}
