import type {Pillar, Severity} from './policy.js';

export type Status = 'pass' | 'fail' | 'error' | 'unknown' | 'not_applicable' | 'suppressed';
export const STATUSES: Status[] = ['fail', 'error', 'unknown', 'pass', 'suppressed', 'not_applicable'];

/** One rule's verdict on one subject. */
export interface Finding {
  ruleId: string;
  title: string;
  status: Status;
  severity: Severity;
  pillar: Pillar;
  bestPractices: string[];
  advisory?: boolean;
  accountId: string;
  region: string;
  resource: string;
  resourceType: string;
  /** What was found and what was expected, in one line. */
  message: string;
  remediation: string;
  suppression?: {justification: string; expires?: string};
  /** A monthly cost impact estimate, where the rule has one and volumes are known. */
  estimatedMonthlyCostUsd?: number;
  /** Stable across runs: rule id + account + region + resource. */
  fingerprint: string;
  /** Where the resource is declared in infrastructure code (`trailwise plan`): the Terraform address or logical id. */
  source?: FindingSource;
}

/** A Terraform address (module path included) or CloudFormation logical id, and where it is written. */
export interface FindingSource {
  kind: 'terraform' | 'cloudformation';
  /** `module.logs.aws_cloudtrail.main["org"]`, or `Stack/LogicalId`. */
  address: string;
  /** The file that declares it, relative to the repository (set with `--source-dir`). */
  file?: string;
  line?: number;
}

export interface PillarScores {
  overall: number | null;
  sec04: number | null;
  cost: number | null;
  /** Percentage of evaluated checks whose evidence was there (not `error`/`unknown`). */
  coverage: number | null;
}

export interface Score extends PillarScores {
  byAccount: Record<string, PillarScores>;
}

/** A rule as it was applied: after the pack and the config. */
export interface AppliedRule {
  id: string;
  title: string;
  severity: Severity;
  pillar: Pillar;
  bestPractices: string[];
  /** The report heading the rule is shown under; absent: the default ("Failing rules"). */
  category?: string;
  advisory: boolean;
  enabled: boolean;
  parameters: Record<string, unknown>;
  rationale: string;
  remediation: {summary: string; console?: string; cli?: string; cliNote?: string; terraform?: string};
  equivalents: Record<string, string[]>;
  source?: string;
}

export interface EvaluationResult {
  findings: Finding[];
  score: Score;
  rules: AppliedRule[];
  /** Suppressions whose expiry date has passed: they no longer apply. */
  expiredSuppressions: {rule: string; resource?: string; expires: string; justification: string}[];
  /** Suppressions that matched no finding (likely stale). */
  unusedSuppressions: {rule: string; resource?: string}[];
}
