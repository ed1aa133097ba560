/**
 * The validators of trailwise's schemas. Each reader defines its own (`defineValidator`: a name, the schema, the ajv
 * settings) next to the schema; `src/schemas.ts` imports every reader so the build sees them all and compiles each
 * to ajv standalone code. The built CLI then validates without compiling a schema at start-up; from the sources
 * (tsx, jest) each validator compiles with ajv on first use, with the same settings, so verdicts and errors are the same.
 *
 * Schemas known only at run time (a policy's `when`, its function's options, its parameters) compile through a
 * `SchemaCompiler`, which uses the build's validator of an identical schema (the built-in policies') when there is one.
 */
import {createHash} from 'node:crypto';
import type {Ajv2020, ValidateFunction} from 'ajv/dist/2020.js';
import {createAjv, settingsKey, type AjvSettings} from './ajv.js';
import {precompiled} from './precompiled-validators.js';

export interface ValidatorDefinition {
  name: string;
  schema: object;
  settings: AjvSettings;
}

const definitions = new Map<string, ValidatorDefinition>();

/** The validators defined so far, by name (all of them once `src/schemas.ts` is loaded). */
export function validatorDefinitions(): ReadonlyMap<string, ValidatorDefinition> {
  return definitions;
}

/** Returns a function that gives the validator of `schema` (the build's, or compiled by ajv on the first call). */
export function defineValidator(name: string, schema: object, settings: AjvSettings = {}): () => ValidateFunction {
  if (definitions.has(name)) throw new Error(`trailwise bug: validator "${name}" is defined twice`);
  definitions.set(name, {name, schema, settings});
  let validate: ValidateFunction | undefined;
  return () => (validate ??= precompiled?.named[name] ?? createAjv(settings).compile(schema));
}

/** Returns the key of a schema compiled with `settings`: a hash of both, the same at build time and at run time. */
export function schemaKey(schema: object, settings: AjvSettings = {}): string {
  return `s${createHash('sha256').update(settingsKey(settings)).update('\0').update(JSON.stringify(schema)).digest('hex').slice(0, 32)}`;
}

/** Compiles schemas known only at run time. */
export interface SchemaCompiler {
  /** Returns the validator of `schema`; throws ajv's error when it is not a valid schema. */
  compile(schema: object): ValidateFunction;
}

/** Every schema a `SchemaCompiler` compiled, while the build records them (see `recordCompiledSchemas`). */
let recorder: ((schema: object, settings: AjvSettings) => void) | undefined;

/**
 * Runs `work` and returns every schema the `SchemaCompiler`s compiled meanwhile, with its settings: the build loads
 * and compiles the built-in policies under it to learn which schemas to generate code for.
 */
export async function recordCompiledSchemas(work: () => Promise<void> | void): Promise<{schema: object; settings: AjvSettings}[]> {
  const seen: {schema: object; settings: AjvSettings}[] = [];
  recorder = (schema, settings) => seen.push({schema, settings});
  try {
    await work();
  } finally {
    recorder = undefined;
  }
  return seen;
}

/**
 * A compiler of run-time schemas with `settings`: the build's validator of an identical schema when there is one (its
 * `schema` property set, as ajv sets it), else ajv's, on one instance created on first need.
 */
export function createSchemaCompiler(settings: AjvSettings = {}): SchemaCompiler {
  let ajv: Ajv2020 | undefined;
  const compiled = new WeakMap<object, ValidateFunction>();
  return {
    compile(schema) {
      recorder?.(schema, settings);
      let validate = compiled.get(schema);
      if (validate) return validate;
      const built = precompiled?.bySchema[schemaKey(schema, settings)];
      if (built) {
        // Standalone code has no `schema`; the three-valued judge walks it. Equal schemas share one function.
        validate = Object.assign(built, {schema});
      } else {
        ajv ??= createAjv(settings);
        validate = ajv.compile(schema);
      }
      compiled.set(schema, validate);
      return validate;
    },
  };
}
