import {readFileSync} from 'node:fs';
import {evaluateChange} from '../../src/iac/change.js';
import {mapTerraformResource} from '../../src/iac/terraform/map.js';
import {terraformPlanChange} from '../../src/iac/terraform/plan.js';
import {loadRuleSet, type RuleSet} from '../../src/pipeline.js';
import type {Finding} from '../../src/evaluate/types.js';
import type {Snapshot} from '../../src/snapshot/types.js';

let ruleSet: RuleSet | undefined;
/** The built-in rules (loaded once). */
export async function rules(): Promise<RuleSet> {
  ruleSet ??= await loadRuleSet();
  return ruleSet;
}

export const AT = '2026-12-01T12:00:00Z';

/** One `resource_changes` entry as `terraform show -json` writes it. */
export function change(address: string, actions: string[], before: Record<string, unknown> | null, after: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  const m = /^(?:(module\.[^.]+)\.)?([a-z0-9_]+)\.([A-Za-z0-9_]+)(\[.*\])?$/.exec(address)!;
  return {
    address,
    ...(m[1] ? {module_address: m[1]} : {}),
    mode: 'managed',
    type: m[2],
    name: m[3],
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {actions, before, after, after_unknown: {}, before_sensitive: before ? {} : false, after_sensitive: after ? {} : false, ...extra},
  };
}

/** A plan JSON object around resource changes, with the provider in `region`. */
export function planOf(changes: unknown[], region = 'us-east-1', configuration: Record<string, unknown> = {}) {
  return {
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: changes,
    configuration: {provider_config: {aws: {name: 'aws', expressions: {region: {constant_value: region}}}}, ...configuration},
  };
}

export function readFixture(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`../data/iac/${file}`, import.meta.url), 'utf8'));
}

export function snapshotFixture(name: string): Snapshot {
  return JSON.parse(readFileSync(new URL(`../../examples/snapshots/${name}.json`, import.meta.url), 'utf8')) as Snapshot;
}

/** Judges a plan object (alone, or over `base`). */
export async function judgePlan(plan: unknown, options: {base?: Snapshot; accountId?: string; gate?: 'new' | 'all'} = {}) {
  const changeSet = terraformPlanChange(plan as never, 'plan.json', {accountId: options.accountId});
  return evaluateChange(changeSet, mapTerraformResource, {ruleSet: await rules(), base: options.base, gate: options.gate, asOf: AT});
}

/** The findings of a rule, `status resource` each. */
export function statusesOf(findings: Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.status} ${f.region}`);
}
