// The progress reducer, without React: events in, state out.
import {describe, expect, it} from '@jest/globals';
import type {CollectionErrorRecord} from '../../../src/snapshot/types.js';
import {AUDIT_EVENTS, DENIED, progressAfter} from './sample.js';
import {
  addNotice,
  describeErrors,
  estimateRemaining,
  logLine,
  progressTotals,
  reduceProgress,
  summaryLine,
} from '../../../src/report/terminal/progress.js';

describe('reduceProgress', () => {
  it('counts accounts and regions done over their totals', () => {
    const t = progressTotals(progressAfter(AUDIT_EVENTS));
    expect(t).toEqual({accountsDone: 0, accountsTotal: 2, regionsDone: 1, regionsKnown: 4, regionsComplete: false});
  });

  it('tracks the service being read in each active region, and drops finished regions', () => {
    const s = progressAfter(AUDIT_EVENTS);
    expect(s.active).toEqual([{accountId: '111111111111', region: 'eu-west-1', service: 'cloudtrail'}]);
  });

  it('counts calls, failed calls, retries and errors', () => {
    const s = progressAfter(AUDIT_EVENTS);
    expect([s.calls, s.failedCalls, s.retries, s.errors]).toEqual([2, 1, 2, 1]);
  });

  it('logs each finished region with its evidence count and errors', () => {
    const s = progressAfter(AUDIT_EVENTS);
    expect(s.log).toEqual([{id: 0, kind: 'region', accountId: '111111111111', region: 'eu-west-3', evidence: 12, errors: [DENIED]}]);
    expect(logLine(s, s.log[0]!)).toBe('! 111111111111 eu-west-3       12 evidence items  AccessDenied on GetEventSelectors');
  });

  it('logs a finished account with its totals, and a failed one with its error', () => {
    const s = progressAfter([
      ...AUDIT_EVENTS,
      {type: 'account-done', accountId: '111111111111', file: 'snapshots/111111111111.json'},
      {type: 'account-start', accountId: '222222222222'},
      {type: 'account-done', accountId: '222222222222', error: {kind: 'AccessDenied', code: 'AccessDenied', message: 'cannot assume role', operation: 'sts:AssumeRole'}},
      {type: 'audit-done', accounts: 2, failed: 1},
    ]);
    const lines = s.log.map((e) => logLine(s, e));
    expect(lines[1]).toBe('■ account 111111111111 (prod): 1 region, 12 evidence items, 1 error → snapshots/111111111111.json');
    expect(lines[2]).toBe('✗ account 222222222222: not audited: AccessDenied on AssumeRole: cannot assume role');
    expect(s.active).toEqual([]);
    expect(s.errors).toBe(2);
    expect(progressTotals(s).accountsDone).toBe(2);
    expect(summaryLine(s, 65_000)).toBe('Collected 2/2 accounts, 1 region: 2 calls, 2 retries, 2 errors in 1m 05s');
  });

  it('says "Stopped after" when the accounts are not all done', () => {
    expect(summaryLine(progressAfter(AUDIT_EVENTS), 5_000)).toMatch(/^Stopped after 0\/2 accounts, 1 region: /);
    expect(summaryLine(progressAfter(AUDIT_EVENTS), 5_000, true)).toMatch(/^Interrupted after 0\/2 accounts/);
  });

  it('never changes the state it is given', () => {
    const before = progressAfter(AUDIT_EVENTS);
    const copy = structuredClone(before);
    reduceProgress(before, {type: 'region-done', accountId: '111111111111', region: 'eu-west-1', evidence: 3, errors: []});
    addNotice(before, 'snapshot written');
    expect(before).toEqual(copy);
  });

  it('a one-account scan without audit-start shows no account column', () => {
    const s = progressAfter([
      {type: 'account-start', accountId: '111111111111'},
      {type: 'region-done', accountId: '111111111111', region: 'us-east-1', evidence: 40, errors: []},
    ]);
    expect(logLine(s, s.log[0]!)).toBe('✓ us-east-1       40 evidence items');
  });
});

describe('estimateRemaining', () => {
  it('is unknown until a region finishes', () => {
    expect(estimateRemaining(progressAfter(AUDIT_EVENTS.slice(0, 5)), 10_000)).toBeUndefined();
  });

  it('extrapolates the time per region to the regions left, assuming undiscovered accounts are average', () => {
    // 1 region in 60 s; 4 known + 4 expected in the second account = 8, so 7 left.
    expect(estimateRemaining(progressAfter(AUDIT_EVENTS), 60_000)).toBe(7 * 60_000);
  });
});

describe('describeErrors', () => {
  it('groups operations by cause and reads the kind rather than the raw code', () => {
    const throttled: CollectionErrorRecord = {kind: 'Throttled', code: 'ThrottlingException', message: 'slow down', operation: 's3:GetBucketPolicy'};
    const other: CollectionErrorRecord = {kind: 'ServiceError', code: 'InternalFailure', message: 'oops'};
    expect(describeErrors([DENIED, {...DENIED, operation: 'cloudtrail:GetInsightSelectors'}, throttled, other])).toBe(
      'AccessDenied on GetEventSelectors, GetInsightSelectors; Throttled on GetBucketPolicy; InternalFailure',
    );
  });
});
