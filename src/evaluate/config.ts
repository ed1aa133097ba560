/**
 * The user's config file (`trailwise.config.yaml` or `.json`): pack, extra policy folders, per-rule overrides,
 * suppressions and regions to treat as not applicable. Validated by `schema/config.schema.json`.
 */
import path from 'node:path';
import {assertValid} from '../ajv.js';
import {defineValidator} from '../validators.js';
import {overrideSchema, readDataFile, type RuleOverride} from './policy.js';

export interface Suppression {
  /** A rule id. */
  rule: string;
  /** A glob over the finding's resource (`*` matches any run of characters, `/` included). */
  resource?: string;
  account?: string;
  region?: string;
  justification: string;
  /** `YYYY-MM-DD`; from that day on the suppression no longer applies and is reported as expired. */
  expires?: string;
}

export interface TrailwiseConfig {
  pack?: string;
  policies?: string[];
  rules?: Record<string, RuleOverride>;
  suppressions?: Suppression[];
  /** Regions an SCP denies: region-scoped findings there are `not_applicable`. */
  notApplicableRegions?: string[];
  /** Where the config was read from, for messages. */
  source?: string;
}

/** An AWS region name (`eu-west-1`, `us-gov-west-1`, `ap-southeast-5`): a typo such as `eu-west` is refused. */
export const REGION_PATTERN = '^[a-z]{2}(-[a-z]+)+-[0-9]+$';

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://trailwise.dev/schema/config-1.0.json',
  title: 'trailwise config',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: {type: 'string'},
    pack: {type: 'string'},
    policies: {type: 'array', items: {type: 'string'}},
    rules: {type: 'object', additionalProperties: overrideSchema},
    suppressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'justification'],
        properties: {
          rule: {type: 'string'},
          resource: {type: 'string'},
          account: {type: 'string', pattern: '^[0-9]{12}$'},
          region: {type: 'string', pattern: REGION_PATTERN},
          justification: {type: 'string', minLength: 10},
          expires: {type: 'string', format: 'date'},
        },
      },
    },
    notApplicableRegions: {type: 'array', items: {type: 'string', pattern: REGION_PATTERN}},
  },
} as const;

const validateConfig = defineValidator('config', configSchema);

/** Validates a parsed config; throws an `InputError` naming `source`, the JSON pointer and what was expected. */
export function checkConfig(value: unknown, source: string): TrailwiseConfig {
  // YAML reads an unquoted 2027-01-31 as a string here (yaml 1.2 core schema), which `format: date` checks.
  assertValid<TrailwiseConfig>(validateConfig(), value, source, 'trailwise config');
  return {...value, source};
}

/** Reads and validates a config file; relative policy folders are resolved against the config's folder. */
export async function loadConfig(file: string): Promise<TrailwiseConfig> {
  const config = checkConfig(await readDataFile(file), file);
  const base = path.dirname(path.resolve(file));
  return {...config, policies: config.policies?.map((p) => path.resolve(base, p))};
}
