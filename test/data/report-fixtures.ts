// Small builders for reports in formatter tests: every field a formatter reads, with values a test can override.
import type {AppliedRule, Finding} from '../../src/evaluate/types.js';
import {buildReport, type Report} from '../../src/report/report.js';

/** An applied rule with a full remediation. */
export function makeRule(overrides: Partial<AppliedRule> & {id: string}): AppliedRule {
  return {
    title: `Title of ${overrides.id}`,
    severity: 'high',
    pillar: 'SEC04',
    bestPractices: ['SEC04-BP01'],
    advisory: false,
    enabled: true,
    parameters: {},
    rationale: `Why ${overrides.id} matters, in more than twenty characters.`,
    remediation: {
      summary: `Fix ${overrides.id}.`,
      console: 'CloudTrail > Trails > Edit',
      cli: 'aws cloudtrail update-trail --name <trail-name> --enable-log-file-validation',
      terraform: 'resource "aws_cloudtrail" "main" {\n  enable_log_file_validation = true\n}\n',
    },
    equivalents: {securityHub: ['CloudTrail.4']},
    ...overrides,
  };
}

let serial = 0;

/** A finding; the fingerprint is unique unless given. */
export function makeFinding(overrides: Partial<Finding> & {ruleId: string}): Finding {
  serial++;
  return {
    title: `Title of ${overrides.ruleId}`,
    status: 'fail',
    severity: 'high',
    pillar: 'SEC04',
    bestPractices: ['SEC04-BP01'],
    accountId: '111111111111',
    region: 'us-east-1',
    resource: `arn:aws:cloudtrail:us-east-1:111111111111:trail/t${serial}`,
    resourceType: 'AWS::CloudTrail::Trail',
    message: `finding ${serial} failed`,
    remediation: `Fix ${overrides.ruleId}.`,
    fingerprint: `fp${String(serial).padStart(6, '0')}`,
    ...overrides,
  };
}

/** A report over the given rules and findings, with counts computed the way the pipeline does. */
export function makeReport(rules: AppliedRule[], findings: Finding[], file = 'snapshots/prod.json'): Report {
  return buildReport(
    {
      findings,
      rules,
      score: {overall: 42.5, sec04: 40, cost: 80, coverage: 95, byAccount: {}},
      expiredSuppressions: [],
      unusedSuppressions: [],
    },
    {
      file,
      source: 'aws',
      collectedAt: '2026-11-28T10:00:00Z',
      toolVersion: '0.1.0',
      accounts: [{accountId: '111111111111', name: 'prod', regions: 2}],
      regions: ['eu-west-1', 'us-east-1'],
    },
    {pack: 'wa-sec04', generatedAt: '2026-11-28T10:05:00Z'},
  );
}
