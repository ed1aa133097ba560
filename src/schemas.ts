import {configSchema} from './evaluate/config.js';
import {packSchema, policySchema} from './evaluate/policy.js';
import {policyTestSchema} from './evaluate/policy-tests.js';
import {reportSchema} from './report/report-schema.js';
import {snapshotSchema} from './snapshot/schema.js';

/** Every schema trailwise publishes in `schema/`, by file name. */
export function publishedSchemas(): Record<string, object> {
  return {
    'snapshot.schema.json': snapshotSchema,
    'policy.schema.json': policySchema,
    'policy-test.schema.json': policyTestSchema,
    'pack.schema.json': packSchema,
    'config.schema.json': configSchema,
    'report.schema.json': reportSchema,
  };
}
