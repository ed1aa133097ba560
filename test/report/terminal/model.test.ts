import {describe, expect, it} from '@jest/globals';
import {
  accountRows,
  adviceFor,
  costImpact,
  failingRules,
  filterChoices,
  incompleteRules,
  isOrgReport,
  widespreadRules,
} from '../../../src/report/terminal/model.js';
import {cycleFilter} from '../../../src/report/terminal/components/FilterBar.js';
import {LOGS, PROD, SANDBOX, accountReport, orgReport} from './sample.js';

describe('failingRules', () => {
  it('lists failing rules worst first: severity, then gate-relevant before advisory, then most failing', () => {
    const groups = failingRules(accountReport());
    expect(groups.map((g) => g.ruleId)).toEqual([
      'ct.region-coverage',
      'ct.log-file-validation',
      's3.trail-bucket-object-lock',
      'ct.kms-encryption',
      'cost.s3-data-events-all-buckets',
    ]);
    expect(groups[0]!.findings.map((f) => f.region)).toEqual(['ap-south-1', 'eu-west-3']);
    expect(groups.every((g) => g.status === 'fail')).toBe(true);
  });

  it('keeps only failures: errors, unknowns and suppressed findings are elsewhere', () => {
    const ids = failingRules(accountReport()).flatMap((g) => g.findings.map((f) => f.status));
    expect(new Set(ids)).toEqual(new Set(['fail']));
  });

  it('filters by severity, pillar and account', () => {
    const report = orgReport();
    expect(failingRules(report, {severity: 'critical'}).map((g) => g.ruleId)).toEqual(['ct.region-coverage']);
    expect(failingRules(report, {accountId: LOGS}).map((g) => g.ruleId)).toEqual(['ct.region-coverage', 'ct.kms-encryption']);
    expect(failingRules(accountReport(), {pillar: 'COST'}).map((g) => g.ruleId)).toEqual(['cost.s3-data-events-all-buckets']);
  });

  it('sums the cost estimates of a rule', () => {
    const cost = failingRules(accountReport()).find((g) => g.pillar === 'COST')!;
    expect(cost.monthlyCostUsd).toBe(1234.5);
    expect(cost.advisory).toBe(true);
  });
});

describe('incompleteRules', () => {
  it('lists errors before unknowns, each with advice', () => {
    const groups = incompleteRules(accountReport());
    expect(groups.map((g) => [g.status, g.ruleId])).toEqual([
      ['error', 'ct.kms-encryption'],
      ['unknown', 'ct.log-file-validation'],
    ]);
    expect(groups[0]!.advice).toMatch(/permissions/);
    expect(groups[1]!.advice).toMatch(/another account/);
  });

  it('advises by the cause named in the message', () => {
    expect(adviceFor('error', ['ThrottlingException on s3:GetBucketPolicy'])).toMatch(/throttled/);
    expect(adviceFor('error', ['NotCollected: interrupted'])).toMatch(/scan again to complete/);
    expect(adviceFor('error', ['Timeout on logs:DescribeLogGroups'])).toMatch(/network/);
    expect(adviceFor('error', ['InternalError'])).toMatch(/AWS returned an error/);
  });
});

describe('costImpact', () => {
  it('sums the estimates of failing findings', () => {
    expect(costImpact(accountReport())).toEqual({monthlyUsd: 1234.5, estimated: 1, costFindings: 1});
  });

  it('is undefined when no volume is known', () => {
    expect(costImpact(orgReport())).toBeUndefined();
  });
});

describe('org view', () => {
  it('sorts accounts lowest score first, the unaudited one on top, with each worst finding', () => {
    const rows = accountRows(orgReport());
    expect(rows.map((r) => r.accountId)).toEqual([SANDBOX, PROD, LOGS]);
    expect(rows[0]!.error).toMatch(/AccessDenied/);
    expect(rows[1]!.worst?.ruleId).toBe('ct.region-coverage');
    expect(rows[1]!.failing).toBe(2);
    expect(rows[2]!.name).toBe('log-archive');
  });

  it('ranks rules by the number of accounts they fail in', () => {
    expect(widespreadRules(orgReport()).map((r) => [r.ruleId, r.accounts])).toEqual([
      ['ct.region-coverage', 2],
      ['s3.trail-bucket-object-lock', 1],
      ['ct.kms-encryption', 1],
    ]);
  });

  it('tells an org report from a one-account report', () => {
    expect(isOrgReport(orgReport())).toBe(true);
    expect(isOrgReport(accountReport())).toBe(false);
  });
});

describe('filter choices', () => {
  it('offers all, then each value present, and cycles both ways', () => {
    const choices = filterChoices(orgReport());
    expect(choices.accountId).toEqual([undefined, PROD, LOGS, SANDBOX]);
    expect(choices.pillar).toEqual([undefined, 'SEC04']);
    const high = cycleFilter(cycleFilter({}, choices, 'severity', 1), choices, 'severity', 1);
    expect(high).toEqual({severity: 'high'});
    expect(cycleFilter({}, choices, 'severity', -1)).toEqual({severity: 'low'});
    expect(cycleFilter({severity: 'low'}, choices, 'severity', 1)).toEqual({});
  });
});
