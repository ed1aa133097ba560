/**
 * The org audit's own records: what was planned (the manifest, `audit.json` in every audit directory), what the
 * command was asked to do (`AuditOptions`) and what it returns. The snapshot and the report keep their own contracts
 * (`src/snapshot/types.ts`, `src/report/report.ts`); these only say how an audit directory is laid out around them.
 */
import type {AwsCredentialIdentityProvider} from '@smithy/types';
import type {CollectListener} from '../collect/events.js';
import type {TrailwiseConfig} from '../evaluate/config.js';
import type {RuleSelection} from '../evaluate/selection.js';
import type {GateOptions} from '../pipeline.js';
import type {Report} from '../report/report.js';
import type {OrganizationInfo, OrganizationalUnitRef} from '../snapshot/types.js';
import type {CallStats} from './stats.js';

export const AUDIT_MANIFEST_VERSION = 1;
export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
/** Accounts read at once; each reads its regions with the collectors' own concurrency. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;
export const DEFAULT_ACCOUNT_TIMEOUT_MS = 30 * 60 * 1000;
export const DEFAULT_REPORTS_DIR = 'reports';

/** A 1-based share of the accounts: shard `index` of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** An account as the organization lists it (`ListAccounts`). */
export interface OrgAccount {
  id: string;
  name?: string;
  /** The account's organizational unit, when the organization's tree could be read. */
  ou?: OrganizationalUnitRef;
  /** `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION), or the retired `Status`. */
  state: string;
}

/** Why an account of the organization is not in this audit. */
export type SkipReason = 'suspended' | 'closed' | 'pending-closure' | 'pending-activation' | 'excluded' | 'not-selected';

export interface SkippedAccount extends OrgAccount {
  reason: SkipReason;
}

/** What an audited account turned out to be in the organization (also the SARIF run it goes to). */
export type AccountCategory = 'management' | 'log-archive' | 'security-tooling' | 'workload' | 'not-audited';

/** A bucket that trails deliver to and that is owned by another account, and where its evidence was read. */
export interface BucketJoin {
  bucket: string;
  /** The accounts whose trails deliver to it. */
  referencedBy: string[];
  /** The owner found among the organization's accounts; absent when none of them owns it. */
  ownerAccountId?: string;
  /** The account file the evidence was added to (the owner's when it is in this audit, else each referrer's). */
  recordedIn?: string[];
  /** Why the evidence could not be read, when it could not. */
  problem?: string;
}

/** `audit.json`: the plan and outcome of one audit directory (one run, one shard, or a merge). */
export interface AuditManifest {
  kind: 'trailwise-audit';
  manifestVersion: typeof AUDIT_MANIFEST_VERSION;
  toolVersion: string;
  startedAt: string;
  finishedAt?: string;
  /** `running` until the report is written; a directory left `running` can be finished with `--resume`. */
  status: 'running' | 'complete' | 'interrupted';
  organization: OrganizationInfo | null;
  partition: string;
  /** The account whose credentials ran the audit (read with them, not through the role). */
  callerAccountId: string;
  roleName: string;
  /** Whether an external id was used (the id itself is not written down). */
  externalId: boolean;
  regionsRequested?: string[];
  /** Regions read in parallel per account, and the per-account time limit, as asked (kept for `--resume`). */
  regionConcurrency?: number;
  accountTimeoutMs?: number;
  shard?: Shard;
  /** For a merge: the audit directories it combined, and the shards of the matrix that were not among them. */
  mergedFrom?: string[];
  missingShards?: number[];
  /** Every account the organization listed, so a merge can tell which accounts no shard audited. */
  organizationAccounts: OrgAccount[];
  /** The accounts this directory audits (after --accounts, --exclude, the state filter and the shard). */
  targets: OrgAccount[];
  /** Accounts of the organization left out of this directory, and why (other shards are counted, not listed). */
  skipped: SkippedAccount[];
  otherShards: number;
  buckets?: BucketJoin[];
  /** Calls made with the caller's credentials (listing, AssumeRole, the bucket join), over every run of the directory. */
  orgCalls?: CallStats;
  /** Filled when the report is written. */
  outcome?: {
    audited: number;
    failed: number;
    /** Accounts planned here whose snapshot is missing (an interrupted run, a missing shard). */
    missing: string[];
    categories: Record<string, AccountCategory>;
    calls: number;
    retries: number;
    errors: number;
    sarifTruncated?: {category: string; kept: number; dropped: number}[];
  };
}

/** Formats an audit can add to its fixed files (JSON, SARIF, Markdown and HTML are always written). */
export const EXTRA_FORMATS = ['csv', 'ocsf', 'asff'] as const;
export type ExtraFormat = (typeof EXTRA_FORMATS)[number];

export interface AuditOptions {
  /** Formats written beside the fixed files of the run (`--format csv,ocsf,asff`). */
  formats?: ExtraFormat[];
  /** List the organization's accounts (`--org`). Without it, `accounts` must name the accounts. */
  org?: boolean;
  roleName?: string;
  externalId?: string;
  /** `--accounts ID,...|@file`: the raw flag value, or ids. */
  accounts?: string | string[];
  /** `--exclude ID,...|@file`. */
  exclude?: string | string[];
  regions?: string[];
  /** Accounts read in parallel (`--concurrency`). */
  concurrency?: number;
  /** Regions read in parallel within an account (the collectors' concurrency). */
  regionConcurrency?: number;
  /**
   * `--max-calls`: API calls in flight over the whole audit (default: concurrency × regionConcurrency). Start more
   * accounts than this needs (`--concurrency`) and the budget stays full.
   */
  maxCalls?: number;
  /** `--shard I/N`. */
  shard?: string | Shard;
  /** The reports root: `<output>/<UTC timestamp>/` and `<output>/latest` (default `reports`). */
  output?: string;
  /** An audit directory (or a reports root with `latest`) to finish. */
  resume?: string;
  /** `--upload s3://bucket/prefix`. */
  upload?: string;
  /** `--upload-kms-key`: SSE-KMS instead of SSE-S3 for the upload. */
  uploadKmsKeyId?: string;
  endpointUrl?: string;
  profile?: string;
  /** The caller's credentials (tests; otherwise the profile or the default chain). */
  credentials?: AwsCredentialIdentityProvider;
  defaultRegion?: string;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** Per account: after this, the account is recorded as `Timeout` and the audit goes on. */
  accountTimeoutMs?: number;
  /** Evaluation: the same options as `trailwise scan`. */
  pack?: string;
  policyDirs?: string[];
  config?: string | TrailwiseConfig;
  /** `--rules`, `--severity`…: narrows the rules evaluated. */
  selection?: RuleSelection;
  /** The gate's settings, recorded with its verdict in the report. */
  gate?: GateOptions;
  listener?: CollectListener;
  /** Ctrl-C: accounts not finished are not written, so `--resume` collects them. */
  signal?: AbortSignal;
  /** The clock (tests). */
  now?: () => Date;
}

export interface AuditResult {
  /** The audit directory (`reports/<UTC timestamp>`). */
  dir: string;
  manifest: AuditManifest;
  /** Absent when the run was interrupted before the report. */
  report?: Report;
  files: {snapshot?: string; report?: string; summary?: string; sarif?: string; html?: string; extra?: string[]; manifest: string};
  /** Accounts read in this run, and accounts whose snapshot a resumed run found already written. */
  collected: string[];
  resumed: string[];
  interrupted: boolean;
  /** S3 keys written by `--upload`. */
  uploaded?: string[];
}
