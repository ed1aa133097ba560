/**
 * The Action's inputs, read and checked in one place. Every bad value is an `InputError` whose message names the
 * input, so the step fails with one line the user can act on.
 */
import path from 'node:path';
import * as core from '@actions/core';
import type {Severity} from '../evaluate/policy.js';
import {InputError} from '../errors.js';
import {REGION_PATTERN} from '../evaluate/config.js';
import {parseSelection, type RuleSelection, type SelectionNames} from '../evaluate/selection.js';
import {parseSeverity} from '../pipeline.js';

export interface ActionInputs {
  /** A snapshot file; absent means live mode. */
  snapshot?: string;
  /** Live mode: the regions to read (default every enabled region). */
  regions?: string[];
  /** Live mode: a role to assume on top of the credentials in the environment. */
  roleArn?: string;
  policies: string[];
  config?: string;
  pack?: string;
  failOn: Severity | 'none';
  minScore?: number;
  baseline?: string;
  reportDir: string;
  sarifFile: string;
  comment: boolean;
  testPolicies: boolean;
  githubToken?: string;
  /** `rules`, `exclude-rules`, `severity`, `pillar`, `services`: narrows the rules without a config file. */
  selection?: RuleSelection;
  /** Plan JSON files or globs: the change to judge (`trailwise plan`). */
  terraformPlan: string[];
  /** Templates, globs or cdk.out folders: the change to judge. */
  cloudformation: string[];
  /** The account as it is, for a change: a snapshot file, or `live` to read it; absent: the change alone. */
  baseSnapshot?: string;
  /** `new` (default): only what the change newly fails gates; `all`: every failing finding after it. */
  gate: 'new' | 'all';
  accountId?: string;
  /** Where the .tf files are, to point findings at their blocks (default: the workspace). */
  sourceDir?: string;
}

/** The selection inputs, as error messages name them. */
export const SELECTION_INPUT_NAMES: SelectionNames = {
  rules: 'input "rules"',
  excludeRules: 'input "exclude-rules"',
  severity: 'input "severity"',
  pillar: 'input "pillar"',
  services: 'input "services"',
};

/** Splits a list input written one per line or comma-separated; blank entries and `#` comments are dropped. */
export function listInput(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** Reads a boolean input the way YAML 1.2 writes one; anything else is the user's mistake. */
export function booleanInput(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new InputError(`input "${name}": expected true or false, got "${value}"`);
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const REGION = new RegExp(REGION_PATTERN);

/** The inputs, validated, from `INPUT_*` (through @actions/core). */
export function readInputs(get: (name: string) => string = (name) => core.getInput(name)): ActionInputs {
  const snapshot = get('snapshot').trim() || undefined;
  const regionsRaw = get('regions').trim();
  const roleArn = get('role-arn').trim() || undefined;
  if (snapshot && (regionsRaw || roleArn)) {
    throw new InputError('inputs "snapshot" and "regions"/"role-arn" exclude each other: give a snapshot file, or leave it out to read the live account');
  }
  const regions = regionsRaw ? listInput(regionsRaw) : undefined;
  const badRegion = regions?.find((r) => !REGION.test(r));
  if (badRegion) throw new InputError(`input "regions": "${badRegion}" is not a region name (e.g. eu-west-1)`);
  if (roleArn && !ROLE_ARN.test(roleArn)) throw new InputError(`input "role-arn": "${roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`);

  const minScoreRaw = get('min-score').trim();
  let minScore: number | undefined;
  if (minScoreRaw) {
    minScore = Number(minScoreRaw);
    if (!Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
      throw new InputError(`input "min-score": expected a number from 0 to 100, got "${minScoreRaw}"`);
    }
  }
  const reportDir = get('report-dir').trim() || 'trailwise-report';
  const terraformPlan = listInput(get('terraform-plan'));
  const cloudformation = listInput(get('cloudformation'));
  if (terraformPlan.length && cloudformation.length) throw new InputError('inputs "terraform-plan" and "cloudformation" exclude each other: judge one kind of change per step');
  const baseSnapshot = get('base-snapshot').trim() || undefined;
  if (baseSnapshot && !terraformPlan.length && !cloudformation.length) throw new InputError('input "base-snapshot" is for a change: give "terraform-plan" or "cloudformation" too');
  if (snapshot && (terraformPlan.length || cloudformation.length)) throw new InputError('input "snapshot" is not used for a change: give the account as it is in "base-snapshot"');
  const gateMode = get('gate').trim() || 'new';
  if (gateMode !== 'new' && gateMode !== 'all') throw new InputError(`input "gate": expected new or all, got "${gateMode}"`);
  const accountId = get('account-id').trim() || undefined;
  if (accountId && !/^\d{12}$/.test(accountId)) throw new InputError(`input "account-id": expected 12 digits, got "${accountId}"`);
  return {
    terraformPlan,
    cloudformation,
    baseSnapshot,
    gate: gateMode,
    ...(accountId ? {accountId} : {}),
    ...(get('source-dir').trim() ? {sourceDir: get('source-dir').trim()} : {}),
    snapshot,
    regions,
    roleArn,
    policies: listInput(get('policies')),
    config: get('config').trim() || undefined,
    pack: get('pack').trim() || undefined,
    failOn: parseSeverity(get('fail-on').trim() || 'high', 'input "fail-on"'),
    minScore,
    baseline: get('baseline').trim() || undefined,
    reportDir,
    sarifFile: get('sarif-file').trim() || path.join(reportDir, 'trailwise.sarif'),
    comment: booleanInput('comment', get('comment'), false),
    testPolicies: booleanInput('test-policies', get('test-policies'), false),
    githubToken: get('github-token').trim() || process.env.GITHUB_TOKEN || undefined,
    selection: parseSelection(
      {rules: get('rules'), excludeRules: get('exclude-rules'), severity: get('severity'), pillar: get('pillar'), services: get('services')},
      SELECTION_INPUT_NAMES,
    ),
  };
}
