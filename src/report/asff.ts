/**
 * AWS Security Finding Format (ASFF) for AWS Security Hub, as a custom integration: `ProductArn` is the importing
 * account's own `product/<account>/default`, `GeneratorId` is the rule id, and `Id` is the finding's fingerprint, so
 * the next import updates the same Security Hub finding instead of adding a copy.
 *
 * Status mapping: pass → `Compliance.Status` PASSED, fail → FAILED, error/unknown → WARNING (Security Hub's "could not
 * be checked"), not_applicable → NOT_AVAILABLE. A finding that passes or no longer applies is imported with
 * `RecordState` ARCHIVED, so a resolved finding leaves the active list on the next import; Security Hub itself resets
 * the workflow to NEW when an archived finding becomes active again. `Workflow` is set once, at creation (Security
 * Hub ignores it on later imports from a finding provider): NEW, or SUPPRESSED for a finding the configuration
 * suppresses.
 */
import type {Severity} from '../evaluate/policy.js';
import type {Finding, Status} from '../evaluate/types.js';
import {allFindings, type Report} from './report.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** ASFF field limits (Security Hub rejects longer values; we shorten with an ellipsis). */
const LIMITS = {title: 256, description: 1024, recommendation: 512, productFieldValue: 2048} as const;

const COMPLIANCE: Record<Status, AsffFinding['Compliance']['Status']> = {
  pass: 'PASSED',
  fail: 'FAILED',
  suppressed: 'FAILED',
  error: 'WARNING',
  unknown: 'WARNING',
  not_applicable: 'NOT_AVAILABLE',
};
const LABEL: Record<Severity, AsffFinding['Severity']['Label']> = {critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW'};

/** trailwise resource types → Security Hub's resource types (`Other` where Security Hub has none). */
const RESOURCE_TYPES: Record<string, string> = {
  'AWS::::Account': 'AwsAccount',
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::S3::Bucket': 'AwsS3Bucket',
  'AWS::S3::AccountPublicAccessBlock': 'AwsS3AccountPublicAccessBlock',
  'AWS::EC2::VPC': 'AwsEc2Vpc',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'AwsElbv2LoadBalancer',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'AwsElbLoadBalancer',
  'AWS::WAFv2::WebACL': 'AwsWafv2WebAcl',
  'AWS::EKS::Cluster': 'AwsEksCluster',
  'AWS::ApiGateway::Stage': 'AwsApiGatewayStage',
  'AWS::ApiGatewayV2::Stage': 'AwsApiGatewayV2Stage',
  'AWS::GuardDuty::Detector': 'AwsGuardDutyDetector',
};

/** The fields of an ASFF finding that trailwise sets. */
export interface AsffFinding {
  SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  Id: string;
  ProductArn: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  Severity: {Label: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'; Original: string};
  Title: string;
  Description: string;
  Remediation: {Recommendation: {Text: string}};
  ProductFields: Record<string, string>;
  Resources: {Type: string; Id: string; Partition: 'aws' | 'aws-cn' | 'aws-us-gov'; Region?: string}[];
  Compliance: {Status: 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE'; RelatedRequirements?: string[]; StatusReasons?: {ReasonCode: string; Description: string}[]};
  Workflow: {Status: 'NEW' | 'SUPPRESSED'};
  RecordState: 'ACTIVE' | 'ARCHIVED';
  Note?: {Text: string; UpdatedBy: string; UpdatedAt: string};
}

/** Where the findings are imported: the account and region of the Security Hub that receives them. */
export interface AsffTarget {
  accountId: string;
  region: string;
  partition?: 'aws' | 'aws-cn' | 'aws-us-gov';
  /** When the findings are written (UpdatedAt); CreatedAt is the evidence's collection time. */
  updatedAt: string;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The custom-integration product ARN of an account: findings imported under it belong to that account's hub. */
export function customProductArn(target: Pick<AsffTarget, 'accountId' | 'region' | 'partition'>): string {
  return `arn:${target.partition ?? 'aws'}:securityhub:${target.region}:${target.accountId}:product/${target.accountId}/default`;
}

/** The Security Hub finding id of a trailwise finding: stable across runs, so an import updates it. */
export function asffId(finding: Pick<Finding, 'fingerprint'>): string {
  return `trailwise/${finding.fingerprint}`;
}

/** One finding in ASFF, for import into the target's Security Hub. */
export function asffFinding(finding: Finding, target: AsffTarget, collectedAt: string): AsffFinding {
  const partition = target.partition ?? 'aws';
  const resolved = finding.status === 'pass' || finding.status === 'not_applicable';
  const region = finding.region === 'global' ? undefined : finding.region;
  const fields: Record<string, string> = {
    'trailwise/RuleId': finding.ruleId,
    'trailwise/Status': finding.status,
    'trailwise/Pillar': finding.pillar,
    'trailwise/Fingerprint': finding.fingerprint,
  };
  if (finding.advisory) fields['trailwise/Advisory'] = 'true';
  if (finding.estimatedMonthlyCostUsd !== undefined) fields['trailwise/EstimatedMonthlyCostUsd'] = String(finding.estimatedMonthlyCostUsd);
  if (finding.suppression) fields['trailwise/SuppressionJustification'] = shorten(finding.suppression.justification, LIMITS.productFieldValue);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(finding),
    ProductArn: customProductArn(target),
    GeneratorId: finding.ruleId,
    AwsAccountId: finding.accountId,
    Types: [
      finding.pillar === 'COST'
        ? 'Software and Configuration Checks/Industry and Regulatory Standards/AWS Well-Architected Cost Optimization'
        : 'Software and Configuration Checks/Industry and Regulatory Standards/AWS Well-Architected SEC04',
    ],
    CreatedAt: collectedAt,
    UpdatedAt: target.updatedAt,
    // Security Hub's own controls report a passed check as INFORMATIONAL; the rule's severity stays in Original.
    Severity: {Label: finding.status === 'pass' ? 'INFORMATIONAL' : LABEL[finding.severity], Original: finding.severity},
    Title: shorten(finding.title, LIMITS.title),
    Description: shorten(finding.message, LIMITS.description),
    Remediation: {Recommendation: {Text: shorten(finding.remediation, LIMITS.recommendation)}},
    ProductFields: fields,
    Resources: [{Type: RESOURCE_TYPES[finding.resourceType] ?? 'Other', Id: finding.resource, Partition: partition, ...(region ? {Region: region} : {})}],
    Compliance: {
      Status: COMPLIANCE[finding.status],
      ...(finding.bestPractices.length ? {RelatedRequirements: finding.bestPractices.slice(0, 32)} : {}),
      ...(finding.status === 'error' || finding.status === 'unknown'
        ? {StatusReasons: [{ReasonCode: finding.status === 'error' ? 'EVIDENCE_NOT_COLLECTED' : 'EVIDENCE_OUTSIDE_AUDIT', Description: shorten(finding.message, LIMITS.description)}]}
        : {}),
    },
    Workflow: {Status: finding.status === 'suppressed' ? 'SUPPRESSED' : 'NEW'},
    RecordState: resolved ? 'ARCHIVED' : 'ACTIVE',
  };
}

/** The target a report is written for when no Security Hub is named: each finding's own account, us-east-1. */
export function defaultAsffTarget(report: Pick<Report, 'generatedAt'>, accountId: string, region = 'us-east-1'): AsffTarget {
  return {accountId, region, updatedAt: report.generatedAt};
}

/**
 * The whole report as an ASFF JSON array — the shape `aws securityhub batch-import-findings --findings file://…`
 * takes (in batches of 100) and Prowler writes — each finding under its own account's custom product and region.
 */
export function formatAsff(report: Report): string {
  const findings = [...allFindings(report)];
  if (!findings.length) return '[]\n';
  const items = findings.map((f) => JSON.stringify(asffFinding(f, defaultAsffTarget(report, f.accountId, regionOf(f)), report.snapshot.collectedAt)));
  return `[\n${items.join(',\n')}\n]\n`;
}

function regionOf(finding: Finding): string {
  return finding.region === 'global' ? 'us-east-1' : finding.region;
}
