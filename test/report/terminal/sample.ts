// Small hand-built reports for the terminal components: they do not depend on the rule catalogue.
import type {Pillar, Severity} from '../../../src/evaluate/policy.js';
import type {AppliedRule, Finding, Status} from '../../../src/evaluate/types.js';
import {buildReport, type Report, type SnapshotSummary} from '../../../src/report/report.js';
import {computeScore} from '../../../src/evaluate/score.js';
import type {CollectEvent} from '../../../src/collect/events.js';
import type {CollectionErrorRecord} from '../../../src/snapshot/types.js';
import {initialProgress, reduceProgress, type ProgressState} from '../../../src/report/terminal/progress.js';

export const PROD = '111111111111';
export const LOGS = '222222222222';
export const SANDBOX = '333333333333';

export function rule(id: string, severity: Severity, pillar: Pillar = 'SEC04', extra: Partial<AppliedRule> = {}): AppliedRule {
  return {
    id,
    title: `Title of ${id}`,
    severity,
    pillar,
    bestPractices: [pillar === 'SEC04' ? 'SEC04-BP01' : 'COST05-BP02'],
    advisory: pillar === 'COST',
    enabled: true,
    parameters: {},
    rationale: 'Because the logs are what an investigation starts from.',
    remediation: {summary: `Fix ${id}.`, cli: `aws fix ${id}`},
    equivalents: {},
    ...extra,
  };
}

let serial = 0;

export function finding(r: AppliedRule, status: Status, accountId: string, region: string, extra: Partial<Finding> = {}): Finding {
  serial++;
  return {
    ruleId: r.id,
    title: r.title,
    status,
    severity: r.severity,
    pillar: r.pillar,
    bestPractices: r.bestPractices,
    ...(r.advisory ? {advisory: true} : {}),
    accountId,
    region,
    resource: `arn:aws:cloudtrail:${region}:${accountId}:trail/${r.id}`,
    resourceType: 'AWS::CloudTrail::Trail',
    message: `${r.id} is ${status} in ${region}.`,
    remediation: r.remediation.summary,
    fingerprint: `fp${String(serial).padStart(6, '0')}`,
    ...extra,
  };
}

export const RULES = {
  coverage: rule('ct.region-coverage', 'critical', 'SEC04', {title: 'Every enabled region has a logging trail'}),
  validation: rule('ct.log-file-validation', 'high', 'SEC04', {title: 'Log file integrity validation on every trail'}),
  objectLock: rule('s3.trail-bucket-object-lock', 'high', 'SEC04', {title: 'Object Lock with default retention on the trail bucket'}),
  kms: rule('ct.kms-encryption', 'medium', 'SEC04', {title: 'Trail logs encrypted with KMS (SSE-KMS)'}),
  dataEvents: rule('cost.s3-data-events-all-buckets', 'low', 'COST', {title: 'S3 data events are not logged for every bucket'}),
  insights: rule('ct.insights', 'low', 'SEC04', {title: 'CloudTrail Insights on the primary trail'}),
};

const LONG_ARN = 'arn:aws:s3:::example-organization-central-log-archive-bucket-for-cloudtrail-eu-west-1-20261128';

/** A one-account report with failures of every severity, an error, an unknown and a cost estimate. */
export function accountReport(): Report {
  const r = RULES;
  const findings: Finding[] = [
    finding(r.coverage, 'fail', PROD, 'eu-west-3', {resource: `${PROD}/eu-west-3`, message: 'Region eu-west-3 has no logging trail.'}),
    finding(r.coverage, 'fail', PROD, 'ap-south-1', {resource: `${PROD}/ap-south-1`, message: 'Region ap-south-1 has no logging trail.'}),
    finding(r.coverage, 'pass', PROD, 'eu-west-1'),
    finding(r.validation, 'fail', PROD, 'eu-west-1', {message: 'LogFileValidationEnabled: expected true, found false'}),
    finding(r.objectLock, 'fail', PROD, 'eu-west-1', {resource: LONG_ARN, resourceType: 'AWS::S3::Bucket', message: 'ObjectLockEnabled: expected "Enabled", found nothing'}),
    finding(r.kms, 'fail', PROD, 'eu-west-1', {message: 'KmsKeyId: expected a key, found nothing'}),
    finding(r.kms, 'error', PROD, 'eu-west-3', {message: 'AccessDenied on cloudtrail:GetEventSelectors: User is not authorized'}),
    finding(r.validation, 'unknown', PROD, 'us-east-1', {message: 'The trail bucket is in another account (held by account 999999999999)'}),
    finding(r.dataEvents, 'fail', PROD, 'eu-west-1', {estimatedMonthlyCostUsd: 1234.5, message: 'Data events for all buckets: about 1.2 billion events a month'}),
    finding(r.insights, 'suppressed', PROD, 'eu-west-1', {suppression: {justification: 'Not needed in this account'}}),
    finding(r.insights, 'not_applicable', PROD, 'us-east-1'),
  ];
  const snapshot: SnapshotSummary = {
    file: 'examples/snapshots/neglected-account.json',
    source: 'aws',
    collectedAt: '2026-11-28T10:00:00Z',
    toolVersion: '0.1.0',
    accounts: [{accountId: PROD, name: 'prod', regions: 4}],
    regions: ['ap-south-1', 'eu-west-1', 'eu-west-3', 'us-east-1'],
  };
  return make(findings, snapshot);
}

/** A three-account org report: one account is not audited, one rule fails in two accounts. */
export function orgReport(): Report {
  const r = RULES;
  const findings: Finding[] = [
    finding(r.coverage, 'fail', PROD, 'eu-west-3'),
    finding(r.coverage, 'fail', LOGS, 'eu-west-3'),
    finding(r.coverage, 'pass', LOGS, 'eu-west-1'),
    finding(r.validation, 'pass', PROD, 'eu-west-1'),
    finding(r.validation, 'pass', LOGS, 'eu-west-1'),
    finding(r.kms, 'fail', LOGS, 'eu-west-1'),
    finding(r.objectLock, 'pass', LOGS, 'eu-west-1'),
    finding(r.objectLock, 'fail', PROD, 'eu-west-1'),
    finding(r.coverage, 'error', SANDBOX, 'global', {message: 'Could not be checked: the account was not audited: AccessDenied on sts:AssumeRole: denied'}),
  ];
  const snapshot: SnapshotSummary = {
    source: 'aws',
    collectedAt: '2026-11-28T10:00:00Z',
    toolVersion: '0.1.0',
    accounts: [
      {accountId: PROD, name: 'prod', regions: 2},
      {accountId: LOGS, name: 'log-archive', alias: 'example-log-archive', regions: 2},
      {accountId: SANDBOX, name: 'sandbox', error: 'AccessDenied: cannot assume OrganizationAccountAccessRole', regions: 0},
    ],
    regions: ['eu-west-1', 'eu-west-3'],
  };
  return make(findings, snapshot);
}

/** A one-account report with `n` failing medium rules (`ct.rule-00`…), for scrolling. */
export function manyRulesReport(n: number): Report {
  const report = accountReport();
  const rules = Array.from({length: n}, (_, i) => rule(`ct.rule-${String(i).padStart(2, '0')}`, 'medium'));
  const findings = rules.map((r) => finding(r, 'fail', PROD, 'eu-west-1'));
  return make(findings, report.snapshot, rules);
}

function make(findings: Finding[], snapshot: SnapshotSummary, rules: AppliedRule[] = Object.values(RULES)): Report {
  const result = {findings, score: computeScore(findings, rules), rules, expiredSuppressions: [], unusedSuppressions: []};
  return buildReport(result, snapshot, {pack: 'wa-sec04', generatedAt: '2026-11-28T10:05:00Z'});
}

/** Returns true when `text` holds an ANSI escape sequence. */
export function hasEscapes(text: string): boolean {
  return text.includes('\u001b[');
}

/** The two widths every component is checked at. */
export const WIDTHS = [80, 120] as const;

export const DENIED: CollectionErrorRecord = {
  kind: 'AccessDenied',
  code: 'AccessDeniedException',
  message: 'User is not authorized to perform cloudtrail:GetEventSelectors',
  operation: 'cloudtrail:GetEventSelectors',
};

/** Two accounts; the first is half done: eu-west-3 finished with an error, eu-west-1 is reading CloudTrail. */
export const AUDIT_EVENTS: CollectEvent[] = [
  {type: 'audit-start', accounts: 2},
  {type: 'account-start', accountId: '111111111111', label: 'prod'},
  {type: 'regions-discovered', accountId: '111111111111', regions: ['eu-west-1', 'eu-west-3', 'us-east-1', 'ap-south-1'], skipped: ['me-south-1']},
  {type: 'region-start', accountId: '111111111111', region: 'eu-west-1'},
  {type: 'service-start', accountId: '111111111111', region: 'eu-west-1', service: 'cloudtrail'},
  {type: 'region-start', accountId: '111111111111', region: 'eu-west-3'},
  {type: 'service-start', accountId: '111111111111', region: 'eu-west-3', service: 's3'},
  {type: 'call', accountId: '111111111111', region: 'eu-west-1', operation: 'cloudtrail:DescribeTrails', retries: 2, ok: true},
  {type: 'call', accountId: '111111111111', region: 'eu-west-3', operation: 'cloudtrail:GetEventSelectors', retries: 0, ok: false},
  {type: 'evidence-error', accountId: '111111111111', region: 'eu-west-3', error: DENIED},
  {type: 'region-done', accountId: '111111111111', region: 'eu-west-3', evidence: 12, errors: [DENIED]},
];

export function progressAfter(events: CollectEvent[], start = 0): ProgressState {
  return events.reduce(reduceProgress, initialProgress(start));
}

