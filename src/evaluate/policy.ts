/**
 * Policies are data: one YAML (or JSON) file per rule in `policies/<family>/`, validated by
 * `schema/policy.schema.json`. A rule names a selector (`given`), an optional applicability filter (`when`) and a
 * function with options (`then`); the default function asserts a JSON Schema on each subject's facts.
 */
import {readdir, readFile} from 'node:fs/promises';
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import YAML from 'yaml';
import {assertLinearPatterns, assertValid} from '../ajv.js';
import {InputError} from '../errors.js';
import {checkFactNames, checkSelector} from './fact-names.js';
import {jsonErrorPosition} from '../snapshot/load.js';
import {SELECTOR_NAMES, type SelectorName} from '../snapshot/normalize.js';
import {createSchemaCompiler, defineValidator} from '../validators.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Pillar = 'SEC04' | 'COST';

export interface Policy {
  id: string;
  title: string;
  severity: Severity;
  pillar: Pillar;
  bestPractices: string[];
  /** The report heading the rule is shown under (e.g. "Network and service logs"); absent: the pillar's. */
  category?: string;
  /** Off unless a pack or the config turns it on. */
  enabled?: boolean;
  /** An advisory (cost) rule: its `fail` is a recommendation, shown as such. */
  advisory?: boolean;
  equivalents?: {cis?: string[]; securityHub?: string[]; awsConfig?: string[]; prowler?: string[]; steampipe?: string[]; checkov?: string[]};
  rationale: string;
  /** `cli` holds commands only (pasteable); what to know before running them goes in `cliNote`. */
  remediation: {summary: string; console?: string; cli?: string; cliNote?: string; terraform?: string};
  parameters?: Record<string, ParameterSpec>;
  given: SelectorName;
  when?: Record<string, unknown>;
  then: {function: string; options: Record<string, unknown>};
  message?: {pass?: string; fail?: string; not_applicable?: string};
  /** A numeric fact holding the subject's estimated monthly cost in USD, reported on failures. */
  costFact?: string;
  /** Where the rule came from (file path), for error messages and SARIF. */
  source?: string;
}

export interface ParameterSpec {
  description: string;
  default: unknown;
  schema: Record<string, unknown>;
}

const ID_PATTERN = '^[a-z0-9]+\\.[a-z0-9]+(-[a-z0-9]+)*$';

/** The schema every policy file must satisfy (published as `schema/policy.schema.json`). */
export const policySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trailwise.dev/schema/policy-1.0.json',
  title: 'trailwise policy',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'severity', 'pillar', 'bestPractices', 'rationale', 'remediation', 'given', 'then'],
  properties: {
    $schema: {type: 'string'},
    id: {type: 'string', pattern: ID_PATTERN},
    title: {type: 'string', minLength: 5},
    severity: {enum: [...SEVERITIES]},
    pillar: {enum: ['SEC04', 'COST']},
    bestPractices: {type: 'array', minItems: 1, items: {type: 'string', pattern: '^[A-Z]{3,4}[0-9]{2}-BP[0-9]{2}$'}},
    category: {type: 'string', minLength: 3, maxLength: 60, pattern: '^[A-Za-z][A-Za-z0-9 ,&/-]*$'},
    enabled: {type: 'boolean'},
    advisory: {type: 'boolean'},
    equivalents: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ['cis', 'securityHub', 'awsConfig', 'prowler', 'steampipe', 'checkov'].map((k) => [k, {type: 'array', items: {type: 'string'}}]),
      ),
    },
    rationale: {type: 'string', minLength: 20},
    remediation: {
      type: 'object',
      additionalProperties: false,
      required: ['summary'],
      properties: {summary: {type: 'string'}, console: {type: 'string'}, cli: {type: 'string'}, cliNote: {type: 'string'}, terraform: {type: 'string'}},
    },
    parameters: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'default', 'schema'],
        properties: {description: {type: 'string'}, default: {}, schema: {type: 'object'}},
      },
    },
    given: {enum: SELECTOR_NAMES},
    when: {type: 'object'},
    then: {
      type: 'object',
      additionalProperties: false,
      required: ['function', 'options'],
      properties: {function: {type: 'string'}, options: {type: 'object'}},
    },
    costFact: {type: 'string'},
    message: {
      type: 'object',
      additionalProperties: false,
      properties: {pass: {type: 'string'}, fail: {type: 'string'}, not_applicable: {type: 'string'}},
    },
  },
} as const;

export interface Pack {
  id: string;
  description: string;
  rules: Record<string, RuleOverride>;
}

export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
  parameters?: Record<string, unknown>;
}

const overrideSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {enabled: {type: 'boolean'}, severity: {enum: [...SEVERITIES]}, parameters: {type: 'object'}},
};

export const packSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trailwise.dev/schema/pack-1.0.json',
  title: 'trailwise pack',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'description', 'rules'],
  properties: {
    $schema: {type: 'string'},
    id: {type: 'string', pattern: '^[a-z0-9-]+$'},
    description: {type: 'string'},
    rules: {type: 'object', additionalProperties: overrideSchema},
  },
} as const;

export {overrideSchema};

const policyValidator = defineValidator('policy', policySchema);
/** Returns the validator of a pack file. */
export const packValidator = defineValidator('pack', packSchema);
/** Compiles the parameters' schemas. */
const parameterSchemas = createSchemaCompiler();

/** The folder of the installed trailwise package (works from `src/` under tsx/jest and from the `dist/` bundle). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'policies', 'packs')) && existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('trailwise: cannot find the built-in policies folder');
    dir = parent;
  }
}

/** The built-in policies folder. */
export function builtinPolicyDir(): string {
  return path.join(packageRoot(), 'policies');
}

/** Parses a YAML or JSON file into a value, with an `InputError` naming the file on a syntax error. */
export async function readDataFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  return parseData(text, file);
}

/** Parses YAML or JSON text (JSON is YAML); the error names the file, line and column. */
export function parseData(text: string, file: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new InputError(`${file}: not valid JSON${jsonErrorPosition(text, err as Error)}: ${(err as Error).message}`, file);
    }
  }
  const doc = YAML.parseDocument(text, {prettyErrors: true});
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new InputError(`${file}: not valid YAML${where}: ${e.message.split('\n')[0]}`, file);
  }
  try {
    // A few aliases are a convenience; thousands are an alias bomb ("billion laughs") that expands without bound.
    return doc.toJS({maxAliasCount: MAX_YAML_ALIASES});
  } catch (err) {
    throw new InputError(`${file}: not usable YAML: ${(err as Error).message.split('\n')[0]} (at most ${MAX_YAML_ALIASES} alias expansions)`, file);
  }
}

/** The alias expansions one YAML file may make (the yaml library's resource-exhaustion guard). */
const MAX_YAML_ALIASES = 50;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, {withFileTypes: true, recursive: true});
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const isPolicyFile = (f: string) => /\.(ya?ml|json)$/.test(f) && !/\.test\.(ya?ml|json)$/.test(f) && !f.includes(`${path.sep}packs${path.sep}`) && !f.includes(`${path.sep}fixtures${path.sep}`) && !/README|reserved/.test(path.basename(f));

/**
 * Validates one parsed policy (schema, parameter defaults, and every fact it names against the facts schema); throws
 * an `InputError` naming the file.
 */
export function checkPolicy(value: unknown, file: string): Policy {
  // A misspelt selector is told with the closest name, before the schema would only list the allowed ones.
  const given = (value as {given?: unknown} | null)?.given;
  if (typeof given === 'string') checkSelector(given, file);
  assertValid<Policy>(policyValidator(), value, file, 'trailwise policy');
  assertLinearPatterns(value, file);
  for (const [name, spec] of Object.entries(value.parameters ?? {})) {
    let validate;
    try {
      validate = parameterSchemas.compile(spec.schema);
    } catch (err) {
      throw new InputError(`${file}: at /parameters/${name}/schema: not a valid JSON Schema: ${(err as Error).message}`, file);
    }
    if (!validate(spec.default)) {
      throw new InputError(`${file}: at /parameters/${name}/default: the default does not match the parameter's schema`, file);
    }
  }
  checkFactNames(value, file);
  return {...value, source: file};
}

/** The rule ids `policies/reserved.yaml` keeps for built-in rules of a later release. */
export async function reservedRuleIds(): Promise<Set<string>> {
  const value = (await readDataFile(path.join(builtinPolicyDir(), 'reserved.yaml'))) as {reserved?: unknown} | null;
  return new Set(Array.isArray(value?.reserved) ? value.reserved.filter((id): id is string => typeof id === 'string') : []);
}

/** Refuses a policy of the user's (outside the built-in folder) that takes an id reserved for a built-in rule. */
export function checkNotReserved(policy: Policy, reserved: Set<string>, file: string): void {
  const builtin = builtinPolicyDir() + path.sep;
  if (reserved.has(policy.id) && !path.resolve(file).startsWith(builtin)) {
    throw new InputError(`${file}: at /id: rule id "${policy.id}" is reserved for a built-in rule (policies/reserved.yaml); give yours a prefix of your own, e.g. "acme.${policy.id.split('.').slice(1).join('.')}"`, file);
  }
}

/** Loads every policy file under `dirs`; ids must be unique across all of them, and not reserved. */
export async function loadPolicies(dirs: string[]): Promise<Policy[]> {
  const policies: Policy[] = [];
  const seen = new Map<string, string>();
  const reserved = await reservedRuleIds();
  for (const dir of dirs) {
    if (!existsSync(dir)) throw new InputError(`${dir}: policy folder does not exist`, dir);
    if (!statSync(dir).isDirectory()) throw new InputError(`${dir}: is a file; policies are read from a folder (name the folder that holds it)`, dir);
    for (const file of (await listFiles(dir)).filter(isPolicyFile)) {
      const policy = checkPolicy(await readDataFile(file), file);
      checkNotReserved(policy, reserved, file);
      const previous = seen.get(policy.id);
      if (previous) throw new InputError(`${file}: at /id: rule id "${policy.id}" is already defined in ${previous}`, file);
      seen.set(policy.id, file);
      policies.push(policy);
    }
  }
  return policies.sort((a, b) => a.id.localeCompare(b.id));
}

/** The packs shipped in `policies/packs/`. */
export async function loadPacks(): Promise<Map<string, Pack>> {
  const dir = path.join(builtinPolicyDir(), 'packs');
  const packs = new Map<string, Pack>();
  for (const file of await listFiles(dir)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const value = await readDataFile(file);
    assertValid<Pack>(packValidator(), value, file, 'trailwise pack');
    packs.set(value.id, value);
  }
  return packs;
}

/** Names the pack or throws an `InputError` listing the known ones. */
export async function loadPack(id: string): Promise<Pack> {
  const packs = await loadPacks();
  const pack = packs.get(id);
  if (!pack) throw new InputError(`unknown pack "${id}": expected one of ${[...packs.keys()].sort().join(', ')}`);
  return pack;
}
