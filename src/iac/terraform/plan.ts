/**
 * Reads the JSON of a saved Terraform plan (`terraform show -json tfplan`), per Terraform's documented JSON output
 * format (format_version 1.x): `resource_changes` with their actions and before/after values, `after_unknown` and the
 * sensitive markers, `configuration` for provider regions (aliases included) and for the references that tie a
 * value known only after apply to the resource it comes from, and `prior_state` for the account id.
 */
import {readFile} from 'node:fs/promises';
import {posix} from 'node:path';
import {assertValid} from '../../ajv.js';
import {defineValidator} from '../../validators.js';
import {InputError} from '../../errors.js';
import {jsonErrorPosition} from '../../snapshot/load.js';
import {logGroupArn, trailArn} from '../aws-defaults.js';
import {Unresolved, type ChangeAction, type PlannedChange, type PlannedResource, type Values} from '../model.js';

export const PRODUCE_PLAN_JSON = 'terraform plan -out tfplan && terraform show -json tfplan > plan.json';

const ACTIONS = ['no-op', 'create', 'read', 'update', 'delete', 'forget'];

const planSchema = {
  type: 'object',
  required: ['format_version', 'resource_changes'],
  properties: {
    format_version: {type: 'string', pattern: '^1\\.[0-9]+$'},
    terraform_version: {type: 'string'},
    errored: {type: 'boolean'},
    variables: {type: 'object'},
    resource_changes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['address', 'type', 'name', 'change'],
        properties: {
          address: {type: 'string', minLength: 1},
          module_address: {type: 'string'},
          mode: {enum: ['managed', 'data']},
          type: {type: 'string'},
          name: {type: 'string'},
          index: {type: ['string', 'number']},
          provider_name: {type: 'string'},
          change: {
            type: 'object',
            required: ['actions'],
            properties: {
              actions: {type: 'array', minItems: 1, maxItems: 2, items: {enum: ACTIONS}},
              before: {type: ['object', 'null']},
              after: {type: ['object', 'null']},
              after_unknown: {type: ['object', 'boolean']},
              before_sensitive: {type: ['object', 'boolean']},
              after_sensitive: {type: ['object', 'boolean']},
            },
          },
        },
      },
    },
    configuration: {type: 'object'},
    planned_values: {type: 'object'},
    prior_state: {type: 'object'},
  },
};

const validator = defineValidator('terraform-plan', planSchema);

interface RawChange {
  address: string;
  module_address?: string;
  mode?: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  change: {
    actions: string[];
    before?: Values | null;
    after?: Values | null;
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
  };
}

interface RawPlan {
  format_version: string;
  errored?: boolean;
  variables?: Record<string, {value?: unknown}>;
  resource_changes: RawChange[];
  configuration?: {provider_config?: Record<string, ConfigProvider>; root_module?: ConfigModule};
  prior_state?: {values?: StateModuleHolder};
  planned_values?: StateModuleHolder;
}
interface ConfigProvider {
  name?: string;
  alias?: string;
  module_address?: string;
  expressions?: Record<string, Expression>;
}
interface Expression {
  constant_value?: unknown;
  references?: string[];
}
interface ConfigResource {
  address?: string;
  type?: string;
  name?: string;
  provider_config_key?: string;
  expressions?: Record<string, unknown>;
}
interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, {expressions?: Record<string, Expression>; module?: ConfigModule}>;
}
interface StateModuleHolder {
  root_module?: StateModule;
}
interface StateModule {
  resources?: {address?: string; type?: string; mode?: string; values?: Values}[];
  child_modules?: StateModule[];
}

/** What the reader can be told that the plan may not say. */
export interface TerraformReadOptions {
  /** The account, when `--account-id` was given (the plan's own evidence wins when it has one). */
  accountId?: string;
  /** The region for resources whose provider region the plan does not show. */
  region?: string;
}

/** Parses and validates a plan JSON text, with a clear error for a state file, a binary plan or an older format. */
export function parsePlan(text: string, file: string): RawPlan {
  if (text.startsWith('PK')) {
    throw new InputError(`${file}: this is a binary Terraform plan; trailwise reads its JSON: ${PRODUCE_PLAN_JSON}`, file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON${jsonErrorPosition(text, err as Error)}: ${(err as Error).message}. trailwise reads a plan's JSON: ${PRODUCE_PLAN_JSON}`, file);
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (!('resource_changes' in o)) {
    const what =
      typeof o.version === 'number' && 'lineage' in o
        ? 'a Terraform state file'
        : 'values' in o && 'format_version' in o
          ? 'the JSON of a state (terraform show -json without a plan file)'
          : 'not a Terraform plan (no "resource_changes")';
    throw new InputError(`${file}: ${what}; trailwise reads the JSON of a saved plan: ${PRODUCE_PLAN_JSON}`, file);
  }
  if (typeof o.format_version === 'string' && !o.format_version.startsWith('1.')) {
    throw new InputError(
      `${file}: plan JSON format_version ${o.format_version} is not supported (trailwise reads format 1.x, Terraform 1.0 or later): ${PRODUCE_PLAN_JSON}`,
      file,
    );
  }
  assertValid<RawPlan>(validator(), value, file, `Terraform plan JSON (${PRODUCE_PLAN_JSON})`);
  if (value.errored) throw new InputError(`${file}: the plan errored (Terraform could not finish it); fix the plan first`, file);
  return value;
}

function actionOf(actions: string[]): ChangeAction {
  if (actions.length === 2) return 'replace';
  const a = actions[0]!;
  return a === 'forget' ? 'no-op' : (a as ChangeAction);
}

/** `module.a["x"].module.b` → `['a', 'b']`. */
export function modulePathOf(moduleAddress: string | undefined): string[] {
  if (!moduleAddress) return [];
  const names: string[] = [];
  for (const m of moduleAddress.matchAll(/(?:^|\.)module\.([A-Za-z0-9_-]+)/g)) names.push(m[1]!);
  return names;
}

/** The index part of an instance address (`[0]`, `["org"]`), or ''. */
function indexSuffix(index: string | number | undefined): string {
  if (index === undefined) return '';
  return typeof index === 'number' ? `[${index}]` : `[${JSON.stringify(index)}]`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges a value with its unknown and sensitive markers: a leaf marked unknown becomes `Unresolved` ("known only after
 * apply"), a leaf marked sensitive becomes `Unresolved` too — trailwise does not read secrets, so they never reach a
 * report. Linear in the size of the value.
 */
export function withMarkers(value: unknown, unknown: unknown, sensitive: unknown, path: string): unknown {
  if (sensitive === true) return new Unresolved(`${path} is sensitive in the plan and is not read`);
  if (unknown === true) return new Unresolved(`${path} is known only after apply`);
  // Most of a value has no marker below it: it is used as it is, not copied.
  if (!marks(unknown) && !marks(sensitive)) return value;
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const items = Array.isArray(value) ? value : [];
    const length = Math.max(items.length, Array.isArray(unknown) ? unknown.length : 0);
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) {
      out.push(withMarkers(items[i], Array.isArray(unknown) ? unknown[i] : undefined, Array.isArray(sensitive) ? sensitive[i] : undefined, `${path}[${i}]`));
    }
    return out;
  }
  if (isObject(value) || isObject(unknown)) {
    const base = isObject(value) ? value : {};
    const out: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(base), ...(isObject(unknown) ? Object.keys(unknown) : [])])) {
      out[key] = withMarkers(base[key], isObject(unknown) ? unknown[key] : undefined, isObject(sensitive) ? sensitive[key] : undefined, `${path}.${key}`);
    }
    return out;
  }
  return value;
}

/** Whether a marker tree (`after_unknown`, `*_sensitive`) holds a `true` anywhere. */
function marks(tree: unknown): boolean {
  if (tree === true) return true;
  if (Array.isArray(tree)) return tree.some(marks);
  if (isObject(tree)) {
    for (const key in tree) if (marks(tree[key])) return true;
  }
  return false;
}

/** Config-level resources by module path + `type.name`, and module calls by module path. */
class Configuration {
  readonly resources = new Map<string, ConfigResource>();
  readonly moduleCalls = new Map<string, {expressions?: Record<string, Expression>}>();
  /** Module path (`a/b`, '' for the root) → its folder relative to the root module, for local module sources. */
  readonly moduleDirs: Record<string, string> = {'': '.'};

  constructor(root: ConfigModule | undefined) {
    const walk = (module: ConfigModule | undefined, path: string[], dir: string | undefined) => {
      for (const r of module?.resources ?? []) {
        if (r.type && r.name) this.resources.set(`${path.join('/')}|${r.type}.${r.name}`, r);
      }
      for (const [name, call] of Object.entries(module?.module_calls ?? {})) {
        const key = [...path, name].join('/');
        this.moduleCalls.set(key, call);
        const source = (call as {source?: unknown}).source;
        // Only a local source ("./modules/logs") is in the repository; a registry or git module is not.
        const childDir = dir !== undefined && typeof source === 'string' && /^\.\.?\//.test(source) ? posix.normalize(posix.join(dir, source)) : undefined;
        if (childDir !== undefined) this.moduleDirs[key] = childDir;
        walk(call.module, [...path, name], childDir);
      }
    };
    walk(root, [], '.');
  }

  resource(modulePath: string[], type: string, name: string): ConfigResource | undefined {
    return this.resources.get(`${modulePath.join('/')}|${type}.${name}`);
  }
}

const REFERENCE = /^(?:data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]*\])?(?:\.([a-z_][a-z0-9_]*))?/;

interface Instance {
  change: RawChange;
  region?: string;
  modulePath: string[];
  /** Module instance prefix of the address: `module.logs["a"].`. */
  modulePrefix: string;
  after: Values | null;
}

/** Reads a plan JSON file into planned resources. */
export async function readTerraformPlan(file: string, options: TerraformReadOptions = {}): Promise<PlannedChange> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read the plan: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  return terraformPlanChange(parsePlan(text, file), file, options);
}

/** Turns a validated plan into planned resources. */
export function terraformPlanChange(plan: RawPlan, file: string, options: TerraformReadOptions = {}): PlannedChange {
  const config = new Configuration(plan.configuration?.root_module);
  const notes: string[] = [];
  const {accountId, partition} = accountOf(plan, options.accountId);
  const instances = new Map<string, Instance>();
  for (const rc of plan.resource_changes) {
    if (rc.mode === 'data') continue;
    const modulePrefix = rc.module_address ? `${rc.module_address}.` : '';
    const c = rc.change;
    const after = c.after ? (withMarkers(c.after, c.after_unknown, c.after_sensitive, rc.address) as Values) : null;
    const modulePath = modulePathOf(rc.module_address);
    const region = regionOf(plan, config, config.resource(modulePath, rc.type, rc.name), c.after ?? c.before ?? null, options.region);
    instances.set(rc.address, {change: rc, modulePath, modulePrefix, after, region});
  }
  const counted = countedInstances(instances);
  const regions = new Set<string>();
  const resources: PlannedResource[] = [];
  for (const instance of instances.values()) {
    const rc = instance.change;
    const action = actionOf(rc.change.actions);
    const configResource = config.resource(instance.modulePath, rc.type, rc.name);
    const before = rc.change.before ? (withMarkers(rc.change.before, undefined, rc.change.before_sensitive, rc.address) as Values) : null;
    let after = instance.after;
    if (after) after = resolveUnknowns(after, before, action, instance, configResource, instances, counted, config, accountId, partition);
    const region = instance.region;
    if (!region) {
      notes.push(`${rc.address}: the plan does not show its region (pass --region); not judged`);
      continue;
    }
    regions.add(region);
    resources.push({
      source: {kind: 'terraform', address: rc.address, type: rc.type, name: rc.name, modulePath: instance.modulePath},
      type: rc.type,
      action,
      region,
      before: action === 'create' ? null : before,
      after: action === 'delete' ? null : after,
    });
  }
  return {kind: 'terraform', files: [file], resources, ...(accountId ? {accountId} : {}), partition, regions: [...regions].sort(), notes, moduleDirs: config.moduleDirs};
}

/**
 * Unknown top-level values: an argument the configuration does not set is the provider's computed default (absent on
 * create, unchanged on update); one the configuration sets from another resource is resolved from that resource's
 * planned values where the plan has them (a bucket's name for its `id`), else stays `Unresolved` naming the resource.
 */
function resolveUnknowns(
  after: Values,
  before: Values | null,
  action: ChangeAction,
  instance: Instance,
  configResource: ConfigResource | undefined,
  instances: Map<string, Instance>,
  counted: Map<string, string[]>,
  config: Configuration,
  accountId: string | undefined,
  partition: string,
): Values {
  const out: Values = {...after};
  for (const [key, value] of Object.entries(after)) {
    if (!(value instanceof Unresolved) || value.reason.includes('sensitive')) continue;
    const expression = configResource?.expressions?.[key] as Expression | undefined;
    if (configResource && expression === undefined) {
      out[key] = action === 'create' ? null : (before?.[key] ?? null);
      continue;
    }
    const refs = referencesOf(expression, instance.modulePath, config);
    for (const ref of refs) {
      const m = REFERENCE.exec(ref);
      if (!m || ref.startsWith('var.') || ref.startsWith('local.') || ref.startsWith('each.') || ref.startsWith('count.')) continue;
      const target = targetInstance(`${instance.modulePrefix}${m[1]}.${m[2]}`, m[3], instance.change.index, instances, counted);
      if (!target) continue;
      out[key] = attributeOf(target, m[4] ?? 'id', accountId, partition) ?? new Unresolved(`${instance.change.address}.${key} is known only after apply`, target.change.address);
      break;
    }
  }
  return out;
}

/** A configuration expression's references, following `var.x` one module call up. */
function referencesOf(expression: Expression | undefined, modulePath: string[], config: Configuration): string[] {
  const refs = expression?.references ?? [];
  if (!modulePath.length) return refs;
  const out: string[] = [];
  for (const ref of refs) {
    const v = /^var\.([A-Za-z0-9_-]+)/.exec(ref);
    if (!v) {
      out.push(ref);
      continue;
    }
    const call = config.moduleCalls.get(modulePath.join('/'));
    // The variable's value comes from the calling module: its references are relative to that module.
    const passed = call?.expressions?.[v[1]!]?.references ?? [];
    out.push(...passed.map((p) => (modulePath.length > 1 ? p : p)));
  }
  return out;
}

/** The addresses of `count`/`for_each` instances by the address of their resource (`x.y["a"]` under `x.y`). */
function countedInstances(instances: Map<string, Instance>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [address, instance] of instances) {
    const index = instance.change.index;
    // Plans carry `index`; without it, the address's last `[…]` (a key that itself holds "[" is not found this way,
    // and a reference to it stays unresolved).
    const suffix = index !== undefined ? indexSuffix(index) : address.endsWith(']') ? address.slice(address.lastIndexOf('[')) : '';
    if (!suffix || !address.endsWith(suffix)) continue;
    const base = address.slice(0, -suffix.length);
    const list = out.get(base);
    if (list) list.push(address);
    else out.set(base, [address]);
  }
  return out;
}

function targetInstance(
  base: string,
  index: string | undefined,
  referrerIndex: string | number | undefined,
  instances: Map<string, Instance>,
  counted: Map<string, string[]>,
): Instance | undefined {
  if (index !== undefined) return instances.get(`${base}${index}`);
  const exact = instances.get(base);
  if (exact) return exact;
  // A whole counted resource: the instance with the referrer's own key (for_each over the same map), or the only one.
  if (referrerIndex !== undefined) {
    const same = instances.get(`${base}${indexSuffix(referrerIndex)}`);
    if (same) return same;
  }
  const all = counted.get(base) ?? [];
  return all.length === 1 ? instances.get(all[0]!) : undefined;
}

/** An attribute of a planned resource, computed from what is known (a bucket's `id` is its name). */
function attributeOf(target: Instance, attribute: string, accountId: string | undefined, partition: string): unknown {
  const v = target.after ?? {};
  const known = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  const direct = known(v[attribute]);
  if (direct) return direct;
  const type = target.change.type;
  const region = target.region;
  if (type === 'aws_s3_bucket') {
    const name = known(v.bucket);
    if (!name) return undefined;
    return attribute === 'arn' ? `arn:${partition}:s3:::${name}` : name;
  }
  if (type === 'aws_cloudwatch_log_group' || type === 'aws_cloudtrail' || type.startsWith('aws_config_')) {
    const name = known(v.name);
    if (!name) return undefined;
    if (attribute !== 'arn') return name;
    if (!accountId || !region) return undefined;
    return type === 'aws_cloudtrail' ? trailArn(partition, region, accountId, name) : `${logGroupArn(partition, region, accountId, name)}:*`;
  }
  return undefined;
}

const ARN_ACCOUNT = /^arn:(aws[a-z-]*):[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/;

/** The account and partition the plan is for: ARNs in the prior state, `data.aws_caller_identity`, or the flag. */
function accountOf(plan: RawPlan, flag: string | undefined): {accountId?: string; partition: string} {
  let accountId: string | undefined;
  let partition: string | undefined;
  const visit = (module: StateModule | undefined) => {
    for (const r of module?.resources ?? []) {
      const v = r.values ?? {};
      if (r.type === 'aws_caller_identity' && typeof v.account_id === 'string' && /^\d{12}$/.test(v.account_id)) accountId ??= v.account_id;
      if (r.type === 'aws_partition' && typeof v.partition === 'string') partition ??= v.partition;
      const m = typeof v.arn === 'string' ? ARN_ACCOUNT.exec(v.arn) : null;
      if (m) {
        accountId ??= m[2];
        partition ??= m[1];
      }
    }
    for (const child of module?.child_modules ?? []) visit(child);
  };
  visit(plan.prior_state?.values?.root_module);
  // The old values of changed resources are the prior state too.
  visit({resources: plan.resource_changes.map((rc) => ({type: rc.type, values: rc.change.before ?? undefined}))});
  // Data sources read during planning are in the planned values too.
  visit(plan.planned_values?.root_module);
  return {accountId: accountId ?? flag, partition: partition ?? 'aws'};
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The resource's region: its own `region` or ARN, else its provider configuration's, else the fallback. */
function regionOf(plan: RawPlan, config: Configuration, resource: ConfigResource | undefined, values: Values | null, fallback: string | undefined): string | undefined {
  const own = values?.region;
  if (typeof own === 'string' && REGION.test(own)) return own;
  const arnRegion = typeof values?.arn === 'string' ? values.arn.split(':')[3] : undefined;
  if (arnRegion && REGION.test(arnRegion)) return arnRegion;
  const providers = plan.configuration?.provider_config ?? {};
  const key = resource?.provider_config_key;
  const provider = key ? (providers[key] ?? providers[key.slice(key.lastIndexOf(':') + 1)]) : providers.aws;
  const expression = provider?.expressions?.region;
  if (typeof expression?.constant_value === 'string' && REGION.test(expression.constant_value)) return expression.constant_value;
  for (const ref of expression?.references ?? []) {
    const v = /^var\.([A-Za-z0-9_-]+)$/.exec(ref);
    const value = v ? plan.variables?.[v[1]!]?.value : undefined;
    if (typeof value === 'string' && REGION.test(value)) return value;
  }
  return fallback;
}
