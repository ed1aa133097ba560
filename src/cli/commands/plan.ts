import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {evaluateChange} from '../../iac/change.js';
import {readChangeInputs} from '../../iac/inputs.js';
import {changeHeadline} from '../../report/change.js';
import {loadSnapshot, validateSnapshot} from '../../snapshot/load.js';
import type {Snapshot} from '../../snapshot/types.js';
import {checkCollectorFlags, checkEvaluationFlags, gateWithSummary, type CollectorFlags, type EvaluationFlags} from '../flags.js';
import {formatterFor, writeReports} from '../output.js';
import type {Terminal} from '../terminal.js';

export interface PlanFlags extends EvaluationFlags, CollectorFlags {
  base?: string;
  live?: boolean;
  accountId?: string;
  region?: string;
  parameters?: string;
  sourceDir?: string;
  gate?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function checkPlanFlags(flags: PlanFlags): 'new' | 'all' {
  if (flags.base && flags.live) throw new InputError('--base and --live exclude each other: judge the change over a snapshot file or over the live account');
  if (flags.accountId && !ACCOUNT_ID.test(flags.accountId)) throw new InputError(`--account-id: expected 12 digits, got "${flags.accountId}"`);
  if (flags.region && !REGION.test(flags.region)) throw new InputError(`--region: "${flags.region}" is not a region name (e.g. eu-west-1)`);
  const gate = flags.gate ?? 'new';
  if (gate !== 'new' && gate !== 'all') throw new InputError(`--gate: expected new or all, got "${gate}"`);
  return gate;
}

/** `trailwise plan FILE… [--base snapshot.json | --live]`: judges what a Terraform plan or templates change. */
export async function planCommand(files: string[], flags: PlanFlags, term: Terminal): Promise<number> {
  const gateMode = checkPlanFlags(flags);
  if (flags.live) checkCollectorFlags(flags);
  const {output, gate: gateOptions, ruleSet} = await checkEvaluationFlags(flags);
  const {change, map} = await readChangeInputs(files, {accountId: flags.accountId, region: flags.region, parameters: flags.parameters});
  let base: Snapshot | undefined;
  if (flags.base) base = await loadSnapshot(flags.base);
  else if (flags.live) {
    const {collectWithProgress} = await import('./live.js');
    base = validateSnapshot(await collectWithProgress({...flags, regions: flags.regions ?? change.regions.join(',')}, term), 'collected snapshot');
  }
  const {report, baselineBefore} = evaluateChange(change, map, {ruleSet, base, baseFile: flags.base, gate: gateMode});
  if (flags.sourceDir !== '') {
    const {locateSources} = await import('../../iac/locate.js');
    await locateSources(report, {sourceDir: flags.sourceDir ?? process.cwd(), moduleDirs: change.moduleDirs});
  }
  // `--gate new`: what failed before the change is the baseline, so only what the change breaks fails the gate.
  const baseline = gateMode === 'new' ? new Map([...(gateOptions.baseline ?? []), ...baselineBefore]) : gateOptions.baseline;
  const {verdict, line} = gateWithSummary(report, {...gateOptions, baseline}, 'score after the change');
  const headline = changeHeadline(report)!;
  for (const note of report.change?.notes ?? []) term.info(`note: ${note}`);
  if (output.output) {
    const written = await writeReports(report, {...output, output: output.output}, {baseline});
    term.info(`${headline}\n${line}\nwrote ${written.join(', ')}`);
  } else if (output.formats[0] === 'text') {
    const {formatText} = await import('../../report/terminal/index.js');
    term.out(formatText(report, {color: term.color, width: term.columns, baseline}));
    term.info(`${headline}\n${line}`);
  } else {
    term.out((await formatterFor(output.formats[0]!))(report, {baseline}));
    term.info(`${headline}\n${line}`);
  }
  return verdict.passed ? EXIT_OK : EXIT_GATE_FAILED;
}
