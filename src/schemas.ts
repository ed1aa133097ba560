/**
 * Where trailwise's schemas are known: those it publishes in `schema/`, and every validator a reader defines (its
 * module is imported here, so loading this module defines them all), which the build compiles to standalone code.
 * Loaded by the build and the tests, never by the CLI.
 */
import './audit/output.js';
import './iac/cloudformation/read.js';
import './iac/cloudformation/template.js';
import './iac/terraform/plan.js';
import './report/history.js';
import './snapshot/load.js';
import {configSchema} from './evaluate/config.js';
import {packSchema, policySchema} from './evaluate/policy.js';
import {policyTestSchema} from './evaluate/policy-tests.js';
import {reportSchema} from './report/report-schema.js';
import './report/report.js';
import {snapshotSchema} from './snapshot/schema.js';
import {validatorDefinitions, type ValidatorDefinition} from './validators.js';

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

/** Every validator of trailwise's own files (snapshot, policy, pack, config, report, audit manifest, IaC inputs). */
export function namedValidators(): ValidatorDefinition[] {
  return [...validatorDefinitions().values()];
}
