import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import {InputError} from './errors.js';
import {compileLinearPattern, linearRegExp} from './linear-regexp.js';
import {precompiled} from './precompiled-validators.js';

export {compileLinearPattern};

// Under NodeNext the default import is typed as the module object.
const addFormats = addFormatsPkg.default;

/** The settings that change what an ajv instance of trailwise's accepts and how it reports it. */
export interface AjvSettings {
  /** Collect every error (default) or stop at the first. */
  allErrors?: boolean;
  /** JavaScript's engine for `pattern` instead of RE2: only for trailwise's own schemas (see `createAjv`). */
  builtinPatternsOnly?: boolean;
}

const META_SCHEMA_ID = 'https://json-schema.org/draft/2020-12/schema';

/** Returns the key that tells apart ajv instances whose compiled validators differ ("all-re2", "first-js"…). */
export function settingsKey(settings: AjvSettings = {}): string {
  return `${(settings.allErrors ?? true) ? 'all' : 'first'}-${settings.builtinPatternsOnly ? 'js' : 're2'}`;
}

/** The settings whose precompiled meta-schema validator the build ships: `createAjv()`'s, which compiles policies. */
export const META_SCHEMA_SETTINGS: AjvSettings = {};

/**
 * A new ajv instance with trailwise's settings: all errors, strict schemas, standard formats, RE2 for `pattern`.
 * `builtinPatternsOnly` keeps JavaScript's engine (faster on large snapshots) for an instance that compiles only
 * trailwise's own schemas, whose patterns are anchored and free of nested repetition. `source` keeps each validator's
 * code for ajv's standalone code (the build); standalone code refers to RE2 by `linearRegExp.code`.
 */
export function createAjv(settings: AjvSettings & {source?: boolean} = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: settings.allErrors ?? true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    code: {
      ...(settings.source ? {source: true, esm: true} : {}),
      ...(settings.builtinPatternsOnly ? {} : {regExp: linearRegExp}),
    },
  });
  addFormats(ajv);
  if (precompiled?.metaSchema && !settings.source && settingsKey(settings) === settingsKey(META_SCHEMA_SETTINGS)) {
    usePrecompiledMetaSchema(ajv, precompiled.metaSchema);
  }
  return ajv;
}

/**
 * Makes `ajv` check schemas against the draft 2020-12 meta-schema with `validate`, the build's standalone code of it
 * (compiled with `META_SCHEMA_SETTINGS`), instead of compiling the meta-schema on the first schema it checks (half a
 * second). ajv reads the meta-schema's validator from its entry, so its verdicts and "schema is invalid" errors stay ajv's.
 */
export function usePrecompiledMetaSchema(ajv: Ajv2020, validate: ValidateFunction): void {
  const meta = ajv.schemas[META_SCHEMA_ID];
  if (meta) meta.validate = validate;
}

/** Sentences for a failed validation, most specific first: "at /accounts/0/accountId: must match pattern …". */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, limit = 8): string[] {
  if (!errors?.length) return [];
  // if/then/else and anyOf wrappers repeat the real problem in vaguer words; keep the concrete errors.
  const concrete = errors.filter((e) => !['if', 'anyOf', 'oneOf', 'then', 'else'].includes(e.keyword));
  const pool = bestBranches(concrete.length ? concrete : errors);
  const lines = [...new Set(pool.map((e) => `at ${e.instancePath || '/'}: ${explain(e)}`))];
  if (lines.length <= limit) return lines;
  return [...lines.slice(0, limit), `… and ${lines.length - limit} more problem(s)`];
}

/**
 * Drops the complaints of `oneOf`/`anyOf` alternatives about a value when another error points deeper inside that
 * value: the deeper one is what the author got wrong, the alternatives' "missing x" are noise.
 */
function bestBranches(errors: ErrorObject[]): ErrorObject[] {
  const inAlternative = (e: ErrorObject) => /(oneOf|anyOf)\/\d+\//.test(e.schemaPath);
  return errors.filter(
    (e) => !inAlternative(e) || !errors.some((other) => other.instancePath.startsWith(`${e.instancePath}/`)),
  );
}

function explain(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required property "${p.missingProperty}"`;
    case 'additionalProperties':
      return `unexpected property "${p.additionalProperty}"`;
    case 'enum':
      return `expected one of ${JSON.stringify(p.allowedValues)}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`;
    case 'type':
      return `expected ${p.type}`;
    default:
      if (e.keyword === 'format') return `expected format "${String(p.format)}"`;
      if (e.keyword === 'pattern') return `expected a value matching ${String(p.pattern)}`;
      return e.message ?? e.keyword;
  }
}

/** Validates `value` and throws an `InputError` naming the file, the JSON pointer and what was expected. */
export function assertValid<T>(validate: ValidateFunction, value: unknown, file: string, what: string): asserts value is T {
  if (validate(value)) return;
  const lines = describeAjvErrors(validate.errors);
  throw new InputError(`${file}: not a valid ${what}:\n  ${lines.join('\n  ')}`, file);
}

/** Keywords whose values are data, not schemas: a `pattern` key inside them is not a pattern. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** Deeper than this, a schema is not a policy author's: it is refused before any recursive walk can overflow. */
const MAX_SCHEMA_DEPTH = 64;

const pointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks every `pattern` and `patternProperties` key in `value` (a policy, or any object holding schemas) with RE2;
 * throws an `InputError` naming the file and the JSON pointer of the first one RE2 cannot run (backreferences,
 * lookaround) or that is not a regular expression at all.
 */
export function assertLinearPatterns(value: unknown, file: string, pointer = ''): void {
  const check = (pattern: string, at: string) => {
    try {
      compileLinearPattern(pattern);
    } catch (err) {
      throw new InputError(
        `${file}: at ${at}: ${JSON.stringify(pattern)} is not a regular expression trailwise can match in linear time ` +
          `(RE2 syntax; backreferences and lookaround are not supported): ${(err as Error).message}`,
        file,
      );
    }
  };
  const walk = (node: unknown, at: string, depth: number): void => {
    if (depth > MAX_SCHEMA_DEPTH) throw new InputError(`${file}: at ${at}: nested more than ${MAX_SCHEMA_DEPTH} levels deep`, file);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}/${i}`, depth + 1));
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      const here = `${at}/${pointerToken(key)}`;
      if (DATA_KEYWORDS.has(key)) continue;
      if (key === 'pattern' && typeof child === 'string') check(child, here);
      if (key === 'patternProperties' && child && typeof child === 'object' && !Array.isArray(child)) {
        for (const name of Object.keys(child)) check(name, `${here}/${pointerToken(name)}`);
      }
      walk(child, here, depth + 1);
    }
  };
  walk(value, pointer, 0);
}
