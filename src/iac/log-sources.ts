/**
 * Network and service log sources (VPCs and their flow logs, Route 53 Resolver query logging, load balancer access
 * logs, WAF logging, EKS control-plane logs) → snapshot evidence, shared by the Terraform and CloudFormation mappers:
 * each mapper reads its own argument names and hands the raw values here, where AWS's defaults for what is absent
 * apply once for both. The defaults, and the documentation each comes from, are listed in docs/iac.md.
 */
import type {Contribution, Ref, WebAclScope} from './evidence.js';
import {Unresolved, type PlannedResource} from './model.js';
import {isUnresolved, known, list, num, str, type Maybe} from './values.js';

type Of<K extends Contribution['kind']> = Extract<Contribution, {kind: K}>;

/** An identifier AWS assigns when the resource is created: the known one (an update), or `Unresolved`. */
export function assignedId(v: unknown, what: string): Ref {
  return str(v) ?? new Unresolved(`${what} is assigned by AWS when it is created`);
}

/** A reference to another resource (a VPC id, a web ACL ARN): its value, or `Unresolved` when absent too. */
function reference(v: unknown, what: string): Ref {
  return str(v) ?? new Unresolved(`${what} is not set`);
}

/** A VPC (`aws_vpc`, `aws_default_vpc`, `AWS::EC2::VPC`). */
export function vpc(r: PlannedResource, id: unknown, isDefault = false): Of<'vpc'>[] {
  return [{kind: 'vpc', region: r.region, id: assignedId(id, 'the VPC id'), isDefault}];
}

/** A subnet, which ties a subnet-level flow log or a network interface to its VPC. */
export function subnet(r: PlannedResource, id: unknown, vpcId: unknown): Of<'subnet'>[] {
  return [{kind: 'subnet', region: r.region, id: assignedId(id, 'the subnet id'), vpcId: reference(vpcId, 'the subnet\'s VPC')}];
}

/**
 * Network interfaces a resource puts in a VPC, given by subnet ids (or the VPC): enough to know the VPC is in use
 * (net.vpc-flow-logs judges only VPCs with a network interface).
 */
export function networkInterfaces(r: PlannedResource, subnetIds: unknown[], vpcId?: unknown): Of<'network-interfaces'>[] {
  const subnets = subnetIds.flatMap((s) => {
    const id = str(s);
    return id === undefined ? [] : [id];
  });
  const vpcRef = vpcId === undefined ? undefined : str(vpcId);
  if (!subnets.length && vpcRef === undefined) return [];
  return [{kind: 'network-interfaces', region: r.region, subnetIds: subnets, ...(vpcRef !== undefined ? {vpcId: vpcRef} : {})}];
}

export interface FlowLogArguments {
  id: unknown;
  /** The VPC, subnet, network interface or transit gateway it is attached to. */
  resourceId: unknown;
  trafficType: unknown;
  destinationType: unknown;
  /** The destination ARN (`log_destination`, `LogDestination`). */
  destination: unknown;
  /** The older way to name a CloudWatch Logs destination (`log_group_name`, `LogGroupName`). */
  logGroupName: unknown;
  maxAggregationInterval: unknown;
  logFormat: unknown;
}

/**
 * A flow log. Defaults: destination type `cloud-watch-logs` (EC2 CreateFlowLogs, the provider's `aws_flow_log` and
 * CloudFormation's `AWS::EC2::FlowLog`), aggregation interval 600 seconds; a traffic type left out is refused by EC2
 * for VPC, subnet and interface flow logs, so none is assumed.
 */
export function flowLog(r: PlannedResource, a: FlowLogArguments): Of<'flow-log'>[] {
  const unresolvedFacts: Record<string, Unresolved> = {};
  const traffic = str(a.trafficType);
  const destinationType = str(a.destinationType) ?? 'cloud-watch-logs';
  const groupName = str(a.logGroupName);
  const interval = num(a.maxAggregationInterval);
  const format = known(str(a.logFormat));
  if (isUnresolved(traffic)) unresolvedFacts.trafficType = traffic;
  if (isUnresolved(destinationType)) unresolvedFacts.destinationType = destinationType;
  const destination = str(a.destination);
  const resourceId = str(a.resourceId) ?? new Unresolved('the flow log names no VPC, subnet or network interface');
  if (isUnresolved(resourceId)) unresolvedFacts.resourceId = resourceId;
  const id = known(str(a.id));
  return [
    {
      kind: 'flow-log',
      region: r.region,
      ...(id ? {id} : {}),
      resourceId,
      log: {
        FlowLogStatus: 'ACTIVE',
        TrafficType: typeof traffic === 'string' ? traffic : '',
        LogDestinationType: typeof destinationType === 'string' ? destinationType : '',
        ...(typeof groupName === 'string' ? {LogGroupName: groupName} : {}),
        MaxAggregationInterval: typeof interval === 'number' ? interval : 600,
        ...(format ? {LogFormat: format} : {}),
      },
      ...(destination !== undefined ? {destination} : isUnresolved(groupName) ? {destination: groupName} : {}),
      unresolvedFacts,
    },
  ];
}

/** A Route 53 Resolver query logging configuration (the destination of the associations). */
export function resolverConfig(r: PlannedResource, id: unknown, name: unknown, destination: unknown): Of<'resolver-config'>[] {
  const n = known(str(name));
  const d = str(destination);
  return [
    {
      kind: 'resolver-config',
      region: r.region,
      id: assignedId(id, 'the query logging configuration id'),
      config: {...(n ? {Name: n} : {}), ...(d !== undefined ? {DestinationArn: isUnresolved(d) ? `(known after apply${d.ref ? `: ${d.ref}` : ''})` : d} : {}), Status: 'CREATED', ShareStatus: 'NOT_SHARED'},
    },
  ];
}

/** A VPC's association with a query logging configuration (ACTIVE once created). */
export function resolverAssociation(r: PlannedResource, id: unknown, configId: unknown, vpcId: unknown): Of<'resolver-association'>[] {
  const existing = known(str(id));
  return [
    {
      kind: 'resolver-association',
      region: r.region,
      ...(existing ? {id: existing} : {}),
      configId: reference(configId, 'the query logging configuration'),
      vpcId: reference(vpcId, 'the associated VPC'),
    },
  ];
}

const LB_TYPES = new Set(['application', 'network', 'gateway']);

export interface LoadBalancerArguments {
  name: unknown;
  arn: unknown;
  /** `application` (the default of both the provider and CloudFormation), `network` or `gateway`. */
  type: unknown;
  /** `internet-facing` (the default) or `internal`. */
  scheme: string;
  /** Whether access logs are on (`Unresolved` when known only after apply); absent means off, ELB's default. */
  accessLogs: Maybe<boolean>;
  bucket: unknown;
  prefix: unknown;
  vpcId?: unknown;
}

/** An Application, Network or Gateway Load Balancer with its access-log attributes. */
export function loadBalancer(r: PlannedResource, a: LoadBalancerArguments): Of<'load-balancer'>[] {
  const type = known(str(a.type)) ?? 'application';
  const arn = known(str(a.arn));
  const bucket = str(a.bucket);
  const prefix = known(str(a.prefix));
  const vpcId = known(str(a.vpcId));
  let attributes: Of<'load-balancer'>['attributes'];
  if (isUnresolved(a.accessLogs)) attributes = a.accessLogs;
  else {
    const bucketName = bucket === undefined ? '' : isUnresolved(bucket) ? `known-after-apply${bucket.ref ? `.${bucket.ref}` : ''}` : bucket;
    attributes = [
      {Key: 'access_logs.s3.enabled', Value: String(a.accessLogs)},
      {Key: 'access_logs.s3.bucket', Value: bucketName},
      {Key: 'access_logs.s3.prefix', Value: prefix ?? ''},
    ];
  }
  return [
    {
      kind: 'load-balancer',
      region: r.region,
      name: str(a.name) ?? new Unresolved('the load balancer name is generated when it is created'),
      ...(arn ? {arn} : {}),
      balancer: {Type: LB_TYPES.has(type) ? type : 'application', Scheme: a.scheme, ...(vpcId ? {VpcId: vpcId} : {})},
      attributes,
    },
  ];
}

/** The value of an ELB attribute given as `{Key, Value}` items (CloudFormation's `LoadBalancerAttributes`). */
export function attributeValue(items: unknown, key: string): unknown {
  const all = list(items);
  if (isUnresolved(all)) return all;
  for (const item of all) {
    if (typeof item !== 'object' || item === null) continue;
    const o = item as Record<string, unknown>;
    if (o.Key === key) return o.Value;
  }
  return undefined;
}

/** A WAF web ACL; scope REGIONAL unless it says CLOUDFRONT (both are required arguments, so rarely absent). */
export function webAcl(r: PlannedResource, name: unknown, scope: unknown, arn: unknown): Of<'web-acl'>[] {
  const s = known(str(scope));
  const a = known(str(arn));
  return [
    {
      kind: 'web-acl',
      region: r.region,
      scope: s?.toUpperCase() === 'CLOUDFRONT' ? 'CLOUDFRONT' : ('REGIONAL' satisfies WebAclScope),
      name: str(name) ?? new Unresolved('the web ACL name is generated when it is created'),
      ...(a ? {arn: a} : {}),
    },
  ];
}

/** A web ACL's logging configuration: the destinations it names (each counts, even one created by the same change). */
export function webAclLogging(r: PlannedResource, webAclArn: unknown, destinations: unknown): Of<'web-acl-logging'>[] {
  const items = list(destinations);
  return [
    {
      kind: 'web-acl-logging',
      region: r.region,
      webAclArn: reference(webAclArn, 'the logged web ACL'),
      destinations: isUnresolved(items) ? items : items.map((d) => (typeof d === 'string' ? d : '(known after apply)')),
    },
  ];
}

/** An EKS cluster with its enabled control-plane log types (none unless listed: EKS turns them all off by default). */
export function eksCluster(r: PlannedResource, name: unknown, arn: unknown, types: Maybe<string[]>): Of<'eks-cluster'>[] {
  const a = known(str(arn));
  return [
    {
      kind: 'eks-cluster',
      region: r.region,
      name: str(name) ?? new Unresolved('the cluster name is generated when it is created'),
      ...(a ? {arn: a} : {}),
      enabledLogTypes: types,
    },
  ];
}

