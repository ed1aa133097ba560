import {writeFile} from 'node:fs/promises';
import {diffReports, parseS3Url, formatDiffJson, formatDiffMarkdown, formatDiffText, mergeAudits, runAudit} from '../../audit/index.js';
import {DEFAULT_REPORTS_DIR} from '../../audit/types.js';
import {EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_OK, InputError} from '../../errors.js';
import type {GateOptions} from '../../pipeline.js';
import type {Report} from '../../report/report.js';
import {checkAuditFlags, gateWithSummary, parseAuditFormats, parseGateFlags, ruleSetFromFlags, type AuditFlags} from '../flags.js';
import {withProgress} from '../progress.js';
import type {Terminal} from '../terminal.js';

/** Gates an audit's report and prints its summary line (the gate's flags were checked before the audit ran). */
function gateReport(report: Report | undefined, gateOptions: GateOptions, term: Terminal): number {
  if (!report) return EXIT_INPUT_ERROR;
  const {verdict, line} = gateWithSummary(report, gateOptions, 'organization score');
  term.info(line);
  return verdict.passed ? EXIT_OK : EXIT_GATE_FAILED;
}

/**
 * What the audit says on Ctrl-C: the accounts already written are kept; those in flight are not written (a half-read
 * account is never filed) and are collected by `--resume` (an audit directory, or the reports root: its newest
 * unfinished run).
 */
export function interruptNotice(dir: string): string {
  return `interrupted: the finished accounts are kept; the accounts in flight are not written and will be collected by trailwise audit --resume ${dir}`;
}

/** `trailwise audit`: every account of the organization (or the named ones), into `reports/<UTC timestamp>/`. */
export async function auditCommand(flags: AuditFlags, term: Terminal): Promise<number> {
  // Every flag is checked before the audit starts: a typo must not surface after an hour of collection.
  const plan = await checkAuditFlags(flags);
  const result = await withProgress(term, interruptNotice(plan.resume ?? flags.output ?? DEFAULT_REPORTS_DIR), (host, signal) =>
    runAudit({
      org: flags.org,
      roleName: flags.roleName,
      externalId: flags.externalId,
      accounts: plan.accounts,
      exclude: plan.exclude,
      regions: plan.regions,
      concurrency: plan.concurrency,
      regionConcurrency: plan.regionConcurrency,
      maxCalls: plan.maxCalls,
      accountTimeoutMs: plan.accountTimeoutMs,
      shard: plan.shard,
      output: flags.output,
      resume: plan.resume,
      upload: flags.upload,
      uploadKmsKeyId: flags.uploadKmsKey,
      endpointUrl: plan.endpointUrl,
      profile: flags.profile,
      pack: flags.pack,
      policyDirs: flags.policies,
      config: plan.ruleSet.config,
      selection: plan.ruleSet.selection,
      gate: plan.gate,
      ...(plan.formats ? {formats: plan.formats} : {}),
      listener: host.listener,
      signal,
    }),
  );
  if (result.interrupted) {
    term.info(`audit interrupted: finished accounts are kept in ${result.dir}; complete it with --resume ${result.dir}`);
    return EXIT_INPUT_ERROR;
  }
  const written = Object.values(result.files).flat().filter(Boolean).join(', ');
  term.info(`audit of ${result.collected.length + result.resumed.length} account(s) written to ${result.dir} (${written})`);
  return gateReport(result.report, plan.gate, term);
}

/** `trailwise merge DIR... --output DIR`: shard outputs into one organization snapshot and report. */
export async function mergeCommand(dirs: string[], flags: AuditFlags, term: Terminal): Promise<number> {
  const formats = parseAuditFormats(flags.format);
  const gateOptions = await parseGateFlags(flags);
  const ruleSet = await ruleSetFromFlags(flags);
  if (flags.upload) parseS3Url(flags.upload);
  const merged = await mergeAudits(dirs, flags.output, {
    pack: flags.pack,
    policyDirs: flags.policies,
    config: ruleSet.config,
    selection: ruleSet.selection,
    gate: gateOptions,
    upload: flags.upload,
    ...(formats ? {formats} : {}),
  });
  term.info(`merged ${dirs.length} audit(s) into ${merged.dir}`);
  return gateReport(merged.report, gateOptions, term);
}

/** `trailwise diff OLD NEW`: new failures, resolved findings and score changes, as text, Markdown or JSON. */
export async function diffCommand(
  oldPath: string,
  newPath: string,
  flags: {format?: string; output?: string; failOnRegression?: boolean},
  term: Terminal,
): Promise<number> {
  const format = flags.format ?? 'text';
  const formatters: Record<string, (d: Awaited<ReturnType<typeof diffReports>>) => string> = {
    text: formatDiffText,
    markdown: formatDiffMarkdown,
    json: formatDiffJson,
  };
  const formatter = formatters[format];
  if (!formatter) throw new InputError(`--format: expected one of text, markdown, json, got "${format}"`);
  const diff = await diffReports(oldPath, newPath);
  const text = formatter(diff);
  if (flags.output) {
    await writeFile(flags.output, text);
    term.info(`wrote ${flags.output}`);
  } else {
    term.out(text);
  }
  return flags.failOnRegression && diff.regression.alert ? EXIT_GATE_FAILED : EXIT_OK;
}
