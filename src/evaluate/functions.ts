/**
 * The built-in rule functions (`then.function`). Each declares a JSON Schema for its options, checked when a policy
 * loads, and returns a checker that is compiled once and run on every subject.
 */
import {dataEventsCoverBucket} from '../snapshot/event-selectors.js';
import {describeMissing, isMissing} from '../snapshot/evidence.js';
import type {TrailFacts} from '../snapshot/normalize.js';
import type {Missing} from '../snapshot/types.js';
import {judge} from './judge.js';
import type {SchemaCompiler} from '../validators.js';

export type Outcome =
  | {status: 'pass'; detail?: string; values?: Record<string, unknown>}
  | {status: 'fail'; detail: string; values?: Record<string, unknown>}
  | {status: 'error' | 'unknown'; detail: string; values?: Record<string, unknown>}
  | {status: 'not_applicable'; detail: string; values?: Record<string, unknown>};

export type Checker = (facts: Record<string, unknown>) => Outcome;

export interface RuleFunction {
  description: string;
  optionsSchema: Record<string, unknown>;
  prepare(options: Record<string, unknown>, schemas: SchemaCompiler): Checker;
}

/** The outcome for evidence that is not there: `error` when collection failed, `unknown` when it is elsewhere. */
export function missingOutcome(missing: Missing): Outcome {
  return {status: 'error' in missing ? 'error' : 'unknown', detail: describeMissing(missing)};
}

const schemaFunction: RuleFunction = {
  description: 'Asserts a JSON Schema on the subject\'s facts.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['schema'],
    properties: {schema: {type: 'object'}},
  },
  prepare(options, schemas) {
    const validate = schemas.compile(options.schema as object);
    return (facts) => {
      const j = judge(validate, facts);
      if (j.kind === 'pass') return {status: 'pass'};
      if (j.kind === 'missing') return missingOutcome(j.missing);
      return {status: 'fail', detail: j.reasons.join('; ')};
    };
  },
};

/**
 * Counts the items of an array fact that satisfy a schema and compares the count with `min`/`max`. Items that can only
 * be judged with missing evidence make the count uncertain by one each; an item that is a `Missing` marker stands for
 * a part of the list that could not be read (a region whose trails could not be listed), so for any number of items.
 * The answer is then `error`/`unknown` unless the known items already decide it.
 */
const countFunction: RuleFunction = {
  description: 'Counts the items of an array fact that match a schema, and bounds the count.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['field'],
    anyOf: [{required: ['min']}, {required: ['max']}],
    properties: {
      field: {type: 'string'},
      schema: {type: 'object'},
      min: {type: 'integer', minimum: 0},
      max: {type: 'integer', minimum: 0},
      /** A fact of each matching item to list in the message (e.g. `arn`). */
      label: {type: 'string'},
    },
  },
  prepare(options, schemas) {
    const validate = options.schema ? schemas.compile(options.schema as object) : undefined;
    const field = options.field as string;
    const min = options.min as number | undefined;
    const max = options.max as number | undefined;
    const label = options.label as string | undefined;
    return (facts) => {
      const list = facts[field];
      if (isMissing(list)) return missingOutcome(list);
      if (!Array.isArray(list)) return {status: 'error', detail: `fact "${field}" is not a list`};
      let known = 0;
      let uncertain: Missing | undefined;
      let uncertainCount = 0;
      let unread = false;
      const matched: string[] = [];
      for (const item of list) {
        unread ||= isMissing(item);
        const j = isMissing(item) ? ({kind: 'missing', missing: item} as const) : validate ? judge(validate, item) : ({kind: 'pass'} as const);
        if (j.kind === 'pass') {
          known++;
          if (label) matched.push(String((item as Record<string, unknown>)[label]));
        } else if (j.kind === 'missing') {
          uncertainCount++;
          if (!uncertain || ('unknown' in uncertain && 'error' in j.missing)) uncertain = j.missing;
        }
      }
      const values = {count: known, matched: matched.join(', ') || 'none', total: list.length};
      const lowOk = min === undefined || known >= min;
      const highOk = max === undefined || known <= max;
      const couldBeLowOk = min === undefined || unread || known + uncertainCount >= min;
      const couldBeHighOk = max === undefined || (!unread && known + uncertainCount <= max);
      if (lowOk && highOk && couldBeHighOk) return {status: 'pass', values};
      if (!couldBeLowOk || !highOk) {
        const expected = min !== undefined && !couldBeLowOk ? `at least ${min}` : `at most ${max}`;
        return {status: 'fail', detail: `${known} matching, expected ${expected}${label && matched.length ? ` (${values.matched})` : ''}`, values};
      }
      return {...missingOutcome(uncertain!), values};
    };
  },
};

/** Every bucket named in `buckets` has its objects' data events logged by a logging trail of the account. */
const dataEventsCoverBuckets: RuleFunction = {
  description: 'Checks that the named S3 buckets are covered by the data-event selectors of a logging trail.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['buckets'],
    properties: {buckets: {type: 'array', items: {type: 'string'}}},
  },
  prepare(options) {
    const buckets = options.buckets as string[];
    return (facts) => {
      if (!buckets.length) return {status: 'not_applicable', detail: 'no sensitive buckets are named (parameter sensitiveBuckets)'};
      const trails = facts.trails as (TrailFacts | Missing)[];
      const uncovered: string[] = [];
      let uncertain: Missing | undefined;
      for (const bucket of buckets) {
        let covered = false;
        for (const t of trails) {
          if (isMissing(t)) {
            uncertain ??= t;
            continue;
          }
          if (isMissing(t.isLogging) || isMissing(t.s3DataEvents)) {
            uncertain ??= isMissing(t.isLogging) ? t.isLogging : (t.s3DataEvents as Missing);
            continue;
          }
          if (t.isLogging && dataEventsCoverBucket(t.s3DataEvents, bucket, t.arn.split(':')[1])) covered = true;
        }
        if (!covered) uncovered.push(bucket);
      }
      const values = {uncovered: uncovered.join(', ')};
      if (!uncovered.length) return {status: 'pass', values};
      if (uncertain) return {...missingOutcome(uncertain), values};
      return {status: 'fail', detail: `no logging trail records data events for ${uncovered.join(', ')}`, values};
    };
  },
};

/** The functions a policy can name in `then.function`. */
export const ruleFunctions: Record<string, RuleFunction> = {
  schema: schemaFunction,
  count: countFunction,
  dataEventsCoverBuckets,
};
