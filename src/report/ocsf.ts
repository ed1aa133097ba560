/**
 * OCSF 1.1 for security data lakes (Amazon Security Lake custom sources, Splunk, Sentinel…): one Compliance Finding
 * (class 2003, category Findings) per finding, as JSON Lines — one event per line, so a lake ingests the file as it
 * streams and a 10,000-account report never becomes one string.
 *
 * Mapping (docs/report-formats.md has the table): the rule is the compliance `control` and the Well-Architected best
 * practices are its `requirements`; trailwise's status becomes `compliance.status_id` (pass → Pass, fail → Fail,
 * error/unknown → Warning, which OCSF defines as "did not yield a result due to missing information"); a suppressed
 * finding keeps Fail with the finding's own `status_id` Suppressed; not_applicable is Other. `finding_info.uid` is
 * the finding's fingerprint, stable across runs, so a lake can follow one finding over time.
 */
import type {Severity} from '../evaluate/policy.js';
import type {Finding, Status} from '../evaluate/types.js';
import {allFindings, type Report} from './report.js';
import {TOOL_VERSION} from '../version.js';

export const OCSF_VERSION = '1.1.0';
export const OCSF_COMPLIANCE_FINDING = {classUid: 2003, categoryUid: 2, activityCreate: 1} as const;

const SEVERITY_ID: Record<Severity, number> = {critical: 5, high: 4, medium: 3, low: 2};
const SEVERITY_NAME: Record<Severity, string> = {critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low'};

/** OCSF `compliance.status_id`: 1 Pass, 2 Warning, 3 Fail, 99 Other. */
const COMPLIANCE_STATUS: Record<Status, {id: number; name: string}> = {
  pass: {id: 1, name: 'Pass'},
  fail: {id: 3, name: 'Fail'},
  suppressed: {id: 3, name: 'Fail'},
  error: {id: 2, name: 'Warning'},
  unknown: {id: 2, name: 'Warning'},
  not_applicable: {id: 99, name: 'Not applicable'},
};

/** The parts of an OCSF Compliance Finding that trailwise writes. */
export interface OcsfComplianceFinding {
  activity_id: number;
  activity_name: string;
  category_uid: number;
  category_name: string;
  class_uid: number;
  class_name: string;
  type_uid: number;
  type_name: string;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  time: number;
  time_dt: string;
  message: string;
  metadata: {version: string; product: {name: string; vendor_name: string; version: string}; event_code: string; profiles: string[]};
  finding_info: {uid: string; title: string; desc: string; types: string[]; created_time: number; created_time_dt: string; product_uid: string};
  compliance: {control: string; standards: string[]; requirements: string[]; status_id: number; status: string; status_detail?: string};
  cloud: {provider: 'AWS'; region?: string; account: {uid: string; type_id: number; type: string}};
  resources: {uid: string; type: string; region?: string; cloud_partition?: string}[];
  remediation: {desc: string};
  unmapped: {pillar: string; trailwise_status: Status; advisory?: boolean; estimated_monthly_cost_usd?: number; suppression?: Finding['suppression']};
}

/** The report-wide values every event repeats, computed once. */
export interface OcsfContext {
  time: number;
  timeDt: string;
  standards: string[];
}

/** The per-report context of the OCSF events: when the evidence was collected and the standards the pack maps to. */
export function ocsfContext(report: Pick<Report, 'snapshot' | 'pack'>): OcsfContext {
  const collected = Date.parse(report.snapshot.collectedAt);
  const time = Number.isFinite(collected) ? collected : 0;
  return {
    time,
    timeDt: new Date(time).toISOString(),
    standards: [report.pack === 'cis-l2' ? 'CIS AWS Foundations Benchmark' : 'AWS Well-Architected Framework'],
  };
}

function partitionOf(resource: string): string | undefined {
  return resource.startsWith('arn:') ? resource.split(':')[1] || undefined : undefined;
}

/** One finding as an OCSF 1.1 Compliance Finding event. */
export function ocsfFinding(finding: Finding, context: OcsfContext): OcsfComplianceFinding {
  const compliance = COMPLIANCE_STATUS[finding.status];
  const region = finding.region === 'global' ? undefined : finding.region;
  const partition = partitionOf(finding.resource);
  const {classUid, categoryUid, activityCreate} = OCSF_COMPLIANCE_FINDING;
  return {
    activity_id: activityCreate,
    activity_name: 'Create',
    category_uid: categoryUid,
    category_name: 'Findings',
    class_uid: classUid,
    class_name: 'Compliance Finding',
    type_uid: classUid * 100 + activityCreate,
    type_name: 'Compliance Finding: Create',
    severity_id: SEVERITY_ID[finding.severity],
    severity: SEVERITY_NAME[finding.severity],
    // The finding's workflow state: new, or suppressed by the configuration (with its justification in `unmapped`).
    status_id: finding.status === 'suppressed' ? 3 : 1,
    status: finding.status === 'suppressed' ? 'Suppressed' : 'New',
    time: context.time,
    time_dt: context.timeDt,
    message: finding.message,
    metadata: {
      version: OCSF_VERSION,
      product: {name: 'trailwise', vendor_name: 'trailwise', version: TOOL_VERSION},
      event_code: finding.ruleId,
      profiles: ['cloud', 'datetime'],
    },
    finding_info: {
      uid: `trailwise-${finding.fingerprint}`,
      title: finding.title,
      desc: finding.message,
      types: [finding.pillar === 'COST' ? 'Cost Optimization' : 'Security'],
      created_time: context.time,
      created_time_dt: context.timeDt,
      product_uid: finding.ruleId,
    },
    compliance: {
      control: finding.ruleId,
      standards: context.standards,
      requirements: finding.bestPractices,
      status_id: compliance.id,
      status: compliance.name,
      ...(finding.status === 'error' || finding.status === 'unknown' ? {status_detail: `trailwise status ${finding.status}: ${finding.message}`} : {}),
    },
    cloud: {provider: 'AWS', ...(region ? {region} : {}), account: {uid: finding.accountId, type_id: 10, type: 'AWS Account'}},
    resources: [{uid: finding.resource, type: finding.resourceType, ...(region ? {region} : {}), ...(partition ? {cloud_partition: partition} : {})}],
    remediation: {desc: finding.remediation},
    unmapped: {
      pillar: finding.pillar,
      trailwise_status: finding.status,
      ...(finding.advisory ? {advisory: true} : {}),
      ...(finding.estimatedMonthlyCostUsd !== undefined ? {estimated_monthly_cost_usd: finding.estimatedMonthlyCostUsd} : {}),
      ...(finding.suppression ? {suppression: finding.suppression} : {}),
    },
  };
}

/** One JSON Lines record: the event and a newline (JSON.stringify escapes every control character). */
export function ocsfLine(finding: Finding, context: OcsfContext): string {
  return `${JSON.stringify(ocsfFinding(finding, context))}\n`;
}

/** The whole report as OCSF JSON Lines. */
export function formatOcsf(report: Report): string {
  const context = ocsfContext(report);
  return Array.from(allFindings(report), (f) => ocsfLine(f, context)).join('');
}
