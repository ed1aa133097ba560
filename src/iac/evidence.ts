/**
 * The mapping layer's output: what one planned resource says about the account, in the snapshot's own evidence
 * shapes. The Terraform and CloudFormation mappers both produce these, and one projector (project.ts) applies them to
 * a base snapshot, so the two sources are judged by exactly the same code and rules.
 */
import type {
  AdvancedEventSelector,
  BucketAcl,
  BucketLogging,
  BucketVersioning,
  ConfigurationAggregator,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
  DeliveryChannel,
  EventSelector,
  FlowLog,
  InsightSelector,
  LifecycleRule,
  LoadBalancerV2,
  LogGroup,
  ObjectLockConfiguration,
  PublicAccessBlock,
  ResolverQueryLogConfig,
  TrailDescription,
} from '../snapshot/types.js';
import {Unresolved} from './model.js';

/** The pieces of a bucket's evidence that resources set one at a time (the split `aws_s3_bucket_*` resources). */
export interface BucketPieces {
  objectLock?: ObjectLockConfiguration | null;
  versioning?: BucketVersioning;
  publicAccessBlock?: PublicAccessBlock | null;
  policy?: string | null;
  acl?: BucketAcl;
  encryption?: {Rules?: unknown[]} | null;
  lifecycle?: {Rules: LifecycleRule[]} | null;
  logging?: BucketLogging | null;
}
export type BucketPiece = keyof BucketPieces;
export const BUCKET_PIECES: BucketPiece[] = ['objectLock', 'versioning', 'publicAccessBlock', 'policy', 'acl', 'encryption', 'lifecycle', 'logging'];

/** A bucket's name, or the reason it is not known before apply (a `bucket_prefix`, a reference not yet created). */
export type BucketName = string | Unresolved;

export type Contribution =
  | {
      kind: 'trail';
      region: string;
      name: string | Unresolved;
      /** The trail's ARN when the source has it (an update). */
      arn?: string;
      description: Omit<TrailDescription, 'Name' | 'TrailARN' | 'HomeRegion'>;
      isLogging: boolean | Unresolved;
      selectors: {EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[]} | Unresolved;
      insightSelectors: InsightSelector[] | Unresolved;
      /** Trail facts (normalize.ts `TrailFacts` keys) whose source value is not known before apply. */
      unresolvedFacts: Record<string, Unresolved>;
    }
  | {
      kind: 'bucket';
      region: string;
      name: BucketName;
      /** True for the bucket resource itself (it creates or deletes the bucket), false for a split resource. */
      isBucket: boolean;
      /** The pieces this resource sets; an `Unresolved` piece is known only after apply. */
      pieces: {[P in BucketPiece]?: BucketPieces[P] | Unresolved};
      /** What each piece becomes when this (split) resource is deleted: Terraform's documented destroy behaviour. */
      onDelete?: {[P in BucketPiece]?: BucketPieces[P] | 'keep'};
    }
  | {kind: 'account-public-access-block'; region: string; value: PublicAccessBlock | null}
  | {kind: 'log-group'; region: string; name: string | Unresolved; group: Omit<LogGroup, 'logGroupName'>; unresolvedFacts: Record<string, Unresolved>}
  | {
      kind: 'detector';
      region: string;
      detectorId?: string;
      enabled: boolean | Unresolved;
      features: {Name: string; Status: string}[];
    }
  | {kind: 'detector-feature'; region: string; feature: {Name: string; Status: string | Unresolved}}
  | {kind: 'detector-publishing'; region: string; destinationType: string}
  | {kind: 'detector-organization'; region: string; autoEnableOrganizationMembers: string | Unresolved}
  | {kind: 'detective-graph'; region: string; arn?: string}
  | {kind: 'config-recorder'; region: string; recorder: ConfigurationRecorder}
  | {kind: 'config-recorder-status'; region: string; status: ConfigurationRecorderStatus}
  | {kind: 'config-delivery-channel'; region: string; channel: DeliveryChannel}
  | {kind: 'config-aggregator'; region: string; aggregator: ConfigurationAggregator}
  // Network and service log sources. An id or ARN that is an `Unresolved` is computed by AWS; one with a `ref` names the
  // resource of the same change it comes from, and the projector ties the two through that resource's stand-in id.
  | {kind: 'vpc'; region: string; id: Ref; isDefault: boolean}
  | {kind: 'subnet'; region: string; id: Ref; vpcId: Ref}
  /** Resources that put a network interface in a VPC (NAT gateways, interface endpoints, load balancers…). */
  | {kind: 'network-interfaces'; region: string; subnetIds: Ref[]; vpcId?: Ref}
  | {
      kind: 'flow-log';
      region: string;
      id?: string;
      /** The VPC, subnet or network interface it is attached to. */
      resourceId: Ref;
      log: Omit<FlowLog, 'FlowLogId' | 'ResourceId' | 'LogDestination'>;
      destination?: Ref;
      /** Flow-log facts (vpc.ts `FlowLogFacts` keys) whose source value is not known before apply. */
      unresolvedFacts: Record<string, Unresolved>;
    }
  | {kind: 'resolver-config'; region: string; id: Ref; config: Omit<ResolverQueryLogConfig, 'Id'>}
  | {kind: 'resolver-association'; region: string; id?: string; configId: Ref; vpcId: Ref}
  | {kind: 'load-balancer'; region: string; name: Ref; arn?: string; balancer: Omit<LoadBalancerV2, 'LoadBalancerArn' | 'LoadBalancerName' | 'attributes'>; attributes: {Key: string; Value: string}[] | Unresolved}
  | {kind: 'web-acl'; region: string; scope: WebAclScope; name: Ref; arn?: string}
  | {kind: 'web-acl-logging'; region: string; webAclArn: Ref; destinations: string[] | Unresolved}
  | {kind: 'eks-cluster'; region: string; name: Ref; arn?: string; enabledLogTypes: string[] | Unresolved};

/** An identifier of a resource: known, or computed by AWS (`Unresolved`, naming the resource of the change it is from). */
export type Ref = string | Unresolved;

export type WebAclScope = 'REGIONAL' | 'CLOUDFRONT';

export type ContributionKind = Contribution['kind'];
