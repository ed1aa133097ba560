/**
 * The validators the build compiled ahead of time (ajv standalone code). From the sources (tsx, jest) there are none
 * and every schema compiles with ajv on first use; `scripts/build.mjs` replaces this module in the bundles with the
 * generated code (see `scripts/standalone-validators.ts`), which gives the same verdicts and the same errors.
 */
import type {ValidateFunction} from 'ajv/dist/2020.js';

export interface PrecompiledValidators {
  /** trailwise's own schemas, by the name given to `defineValidator`. */
  named: Record<string, ValidateFunction>;
  /** Schemas found in the built-in policies (`when`, `then` options, parameters), by `schemaKey`. */
  bySchema: Record<string, ValidateFunction>;
  /** The draft 2020-12 meta-schema, which checks every schema compiled at run time, for `createAjv()`'s settings. */
  metaSchema?: ValidateFunction;
}

export const precompiled = undefined as PrecompiledValidators | undefined;
