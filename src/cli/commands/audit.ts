import {writeFile} from 'node:fs/promises';
import {diffReports, formatDiffJson, formatDiffMarkdown, formatDiffText, mergeAudits, runAudit} from '../../audit/index.js';
import {EXIT_GATE_FAILED, EXIT_INPUT_ERROR, EXIT_OK, InputError} from '../../errors.js';
import {gate, parseSeverity} from '../../pipeline.js';
import type {Report} from '../../report/report.js';
import {withProgress} from '../progress.js';
import type {Terminal} from '../terminal.js';
import {readBaseline} from './evaluate.js';

export interface AuditFlags {
  org?: boolean;
  roleName?: string;
  externalId?: string;
  accounts?: string;
  exclude?: string;
  regions?: string;
  concurrency?: string;
  regionConcurrency?: string;
  maxCalls?: string;
  accountTimeout?: string;
  shard?: string;
  output?: string;
  resume?: string;
  upload?: string;
  uploadKmsKey?: string;
  endpointUrl?: string;
  profile?: string;
  pack?: string;
  policies?: string[];
  config?: string;
  failOn?: string;
  minScore?: string;
  failOnIncomplete?: boolean;
  baseline?: string;
}

function whole(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InputError(`${flag}: expected a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

async function gateReport(report: Report | undefined, flags: AuditFlags, term: Terminal): Promise<number> {
  if (!report) return EXIT_INPUT_ERROR;
  const minScore = flags.minScore === undefined ? undefined : Number(flags.minScore);
  if (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) throw new InputError(`--min-score: expected a number from 0 to 100, got "${flags.minScore}"`);
  const verdict = gate(report, {
    failOn: parseSeverity(flags.failOn ?? 'high'),
    minScore,
    failOnIncomplete: flags.failOnIncomplete,
    baseline: flags.baseline ? await readBaseline(flags.baseline) : undefined,
  });
  const s = report.score;
  term.info(`organization score ${s.overall ?? 'n/a'} (SEC04 ${s.sec04 ?? 'n/a'}, COST ${s.cost ?? 'n/a'}), coverage ${s.coverage ?? 'n/a'}%; gate ${verdict.passed ? 'passed' : `failed: ${verdict.reasons.join('; ')}`}`);
  return verdict.passed ? EXIT_OK : EXIT_GATE_FAILED;
}

/** `trailwise audit`: every account of the organization (or the named ones), into `reports/<UTC timestamp>/`. */
export async function auditCommand(flags: AuditFlags, term: Terminal): Promise<number> {
  if (!flags.org && !flags.accounts && !flags.resume) throw new InputError('audit: give --org, --accounts ID,... or --resume DIR');
  const regions = flags.regions?.split(',').map((r) => r.trim()).filter(Boolean);
  const result = await withProgress(term, 'interrupted: finishing the accounts in flight; run again with --resume to complete the audit', (host, signal) =>
    runAudit({
      org: flags.org,
      roleName: flags.roleName,
      externalId: flags.externalId,
      accounts: flags.accounts,
      exclude: flags.exclude,
      regions,
      concurrency: whole(flags.concurrency, '--concurrency', 256),
      regionConcurrency: whole(flags.regionConcurrency, '--region-concurrency', 64),
      maxCalls: whole(flags.maxCalls, '--max-calls', 4096),
      accountTimeoutMs: (whole(flags.accountTimeout, '--account-timeout', 86400) ?? 1800) * 1000,
      shard: flags.shard,
      output: flags.output,
      resume: flags.resume,
      upload: flags.upload,
      uploadKmsKeyId: flags.uploadKmsKey,
      endpointUrl: flags.endpointUrl,
      profile: flags.profile,
      pack: flags.pack,
      policyDirs: flags.policies,
      config: flags.config,
      listener: host.listener,
      signal,
    }),
  );
  if (result.interrupted) {
    term.info(`audit interrupted: finished accounts are kept in ${result.dir}; complete it with --resume ${result.dir}`);
    return EXIT_INPUT_ERROR;
  }
  const written = Object.values(result.files).filter(Boolean).join(', ');
  term.info(`audit of ${result.collected.length + result.resumed.length} account(s) written to ${result.dir} (${written})`);
  return gateReport(result.report, flags, term);
}

/** `trailwise merge DIR... --output DIR`: shard outputs into one organization snapshot and report. */
export async function mergeCommand(dirs: string[], flags: AuditFlags, term: Terminal): Promise<number> {
  const merged = await mergeAudits(dirs, flags.output, {pack: flags.pack, policyDirs: flags.policies, config: flags.config, upload: flags.upload});
  term.info(`merged ${dirs.length} audit(s) into ${merged.dir}`);
  return gateReport(merged.report, flags, term);
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
