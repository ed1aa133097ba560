/**
 * The infrastructure-code model shared by the Terraform plan reader and the CloudFormation/CDK template reader: each
 * reader turns its source into `PlannedResource`s (one per resource instance, with its values before and after the
 * change), and the mapping layer turns those into snapshot evidence. A value that only AWS will know after the change
 * (Terraform's "known after apply", an intrinsic function that cannot be resolved) is an `Unresolved`, never a guess.
 */

/** What the change does to one resource instance. `replace` is delete-then-create (or create-then-delete). */
export type ChangeAction = 'create' | 'update' | 'delete' | 'replace' | 'no-op' | 'read';

/** Where a planned resource is declared: a Terraform address or a CloudFormation logical id. */
export type SourceRef =
  | {
      kind: 'terraform';
      /** The full instance address, module path included: `module.logs.aws_cloudtrail.main["org"]`. */
      address: string;
      type: string;
      name: string;
      /** Module call names from the root: `module.a.module.b.x.y` → `['a', 'b']`. */
      modulePath: string[];
    }
  | {
      kind: 'cloudformation';
      logicalId: string;
      /** The template file, as given. */
      template: string;
      /** The stack (CDK stack name, or the template's file name). */
      stack: string;
      /** The line of the logical id in the template. */
      line?: number;
    };

/** A value that is not known before the change is applied, with why; `ref` names the resource it comes from. */
export class Unresolved {
  constructor(
    readonly reason: string,
    /** The address (Terraform) or logical id (CloudFormation) of the resource the value comes from, when known. */
    readonly ref?: string,
  ) {}
}

/** Attribute values with `Unresolved` wherever a value is not known before apply. */
export type Values = Record<string, unknown>;

export interface PlannedResource {
  source: SourceRef;
  /** The provider's type: `aws_cloudtrail`, `AWS::CloudTrail::Trail`. */
  type: string;
  action: ChangeAction;
  /** The region the resource lives in (its provider's, or the stack's). */
  region: string;
  /** Values before the change (null when the resource does not exist yet). */
  before: Values | null;
  /** Values after the change (null when the resource is deleted). */
  after: Values | null;
  /** Set when whether the resource will exist cannot be told (a template condition that cannot be evaluated). */
  uncertain?: Unresolved;
}

/** What a reader produced from its input files. */
export interface PlannedChange {
  kind: 'terraform' | 'cloudformation';
  /** The input files, as given. */
  files: string[];
  resources: PlannedResource[];
  /** The account the change is for, when the input says so. */
  accountId?: string;
  partition: string;
  /** Regions the change's providers or stacks are in. */
  regions: string[];
  /** Things the reader could not use, in one line each (shown, never fatal). */
  notes: string[];
  /** Terraform: module path (`a/b`; '' for the root) → its folder relative to the root module, for local modules. */
  moduleDirs?: Record<string, string>;
}

/** The display label of a source: the Terraform address, or `stack/LogicalId`. */
export function sourceLabel(source: SourceRef): string {
  return source.kind === 'terraform' ? source.address : `${source.stack}/${source.logicalId}`;
}
