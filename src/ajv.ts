import {Ajv2020, type ErrorObject, type ValidateFunction} from 'ajv/dist/2020.js';
import addFormatsPkg from 'ajv-formats';
import {InputError} from './errors.js';

// Under NodeNext the default import is typed as the module object.
const addFormats = addFormatsPkg.default;

/** A new ajv instance with trailwise's settings: all errors, strict schemas, standard formats. */
export function createAjv(options: {allErrors?: boolean} = {}): Ajv2020 {
  const ajv = new Ajv2020({allErrors: options.allErrors ?? true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true});
  addFormats(ajv);
  return ajv;
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
