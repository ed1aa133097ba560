import {describe, expect, it} from '@jest/globals';
import {createAjv} from '../../src/ajv.js';
import {ruleFunctions} from '../../src/evaluate/functions.js';

const ajv = createAjv();
const denied = {error: {kind: 'AccessDenied' as const, message: 'denied', operation: 'cloudtrail:DescribeTrails'}};
const logging = {isLogging: true};
const count = (options: Record<string, unknown>) => ruleFunctions.count!.prepare({field: 'trails', schema: {properties: {isLogging: {const: true}}}, ...options}, ajv);

describe('count: a marker item stands for a part of the list that could not be read', () => {
  it('"at most one" is not a pass when a region could not be listed, even with no known item', () => {
    expect(count({max: 1})({trails: [denied]}).status).toBe('error');
    expect(count({max: 1})({trails: [logging, denied]}).status).toBe('error');
  });

  it('"at most one" fails when the known items already exceed it', () => {
    expect(count({max: 1})({trails: [logging, logging, denied]}).status).toBe('fail');
  });

  it('"at least two" is open, not a fail, when one is known and a part is unread', () => {
    expect(count({min: 2})({trails: [logging, denied]}).status).toBe('error');
    expect(count({min: 2})({trails: [logging]}).status).toBe('fail');
  });

  it('"at least one" passes on a known item whatever the unread part holds', () => {
    expect(count({min: 1})({trails: [logging, denied]}).status).toBe('pass');
  });

  it('an item whose facts are missing counts as one uncertain item', () => {
    expect(count({max: 1})({trails: [{isLogging: denied}]}).status).toBe('pass');
    expect(count({max: 1})({trails: [logging, {isLogging: denied}]}).status).toBe('error');
  });
});
