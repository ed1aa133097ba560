import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import {InputError} from './errors.js';

// Under NodeNext the default import is typed as the module object.
const addFormats = addFormatsPkg.default;

/** A new ajv instance with trailwise's settings: all errors, strict schemas, standard formats. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true});
  addFormats(ajv);
  return ajv;
}

/** Sentences for a failed validation, most specific first: "at /accounts/0/accountId: must match pattern …". */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, limit = 5): string[] {
  if (!errors?.length) return [];
  // if/then/else and anyOf wrappers repeat the real problem in vaguer words; keep the deepest, most concrete errors.
  const concrete = errors.filter((e) => !['if', 'anyOf', 'oneOf', 'then', 'else'].includes(e.keyword));
  const pool = concrete.length ? concrete : errors;
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const sorted = [...pool].sort((a, b) => depth(b) - depth(a));
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of sorted) {
    const line = `at ${e.instancePath || '/'}: ${explain(e)}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
    if (lines.length === limit) break;
  }
  return lines;
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
      return e.message ?? e.keyword;
  }
}

/** Validates `value` and throws an `InputError` naming the file, the JSON pointer and what was expected. */
export function assertValid<T>(validate: ValidateFunction, value: unknown, file: string, what: string): asserts value is T {
  if (validate(value)) return;
  const lines = describeAjvErrors(validate.errors);
  throw new InputError(`${file}: not a valid ${what}:\n  ${lines.join('\n  ')}`, file);
}
