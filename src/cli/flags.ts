/**
 * Flag parsing shared by the commands: each turns a string flag into a value or an `InputError` naming the flag, so
 * that every mistake is caught before any work (a typo must not cost an hour-long audit).
 */
import {readFile} from 'node:fs/promises';
// Not from '../audit/index.js': that loads the AWS SDK, which `evaluate` and `rules` never need.
import {parseS3Url} from '../audit/s3-url.js';
import {parseAccountList, parseShard} from '../audit/select.js';
import {readManifest, resolveResumeDir} from '../audit/output.js';
import {EXTRA_FORMATS, type ExtraFormat, type Shard} from '../audit/types.js';
import {REGION_PATTERN} from '../evaluate/config.js';
import {parseSelection, type SelectionFlags} from '../evaluate/selection.js';
import type {HistoryPoint} from '../report/html.js';
import {loadHistory} from '../report/history.js';
import {InputError} from '../errors.js';
import {gate, gateRecord, loadRuleSet, parseSeverity, type GateOptions, type GateResult, type RuleSet} from '../pipeline.js';
import {baselineOf, checkReport, type Baseline, type Report} from '../report/report.js';
import {resolveOutput, type OutputPlan} from './output.js';

/** The flags of the gate, as commander hands them over. */
export interface GateFlags {
  failOn?: string;
  minScore?: string;
  failOnIncomplete?: boolean;
  baseline?: string;
}

/** A whole number from 1 to `max`, or undefined when the flag is absent. */
export function parseWhole(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InputError(`${flag}: expected a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

/** `--regions a,b`: region names, or undefined for "every enabled region". */
export function parseRegions(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const regions = value.split(',').map((r) => r.trim()).filter(Boolean);
  const name = new RegExp(REGION_PATTERN);
  const bad = regions.find((r) => !name.test(r));
  if (bad) throw new InputError(`--regions: "${bad}" is not a region name (e.g. eu-west-1)`);
  return regions;
}

/** `--endpoint-url`: an http(s) URL. */
export function parseEndpoint(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return value;
  } catch {
    throw new InputError(`--endpoint-url: expected an http(s) URL, got "${value}"`);
  }
}

/** Reads the baseline a previous JSON report makes (its failing, `error` and `unknown` findings). */
export async function readBaseline(file: string): Promise<Baseline> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: cannot read the baseline JSON report: ${(err as Error).message}`, file);
  }
  return baselineOf(checkReport(value, file, '--baseline'));
}

/** The gate's options from its flags (the baseline file is read here, so a bad one fails early). */
export async function parseGateFlags(flags: GateFlags): Promise<GateOptions> {
  let minScore: number | undefined;
  if (flags.minScore !== undefined) {
    minScore = Number(flags.minScore);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
      throw new InputError(`--min-score: expected a number from 0 to 100, got "${flags.minScore}"`);
    }
  }
  return {
    failOn: parseSeverity(flags.failOn ?? 'high'),
    minScore,
    failOnIncomplete: flags.failOnIncomplete,
    baseline: flags.baseline ? await readBaseline(flags.baseline) : undefined,
    ...(flags.baseline ? {baselineFile: flags.baseline} : {}),
  };
}

/** The flags that choose the rules: the pack, extra policies, the config, and the command-line selection. */
export interface RuleFlags extends SelectionFlags {
  pack?: string;
  policies?: string[];
  config?: string;
}

/** The rule set the flags name: the pack, policies, config and selection are all read and checked here. */
export function ruleSetFromFlags(flags: RuleFlags): Promise<RuleSet> {
  return loadRuleSet({pack: flags.pack, policyDirs: flags.policies, config: flags.config, selection: parseSelection(flags)});
}

/** The flags of `evaluate` and of the evaluation half of `scan`. */
export interface EvaluationFlags extends GateFlags, RuleFlags {
  format?: string;
  output?: string;
  /** `--history DIR`: earlier reports for the HTML report's trend. */
  history?: string;
}

/** Everything an evaluation needs, from flags that have all been checked (and files that have all been read). */
export interface EvaluationPlan {
  output: OutputPlan;
  gate: GateOptions;
  ruleSet: RuleSet;
  /** Earlier runs' scores (read and validated up front), for the HTML report. */
  history?: HistoryPoint[];
}

/** Checks every evaluation flag and reads every file they name; called before any AWS call or snapshot read. */
export async function checkEvaluationFlags(flags: EvaluationFlags): Promise<EvaluationPlan> {
  const output = await resolveOutput(flags.format, flags.output);
  if (flags.history !== undefined && !output.formats.includes('html')) throw new InputError('--history: the trend is drawn by the HTML report; add --format html');
  const history = flags.history !== undefined ? await loadHistory(flags.history) : undefined;
  const gateOptions = await parseGateFlags(flags);
  const ruleSet = await ruleSetFromFlags(flags);
  return {output, gate: gateOptions, ruleSet, ...(history ? {history} : {})};
}

/** The flags of the commands that read one live account (`snapshot`, `scan`). */
export interface CollectorFlags {
  profile?: string;
  roleArn?: string;
  externalId?: string;
  regions?: string;
  endpointUrl?: string;
  concurrency?: string;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The collector's settings from its flags. */
export function checkCollectorFlags(flags: CollectorFlags): {regions?: string[]; concurrency: number; endpointUrl?: string} {
  if (flags.roleArn && !ROLE_ARN.test(flags.roleArn)) throw new InputError(`--role-arn: "${flags.roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`);
  if (flags.externalId !== undefined && !flags.roleArn) throw new InputError('--external-id needs --role-arn');
  return {
    regions: parseRegions(flags.regions),
    concurrency: parseWhole(flags.concurrency ?? '8', '--concurrency', 64)!,
    endpointUrl: parseEndpoint(flags.endpointUrl),
  };
}

/** The flags of `trailwise audit`. */
export interface AuditFlags extends GateFlags, RuleFlags {
  format?: string;
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
}

/** An audit's settings, every flag checked and every file read (account lists, the manifest to resume). */
export interface AuditPlan {
  formats?: ExtraFormat[];
  regions?: string[];
  gate: GateOptions;
  ruleSet: RuleSet;
  concurrency?: number;
  regionConcurrency?: number;
  maxCalls?: number;
  accountTimeoutMs: number;
  endpointUrl?: string;
  accounts?: string[];
  exclude?: string[];
  shard?: Shard;
  resume?: string;
}

/**
 * `--format` of `audit` and `merge`: the run folder always gets JSON, SARIF, Markdown and HTML; csv, ocsf and asff
 * are added on request.
 */
export function parseAuditFormats(value: string | undefined): ExtraFormat[] | undefined {
  if (value === undefined) return undefined;
  const always = ['json', 'sarif', 'markdown', 'html'];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!always.includes(name) && !(EXTRA_FORMATS as readonly string[]).includes(name)) {
      throw new InputError(`--format: expected some of ${[...EXTRA_FORMATS, ...always].join(', ')} (${always.join(', ')} are always written), got "${name}"`);
    }
  }
  return names.filter((n): n is ExtraFormat => (EXTRA_FORMATS as readonly string[]).includes(n));
}

/** Checks every flag of `trailwise audit` before the first AWS call. */
export async function checkAuditFlags(flags: AuditFlags): Promise<AuditPlan> {
  if (!flags.org && !flags.accounts && !flags.resume) throw new InputError('audit: give --org, --accounts ID,... or --resume DIR');
  if (flags.upload) parseS3Url(flags.upload);
  if (flags.uploadKmsKey && !flags.upload) throw new InputError('--upload-kms-key needs --upload');
  const resume = flags.resume ? await resolveResumeDir(flags.resume) : undefined;
  if (resume) await readManifest(resume);
  return {
    formats: parseAuditFormats(flags.format),
    regions: parseRegions(flags.regions),
    gate: await parseGateFlags(flags),
    ruleSet: await ruleSetFromFlags(flags),
    concurrency: parseWhole(flags.concurrency, '--concurrency', 256),
    regionConcurrency: parseWhole(flags.regionConcurrency, '--region-concurrency', 64),
    maxCalls: parseWhole(flags.maxCalls, '--max-calls', 4096),
    accountTimeoutMs: (parseWhole(flags.accountTimeout, '--account-timeout', 86400) ?? 1800) * 1000,
    endpointUrl: parseEndpoint(flags.endpointUrl),
    accounts: flags.accounts ? await parseAccountList(flags.accounts, '--accounts') : undefined,
    exclude: flags.exclude ? await parseAccountList(flags.exclude, '--exclude') : undefined,
    shard: flags.shard ? parseShard(flags.shard) : undefined,
    resume,
  };
}

/** Gates the report (recording the verdict in `report.gate`); returns the verdict and the one line the CLI prints. */
export function gateWithSummary(report: Report, options: GateOptions, label = 'score'): {verdict: GateResult; line: string} {
  const verdict = gate(report, options);
  report.gate = gateRecord(report, verdict, options);
  const s = report.score;
  const head = `${label} ${s.overall ?? 'n/a'} (SEC04 ${s.sec04 ?? 'n/a'}, COST ${s.cost ?? 'n/a'}), evidence coverage ${s.coverage ?? 'n/a'}%`;
  return {verdict, line: `${head}; gate ${verdict.passed ? 'passed' : `failed: ${verdict.reasons.join('; ')}`}`};
}
