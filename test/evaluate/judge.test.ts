import {describe, expect, it} from '@jest/globals';
import {createAjv} from '../../src/ajv.js';
import {judge} from '../../src/evaluate/judge.js';

const ajv = createAjv();
const denied = {error: {kind: 'AccessDenied' as const, message: 'denied', operation: 'cloudtrail:GetTrailStatus'}};
const elsewhere = {unknown: {reason: 'owned by another account', ownerAccountId: '111111111111'}};

describe('judge: three-valued over missing evidence', () => {
  const validate = ajv.compile({properties: {isLogging: {const: true}, isMultiRegion: {const: true}}});

  it('passes when every read fact is there and matches', () => {
    expect(judge(validate, {isLogging: true, isMultiRegion: true})).toEqual({kind: 'pass'});
  });

  it('fails on a present fact even when another fact is missing', () => {
    const j = judge(validate, {isLogging: denied, isMultiRegion: false});
    expect(j).toEqual({kind: 'fail', reasons: ['isMultiRegion: expected true, found false']});
  });

  it('is missing — never pass — when the schema reads missing evidence', () => {
    expect(judge(validate, {isLogging: denied, isMultiRegion: true})).toEqual({kind: 'missing', missing: denied});
  });

  it('a missing object read through nested properties is missing, not pass', () => {
    const nested = ajv.compile({properties: {objectLock: {properties: {enabled: {const: true}}}}});
    expect(judge(nested, {objectLock: elsewhere})).toEqual({kind: 'missing', missing: elsewhere});
  });

  it('missing evidence the schema does not read does not matter', () => {
    expect(judge(validate, {isLogging: true, isMultiRegion: true, kmsKeyId: denied})).toEqual({kind: 'pass'});
  });

  it('prefers an error over an unknown when both are read', () => {
    expect(judge(validate, {isLogging: elsewhere, isMultiRegion: denied})).toEqual({kind: 'missing', missing: denied});
  });

  it('says what was expected and what was found', () => {
    const min = ajv.compile({properties: {retentionInDays: {type: 'integer', minimum: 365}}});
    expect(judge(min, {retentionInDays: 30})).toEqual({kind: 'fail', reasons: ['retentionInDays: expected >= 365, found 30']});
  });
});

describe('judge: disjunctions over missing evidence', () => {
  const either = ajv.compile({anyOf: [{properties: {objectLockCompliance: {const: true}}}, {properties: {mfaDelete: {const: true}}}]});

  it('"A or B" with A missing and B false is missing, not fail', () => {
    expect(judge(either, {objectLockCompliance: denied, mfaDelete: false})).toEqual({kind: 'missing', missing: denied});
  });

  it('"A or B" with A missing and B true passes', () => {
    expect(judge(either, {objectLockCompliance: denied, mfaDelete: true})).toEqual({kind: 'pass'});
  });

  it('"A or B" with both present and false fails', () => {
    expect(judge(either, {objectLockCompliance: false, mfaDelete: false}).kind).toBe('fail');
  });

  it('a conjunction inside a disjunction still fails when no missing value could rescue it', () => {
    const s = ajv.compile({anyOf: [{properties: {a: {const: true}, b: {const: true}}, required: ['a', 'b']}]});
    expect(judge(s, {a: denied, b: false}).kind).toBe('fail');
    expect(judge(s, {a: denied, b: true})).toEqual({kind: 'missing', missing: denied});
  });
});

describe('judge: a list with a marker item has an unknown part', () => {
  const listed = {name: 'org-trail'};

  it('maxItems is missing, not pass, when the known items are within it', () => {
    const atMostOne = ajv.compile({properties: {trails: {maxItems: 1}}});
    expect(judge(atMostOne, {trails: [denied]})).toEqual({kind: 'missing', missing: denied});
    expect(judge(atMostOne, {trails: [listed, denied]})).toEqual({kind: 'missing', missing: denied});
  });

  it('maxItems fails when the known items already exceed it', () => {
    const atMostOne = ajv.compile({properties: {trails: {maxItems: 1}}});
    expect(judge(atMostOne, {trails: [listed, {name: 'copy'}, denied]}).kind).toBe('fail');
  });

  it('minItems passes on the known items alone, and is missing otherwise', () => {
    const atLeastOne = ajv.compile({properties: {trails: {minItems: 1}}});
    expect(judge(atLeastOne, {trails: [listed, denied]})).toEqual({kind: 'pass'});
    expect(judge(atLeastOne, {trails: [denied]})).toEqual({kind: 'missing', missing: denied});
  });

  it('uniqueItems fails on a repeat among the known items, and is missing otherwise', () => {
    const unique = ajv.compile({properties: {regions: {uniqueItems: true}}});
    expect(judge(unique, {regions: ['us-east-1', 'us-east-1', denied]}).kind).toBe('fail');
    expect(judge(unique, {regions: ['us-east-1', denied]})).toEqual({kind: 'missing', missing: denied});
  });
});

describe('judge: contains with minContains and maxContains', () => {
  const atMostOneCopy = ajv.compile({properties: {copies: {contains: {properties: {records: {const: true}}, required: ['records']}, minContains: 0, maxContains: 1}}});
  const copy = (records: unknown) => ({name: 'trail', records});

  it('one sure copy and one that may be a copy is missing, not pass', () => {
    expect(judge(atMostOneCopy, {copies: [copy(true), copy(denied)]})).toEqual({kind: 'missing', missing: denied});
  });

  it('at most one copy whatever the missing evidence is passes', () => {
    expect(judge(atMostOneCopy, {copies: [copy(denied)], other: denied})).toEqual({kind: 'pass'});
  });

  it('two sure copies fail whatever else is missing, and the failure names them', () => {
    const j = judge(atMostOneCopy, {copies: [{name: 'org-trail', records: true}, {name: 'team', records: true}, copy(denied)]});
    expect(j).toEqual({kind: 'fail', reasons: ['copies: expected at most 1 matching item(s), among org-trail, team, trail']});
  });

  it('a marker item (an unread part of the list) keeps "at most one" open', () => {
    expect(judge(atMostOneCopy, {copies: [denied]})).toEqual({kind: 'missing', missing: denied});
    expect(judge(atMostOneCopy, {copies: [copy(true), denied]})).toEqual({kind: 'missing', missing: denied});
  });

  it('minContains is decided by the sure items, or by all of them when nothing more could match', () => {
    const atLeastTwo = ajv.compile({properties: {copies: {contains: {properties: {records: {const: true}}}, minContains: 2}}});
    expect(judge(atLeastTwo, {copies: [copy(true), copy(true), copy(denied)]})).toEqual({kind: 'pass'});
    expect(judge(atLeastTwo, {copies: [copy(true), copy(denied)]})).toEqual({kind: 'missing', missing: denied});
    expect(judge(atLeastTwo, {copies: [copy(true), copy(false)], other: denied}).kind).toBe('fail');
  });
});

describe('judge: shared facts, judged by many rules', () => {
  // Facts objects are shared between subjects and rules, and what a judgement works out about one is kept per object:
  // judging must leave the facts as they were, and a second judgement (from what was kept) must answer as a fresh copy.
  const trail = {name: 't', isLogging: denied, selectors: [{readWrite: 'All', resources: ['arn:aws:s3']}, elsewhere], kms: null};
  const facts = {trails: [trail, {name: 'u', isLogging: true, selectors: [], kms: 'key'}], region: 'eu-west-1', trail};
  const schemas = [
    {properties: {trails: {contains: {properties: {isLogging: {const: true}}}}}},
    {properties: {trails: {items: {properties: {isLogging: {const: true}}}}}},
    {properties: {trail: {properties: {selectors: {minItems: 3}}}}},
    {properties: {trail: {properties: {kms: {type: 'string'}}}, region: {const: 'us-east-1'}}},
    {properties: {trails: {items: {properties: {name: {enum: ['t', 'u']}}}}}},
    {anyOf: [{properties: {region: {const: 'eu-west-1'}}}, {properties: {trail: {properties: {isLogging: {const: true}}}}}]},
  ].map((schema) => ajv.compile(schema));

  it('answers the same on the shared object, again, and on a fresh copy, and changes nothing', () => {
    const before = JSON.stringify(facts);
    const first = schemas.map((v) => judge(v, facts));
    const again = schemas.map((v) => judge(v, facts));
    const fresh = schemas.map((v) => judge(v, structuredClone(facts)));
    expect(again).toEqual(first);
    expect(fresh).toEqual(first);
    expect(JSON.stringify(facts)).toBe(before);
    expect(first.map((j) => j.kind)).toEqual(['pass', 'missing', 'missing', 'fail', 'pass', 'pass']);
  });
});
