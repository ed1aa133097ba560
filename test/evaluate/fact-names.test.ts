// Fact names in policies are checked against schema/facts.schema.json when a policy is loaded: a typo'd fact is an
// InputError naming the file, the JSON pointer and the closest known name, never a rule that passes silently.
import {describe, expect, it} from '@jest/globals';
import {InputError} from '../../src/errors.js';
import {closestName} from '../../src/evaluate/fact-names.js';
import {builtinPolicyDir, checkPolicy, loadPolicies} from '../../src/evaluate/policy.js';

const FILE = 'policies/x.yaml';

/** A valid policy with `given` and `then` (and anything else) replaced. */
function policy(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'acme.check',
    title: 'A check on the facts',
    severity: 'medium',
    pillar: 'SEC04',
    bestPractices: ['SEC04-BP01'],
    rationale: 'Policies name facts; a name that is not a fact must be refused.',
    remediation: {summary: 'Fix the policy.'},
    given: 'trails',
    then: {function: 'schema', options: {schema: {properties: {isMultiRegion: {const: true}}}}},
    ...fields,
  };
}

function problem(fields: Record<string, unknown>): string {
  try {
    checkPolicy(policy(fields), FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  return 'accepted';
}

describe('fact names are checked when a policy loads', () => {
  it('the issue\'s example: IsMultiRegionTrail for isMultiRegion', () => {
    const schema = {properties: {IsMultiRegionTrail: {const: true}}};
    expect(problem({then: {function: 'schema', options: {schema}}})).toBe(
      'policies/x.yaml: at /then/options/schema/properties/IsMultiRegionTrail: unknown fact "IsMultiRegionTrail" of trails; did you mean "isMultiRegion"?',
    );
  });

  it('a correct policy is accepted', () => {
    expect(problem({})).toBe('accepted');
  });

  it('names in required, in nested objects, and under combinators', () => {
    expect(problem({then: {function: 'schema', options: {schema: {required: ['kmsKeyID']}}}})).toBe(
      'policies/x.yaml: at /then/options/schema/required/0: unknown fact "kmsKeyID" of trails; did you mean "kmsKeyId"?',
    );
    const nested = {properties: {management: {required: ['readWrite'], properties: {noExclusion: {const: true}}}}};
    expect(problem({then: {function: 'schema', options: {schema: nested}}})).toBe(
      'policies/x.yaml: at /then/options/schema/properties/management/properties/noExclusion: unknown fact "noExclusion" of trails.management; did you mean "noExclusions"?',
    );
    const either = {anyOf: [{properties: {isLogging: {const: true}}}, {not: {properties: {isLoging: {const: false}}}}]};
    expect(problem({then: {function: 'schema', options: {schema: either}}})).toMatch(/at \/then\/options\/schema\/anyOf\/1\/not\/properties\/isLoging: unknown fact "isLoging" of trails; did you mean "isLogging"\?$/);
  });

  it('the items of a list fact, and a fact inside evidence that may be a marker', () => {
    const detectors = {given: 'regions', then: {function: 'schema', options: {schema: {properties: {guardDuty: {contains: {properties: {enabld: {const: true}}}}}}}}};
    expect(problem(detectors)).toMatch(/at \/then\/options\/schema\/properties\/guardDuty\/contains\/properties\/enabld: unknown fact "enabld" of regions\.guardDuty\[\]; did you mean "enabled"\?$/);
    const lock = {given: 'trailBuckets', then: {function: 'schema', options: {schema: {properties: {objectLock: {properties: {mode: {const: 'COMPLIANCE'}}}}}}}};
    expect(problem(lock)).toBe('accepted');
  });

  it('when, count\'s field, label and item schema, and costFact', () => {
    expect(problem({when: {properties: {isLoggin: {const: true}}}})).toMatch(/at \/when\/properties\/isLoggin: unknown fact "isLoggin" of trails; did you mean "isLogging"\?$/);
    const count = (options: Record<string, unknown>) => ({given: 'accounts', then: {function: 'count', options: {max: 1, ...options}}});
    expect(problem(count({field: 'trail'}))).toMatch(/at \/then\/options\/field: unknown fact "trail" of accounts; did you mean "trails"\?$/);
    expect(problem(count({field: 'trails', label: 'nam'}))).toMatch(/at \/then\/options\/label: unknown fact "nam" of accounts\.trails\[\]; did you mean "name"\?$/);
    expect(problem(count({field: 'trails', schema: {properties: {insightType: {type: 'array'}}}}))).toMatch(
      /at \/then\/options\/schema\/properties\/insightType: unknown fact "insightType" of accounts\.trails\[\]; did you mean "insightTypes"\?$/,
    );
    const retention = {function: 'schema', options: {schema: {required: ['retentionInDays']}}};
    expect(problem({given: 'logGroups', then: retention, costFact: 'estimatedMonthlyStorageUSD'})).toMatch(/at \/costFact: unknown fact "estimatedMonthlyStorageUSD" of logGroups; did you mean "estimatedMonthlyStorageUsd"\?$/);
  });

  it('a misspelt selector is named with the closest one', () => {
    expect(problem({given: 'trail'})).toBe('policies/x.yaml: at /given: unknown selector "trail" of the normalized snapshot; did you mean "trails"?');
  });

  it('open maps take any key, and their values are checked', () => {
    const copies = (inner: Record<string, unknown>) => ({given: 'regions', then: {function: 'schema', options: {schema: {properties: {managementEventCopies: {additionalProperties: {additionalProperties: {items: inner}}}}}}}});
    expect(problem(copies({properties: {records: {const: true}}}))).toBe('accepted');
    expect(problem(copies({properties: {record: {const: true}}}))).toMatch(/unknown fact "record" of regions\.managementEventCopies\.\*\.\*\[\]; did you mean "records"\?$/);
  });

  it('a parameter stands for names that are checked only once bound', () => {
    expect(problem({given: 'regions', then: {function: 'schema', options: {schema: {properties: {config: {properties: {dailyOverrideTypes: {required: {$param: 'types'}}}}}}}}, parameters: {types: {description: 'types', default: [], schema: {type: 'array'}}}})).toBe('accepted');
  });

  it('no close name: the known ones are listed instead', () => {
    expect(problem({then: {function: 'schema', options: {schema: {properties: {zzzzzzzzzzzz: {}}}}}})).toMatch(/unknown fact "zzzzzzzzzzzz" of trails; known: arn, name, ownerAccountId, /);
  });

  it('every built-in policy names only facts that exist', async () => {
    expect((await loadPolicies([builtinPolicyDir()])).length).toBeGreaterThanOrEqual(40);
  });
});

describe('closestName', () => {
  it('suggests within a bounded distance, case-insensitively', () => {
    expect(closestName('ISLOGGING', ['isLogging', 'name'])).toBe('isLogging');
    expect(closestName('colour', ['isLogging', 'name'])).toBeUndefined();
  });

  it('does not compare a hostile, very long name', () => {
    expect(closestName('a'.repeat(1_000_000), ['a'])).toBeUndefined();
  });
});
