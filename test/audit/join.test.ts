// What the bucket join keeps of the collection's bucket lists: enough to find a bucket's owner without listing again.
import {describe, expect, it} from '@jest/globals';
import {ListedBuckets} from '../../src/audit/join.js';

describe('ListedBuckets', () => {
  it('names the account that listed a bucket as its own, with the region it gave', () => {
    const listed = new ListedBuckets();
    listed.record('222222222222', new Map([['org-trails', 'us-east-1'], ['member-trails', undefined]]));
    expect(listed.has('222222222222')).toBe(true);
    expect(listed.owner('org-trails')).toEqual({accountId: '222222222222', region: 'us-east-1'});
    expect(listed.owner('member-trails')).toEqual({accountId: '222222222222', region: undefined});
    expect(listed.owner('elsewhere')).toBeUndefined();
    expect(listed.has('333333333333')).toBe(false);
  });

  it('counts a denied list as listed (asking again would be denied again), but not a throttled one', () => {
    const listed = new ListedBuckets();
    listed.record('222222222222', {error: {kind: 'AccessDenied', code: 'AccessDenied', message: 'denied', operation: 's3:ListBuckets'}});
    listed.record('333333333333', {error: {kind: 'Throttled', code: 'SlowDown', message: 'slow down', operation: 's3:ListBuckets'}});
    expect(listed.has('222222222222')).toBe(true);
    expect(listed.has('333333333333')).toBe(false);
  });
});
