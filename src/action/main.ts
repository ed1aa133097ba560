/**
 * The GitHub Action: read the inputs, test the policies if asked, evaluate a snapshot (a file, or the live account),
 * then publish where reviewers look (job summary, annotations, SARIF, one PR comment) and set the outputs. Every
 * failure ends in the one catch at the bottom: the user's mistakes as one `::error::` line, anything else as a bug.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import {InputError} from '../errors.js';
import {runPolicyTests} from '../evaluate/policy-tests.js';
import {evaluateSnapshot, gate, gateRecord, loadRuleSet, type GateResult, type RuleSet} from '../pipeline.js';
import {terminalText} from '../report/escape/terminal.js';
import {MAX_NAME_CHARS, MAX_TEXT_CHARS} from '../report/escape/unicode.js';
import {COMMENT_LIMIT, formatMarkdown} from '../report/markdown.js';
import {baselineOf, checkReport, type Baseline, type Report} from '../report/report.js';
import {formatHtml} from '../report/html.js';
import {formatSarif, relativeTo, SnapshotLocator} from '../report/sarif.js';
import {loadSnapshot, parseJson, validateSnapshot} from '../snapshot/load.js';
import type {Snapshot} from '../snapshot/types.js';
import {COMMENT_MARKER, GitHubApiError, pullRequestTarget, upsertComment} from './comment.js';
import {readInputs, SELECTION_INPUT_NAMES, type ActionInputs} from './inputs.js';

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the rest. A failing gate
 * adds one error of its own (`setFailed`), so findings get 9 error annotations, the most severe blocking ones.
 */
const MAX_ERROR_ANNOTATIONS = 9;
const MAX_OTHER_ANNOTATIONS = 10;
/** The job summary limit is 1 MiB per step; stay well under it. */
const SUMMARY_BUDGET = 512 * 1024;

/** A path as the repository sees it (the workspace is the repository's checkout). */
export function repoRelative(file: string, workspace = process.env.GITHUB_WORKSPACE || process.cwd()): string {
  return relativeTo(workspace, file);
}

/** The baseline a previous JSON report makes (its failing, `error` and `unknown` findings). */
export async function readBaseline(file: string): Promise<Baseline | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      // The first run on a branch has no baseline yet: gating on every finding is the safe side.
      core.warning(`baseline ${file} not found: every failing finding counts as new`);
      return undefined;
    }
    throw new InputError(`input "baseline": cannot read ${file}: ${(err as Error).message}`, file);
  }
  return baselineOf(checkReport(parseJson(text, file), file, 'input "baseline"'));
}

/** Runs the policy tests under the given folders; returns the passing and failing cases and the policies without tests (each problem annotated). */
async function testPolicies(dirs: string[]): Promise<{passed: number; failed: number; untested: number}> {
  if (!dirs.length) throw new InputError('input "test-policies" is true but "policies" names no folder to test');
  const run = await runPolicyTests(dirs);
  for (const dir of run.empty) core.warning(`${repoRelative(dir)}: no policy tests (*.test.yaml) found`);
  for (const result of run.failures) {
    core.error(terminalText(`${result.name}: ${result.problem}`), {
      title: terminalText(`policy test failed: ${result.rule}`, {singleLine: true}),
      file: repoRelative(result.file),
    });
  }
  for (const policy of run.untested) {
    core.error(`${policy.id} has no policy test: add a .test.yaml beside it with at least two cases`, {title: `no test: ${policy.id}`, file: repoRelative(policy.file)});
  }
  core.info(`policy tests: ${run.passed} passed, ${run.failed} failed${run.untested.length ? `, ${run.untested.length} policy(ies) without tests` : ''}`);
  return {passed: run.passed, failed: run.failed, untested: run.untested.length};
}

async function obtainSnapshot(inputs: ActionInputs): Promise<{snapshot: Snapshot; file: string; text: string}> {
  if (inputs.snapshot) {
    const snapshot = await loadSnapshot(inputs.snapshot);
    return {snapshot, file: inputs.snapshot, text: await readFile(inputs.snapshot, 'utf8')};
  }
  // Loaded only in live mode: the AWS SDK clients are most of the bundle and of its start-up time.
  const {collectLive} = await import('./live.js');
  const snapshot = validateSnapshot(
    await collectLive({regions: inputs.regions, roleArn: inputs.roleArn, log: (line) => core.info(line)}),
    'collected snapshot',
  );
  // SARIF and annotations need a file to point into: the collected snapshot, kept beside the report.
  const file = path.join(inputs.reportDir, 'snapshot.json');
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  await writeFile(file, text);
  return {snapshot, file, text};
}

/**
 * Annotates the failing findings where GitHub shows them: the most severe blocking ones as errors (the findings are
 * sorted worst first), the rest as warnings or notices, each kind within GitHub's limit. Returns how many blocking
 * findings had no error annotation, so the gate's message can say so.
 */
function annotate(report: Report, verdict: GateResult, locator: SnapshotLocator | undefined): number {
  const blocking = new Set(verdict.blocking.map((f) => f.fingerprint));
  const failing = report.findings.filter((f) => f.status === 'fail');
  const kinds = {error: [] as typeof failing, warning: [] as typeof failing, notice: [] as typeof failing};
  for (const f of failing) kinds[blocking.has(f.fingerprint) ? 'error' : f.advisory || f.severity === 'low' ? 'notice' : 'warning'].push(f);
  const show = (kind: keyof typeof kinds, limit: number, emit: (message: string, properties: core.AnnotationProperties) => void) => {
    for (const f of kinds[kind].slice(0, limit)) {
      const title = terminalText(`${f.ruleId} (${f.severity}): ${f.title}`, {singleLine: true, max: MAX_NAME_CHARS});
      // A finding about planned code is annotated on its block, so it shows on the pull request's diff.
      const properties = f.source?.file
        ? {title, file: f.source.file, startLine: f.source.line ?? 1}
        : {title, file: report.snapshot.file, startLine: locator?.lineOf(f) ?? 1};
      // @actions/core escapes what would end the workflow command; the text itself must not drive the log viewer.
      const said = (text: string, max = MAX_TEXT_CHARS) => terminalText(text, {singleLine: true, max});
      emit(`${said(f.message)}\nResource: ${said(f.resource, MAX_NAME_CHARS)} (${said(f.accountId, MAX_NAME_CHARS)}, ${said(f.region, MAX_NAME_CHARS)})\nFix: ${said(f.remediation)}`, properties);
    }
    return Math.max(0, kinds[kind].length - limit);
  };
  const moreErrors = show('error', MAX_ERROR_ANNOTATIONS, core.error);
  const moreOthers = show('warning', MAX_OTHER_ANNOTATIONS, core.warning) + show('notice', MAX_OTHER_ANNOTATIONS, core.notice);
  if (moreErrors + moreOthers) {
    core.info(`annotations: ${moreErrors + moreOthers} more failing finding(s) (${moreErrors} blocking) are in the job summary and the SARIF file`);
  }
  return moreErrors;
}

/** Posts or updates the PR comment; anything that keeps it from being posted is a warning, never a failed step. */
async function comment(inputs: ActionInputs, report: Report, verdict: GateResult, baseline?: Baseline): Promise<void> {
  const target = await pullRequestTarget();
  if (!target) {
    core.info('comment: this run is not for a pull request; no comment posted');
    return;
  }
  if (!inputs.githubToken) {
    core.warning('comment: no token to post the PR comment with: set "github-token" (default: github.token)');
    return;
  }
  const markdown = formatMarkdown(report, {baseline, gate: verdict, maxChars: COMMENT_LIMIT - COMMENT_MARKER.length - 1_000});
  try {
    const result = await upsertComment(target, inputs.githubToken, markdown);
    core.info(`comment: ${result.action} ${result.url ?? `#${result.id}`}`);
  } catch (err) {
    // A fork's read-only token, or an API that cannot be reached: the report is in the summary and the SARIF file.
    const reason = err instanceof GitHubApiError ? err.message : `${target.apiUrl} could not be reached (${describeNetworkError(err)})`;
    core.warning(`comment: could not post the PR comment: ${reason}`);
  }
}

/** A fetch failure in one line: undici's "fetch failed" hides the reason in `cause`. */
function describeNetworkError(err: unknown): string {
  const error = err as Error & {cause?: {code?: string; message?: string}};
  return error.cause?.code ?? error.cause?.message ?? error.message ?? String(err);
}

/** The account's report from a snapshot file or the live account. */
async function evaluateAccount(inputs: ActionInputs, ruleSet: RuleSet): Promise<{report: Report; text?: string; baselineBefore?: Baseline}> {
  const {snapshot, file, text} = await obtainSnapshot(inputs);
  return {report: evaluateSnapshot(snapshot, ruleSet, {file: repoRelative(file)}), text};
}

/** The report of a change (Terraform plan, templates or cdk.out), alone or over the account as it is. */
async function evaluatePlanned(inputs: ActionInputs, ruleSet: RuleSet): Promise<{report: Report; text?: string; baselineBefore?: Baseline}> {
  const {expandInputFiles} = await import('../iac/files.js');
  const {readChangeInputs} = await import('../iac/inputs.js');
  const {evaluateChange} = await import('../iac/change.js');
  const {locateSources} = await import('../iac/locate.js');
  const files = inputs.terraformPlan.length
    ? await expandInputFiles(inputs.terraformPlan, 'terraform-plan')
    : await expandInputFiles(inputs.cloudformation, 'cloudformation');
  const {change, map} = await readChangeInputs(files, {accountId: inputs.accountId, region: inputs.regions?.[0]});
  for (const note of change.notes) core.info(`note: ${note}`);
  let base: Snapshot | undefined;
  let baseFile: string | undefined;
  let text: string | undefined;
  if (inputs.baseSnapshot === 'live') {
    ({snapshot: base, file: baseFile, text} = await obtainSnapshot({...inputs, snapshot: undefined, regions: inputs.regions ?? change.regions}));
  } else if (inputs.baseSnapshot) {
    ({snapshot: base, file: baseFile, text} = await obtainSnapshot({...inputs, snapshot: inputs.baseSnapshot}));
  }
  const {report, baselineBefore} = evaluateChange(change, map, {ruleSet, base, baseFile: baseFile && repoRelative(baseFile), gate: inputs.gate});
  await locateSources(report, {sourceDir: inputs.sourceDir ?? (process.env.GITHUB_WORKSPACE || process.cwd()), moduleDirs: change.moduleDirs});
  const {changeHeadline} = await import('../report/change.js');
  core.info(changeHeadline(report)!);
  return {report, text, ...(inputs.gate === 'new' ? {baselineBefore} : {})};
}

/** Runs the Action; the step's result is reported through @actions/core (exit code 1 on failure). */
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    await mkdir(inputs.reportDir, {recursive: true});
    const policyTests = inputs.testPolicies ? await testPolicies(inputs.policies) : undefined;

    const ruleSet = await loadRuleSet({pack: inputs.pack, policyDirs: inputs.policies, config: inputs.config, selection: inputs.selection, selectionNames: SELECTION_INPUT_NAMES});
    const planned = inputs.terraformPlan.length || inputs.cloudformation.length;
    const {report, text, baselineBefore} = planned ? await evaluatePlanned(inputs, ruleSet) : await evaluateAccount(inputs, ruleSet);
    const previous = inputs.baseline ? await readBaseline(inputs.baseline) : undefined;
    // For a change judged with `gate: new`, what failed before the change is the baseline too.
    const baseline = baselineBefore ? new Map([...(previous ?? []), ...baselineBefore]) : previous;
    const gateOptions = {failOn: inputs.failOn, minScore: inputs.minScore, baseline, baselineFile: inputs.baseline};
    const verdict = gate(report, gateOptions);
    const record = gateRecord(report, verdict, gateOptions);
    report.gate = record;
    const failing = report.findings.filter((f) => f.status === 'fail');

    const reportJson = path.join(inputs.reportDir, 'report.json');
    await writeFile(reportJson, `${JSON.stringify(report, null, 2)}\n`);
    await mkdir(path.dirname(path.resolve(inputs.sarifFile)), {recursive: true});
    await writeFile(inputs.sarifFile, formatSarif(report, {...(text !== undefined ? {snapshotText: text} : {}), baseline}));
    const summary = formatMarkdown(report, {baseline, gate: verdict, maxChars: SUMMARY_BUDGET});
    await writeFile(path.join(inputs.reportDir, 'report.md'), summary);
    // The self-contained HTML report, for the job's artifact (actions/upload-artifact of report-dir).
    const htmlReport = path.join(inputs.reportDir, 'report.html');
    await writeFile(htmlReport, formatHtml(report));

    // The outputs first: a later step (the SARIF upload, the baseline artifact) needs them even if what follows fails.
    const s = report.score;
    core.setOutput('score', s.overall ?? '');
    core.setOutput('sec04-score', s.sec04 ?? '');
    core.setOutput('cost-score', s.cost ?? '');
    core.setOutput('failed', failing.length);
    core.setOutput('new-failures', record.newFailures);
    core.setOutput('report-json', reportJson);
    core.setOutput('sarif-file', inputs.sarifFile);
    core.setOutput('html-report', htmlReport);
    const passed = verdict.passed && !policyTests?.failed && !policyTests?.untested;
    core.setOutput('passed', passed);

    const unannotated = annotate(report, verdict, text !== undefined ? new SnapshotLocator(text) : undefined);
    await core.summary.addRaw(summary, true).write();
    if (inputs.comment) await comment(inputs, report, verdict, baseline);

    core.info(`trailwise: score ${s.overall ?? 'n/a'}, ${failing.length} failing finding(s), ${record.newFailures} new`);
    if (policyTests?.failed) core.setFailed(`${policyTests.failed} policy test case(s) failed`);
    if (policyTests?.untested) core.setFailed(`${policyTests.untested} policy(ies) without a test file`);
    if (!verdict.passed) {
      const more = unannotated ? ` (the ${MAX_ERROR_ANNOTATIONS} most severe are annotated; ${unannotated} more in the job summary and the SARIF file)` : '';
      core.setFailed(`trailwise gate failed: ${verdict.reasons.join('; ')}${more}`);
    }
  } catch (err) {
    if (err instanceof InputError) {
      core.setFailed(err.message);
    } else {
      const error = err instanceof Error ? err : new Error(String(err));
      core.debug(error.stack ?? String(error));
      core.setFailed(`trailwise bug: ${error.message} (please report it; re-run with debug logging for the stack trace)`);
    }
  }
}
