/**
 * The projector's part for network and service log sources: VPCs with their subnets, network interfaces, flow logs
 * and Resolver query log associations, load balancers, WAF web ACLs and their logging, EKS clusters. Identities: a VPC,
 * subnet or flow log by id (a flow log without one by what it is attached to, its traffic type and destination, the
 * key EC2 refuses duplicates on), a Resolver configuration by id, an association by id or by VPC and configuration, a
 * load balancer by ARN or name + region, a web ACL by ARN or name + scope + region, a cluster by name + region. An id
 * AWS assigns on creation is the resource's stand-in (`known-after-apply.<address>`), which is also what a reference to
 * it from the same change resolves to, so a flow log names the VPC planned next to it.
 */
import {isMissing, isUnavailable, unknownEvidence} from '../snapshot/evidence.js';
import {recordsRejectedTraffic} from '../snapshot/network.js';
import type {
  EksCluster,
  EksEvidence,
  Evidence,
  FlowLog,
  LoadBalancerEvidence,
  LoadBalancerV2,
  Missing,
  RegionSnapshot,
  ResolverQueryLoggingEvidence,
  Vpc,
  VpcEvidence,
  WafScopeEvidence,
  Wafv2Evidence,
} from '../snapshot/types.js';
import type {Contribution, ContributionKind, Ref} from './evidence.js';
import {sourceLabel, Unresolved, type ChangeAction, type SourceRef} from './model.js';
import {isUnresolved} from './values.js';

export const LOG_SOURCE_KINDS = ['vpc', 'subnet', 'network-interfaces', 'flow-log', 'resolver-config', 'resolver-association', 'load-balancer', 'web-acl', 'web-acl-logging', 'eks-cluster'] as const;
export type LogSourceKind = (typeof LOG_SOURCE_KINDS)[number];
type LogSource = Extract<Contribution, {kind: LogSourceKind}>;
type Of<K extends LogSourceKind> = Extract<Contribution, {kind: K}>;

/** What the log-source projector needs from the projector that owns the account. */
export interface ProjectorHost {
  accountId: string;
  partition: string;
  absentReason: string;
  region(name: string): RegionSnapshot;
  cite(resource: string | undefined, source: SourceRef, kind: ContributionKind, region: string): void;
  override(resource: string, facts: Record<string, Unresolved>): void;
  notes: string[];
}

const AFTER_APPLY = 'known only after apply';
const STAND_IN = 'known-after-apply';

/** A list evidence's items, or undefined when it is a marker. */
const itemsOf = <T>(e: Evidence<T[]> | undefined): T[] | undefined => (Array.isArray(e) ? e : undefined);

// Each list's positions by key, so that adding thousands of resources of one kind stays linear. A list is only ever
// replaced (filtered into a new array) or added to through `upsert`, so an index never goes stale.
const positions = new WeakMap<object, Map<string, number>>();

/** `items` (or a new list, when it is a marker) with `item` in the place of the one with the same key, or added. */
function upsert<T>(items: Evidence<T[]> | undefined, item: T, key: (x: T) => string): T[] {
  const list = itemsOf(items) ?? [];
  let index = positions.get(list);
  if (!index) {
    index = new Map(list.map((x, i) => [key(x), i]));
    positions.set(list, index);
  }
  const at = index.get(key(item));
  if (at === undefined) index.set(key(item), list.push(item) - 1);
  else list[at] = item;
  return list;
}

const customerLogging = (x: {ResourceArn: string; LogScope?: string}) => `${x.ResourceArn}|${x.LogScope ?? 'CUSTOMER'}`;

/** The VPC subject's resource id, as vpc.ts writes it. */
const vpcResource = (region: string, owner: string, vpcId: string) => `arn:aws:ec2:${region}:${owner}:vpc/${vpcId}`;
const flowLogResource = (region: string, account: string, id: string) => `arn:aws:ec2:${region}:${account}:vpc-flow-log/${id}`;

/** Applies the log-source evidence of a change to the account its owning projector holds (see project.ts). */
export class LogSourceProjector {
  /** Planned resource (address or `stack/LogicalId`) → the identity it was given (its id, ARN or stand-in). */
  private readonly identities = new Map<string, string>();
  private readonly removedVpcs = new Map<string, Vpc>();
  private readonly removedBalancers = new Map<string, LoadBalancerV2>();
  private readonly createdVpcs = new Set<string>();
  /** Subnet id → its VPC, for the subnets of the change. */
  private readonly subnetVpcs = new Map<string, string>();
  /** Per region, its VPCs by id and its audited subnets' VPCs, built when first needed: lookups stay constant-time. */
  private readonly vpcIndexes = new Map<string, {vpcs: Map<string, Vpc>; subnets: Map<string, string>}>();
  private readonly interfaces: {c: Of<'network-interfaces'>; action: ChangeAction}[] = [];
  /** Flow logs to cite on the VPC they cover, once finish() knows the VPC of a subnet. */
  private readonly flowLogCites: {region: string; resourceId: string; source: SourceRef}[] = [];
  /** Regions where a flow log, association or WAF logging configuration may apply to a resource that cannot be told. */
  private readonly untied: {region: string; kind: 'flow-log' | 'resolver-association' | 'web-acl-logging'; why: Unresolved; flowLogId?: string; resourceId?: string}[] = [];

  constructor(private readonly host: ProjectorHost) {}

  /** The identity a reference resolves to: a known id, or the stand-in of the resource of the change it names. */
  private resolve(ref: Ref): string | undefined {
    if (!isUnresolved(ref)) return ref;
    if (!ref.ref) return undefined;
    return this.identities.get(ref.ref) ?? `${STAND_IN}.${ref.ref}`;
  }

  /**
   * A resource's own identity (its stand-in when AWS assigns it), remembered for references to it. `prefix` keeps the
   * stand-in recognisable where the facts read the id's form (a subnet id starts with `subnet-`).
   */
  private own(id: Ref, source: SourceRef, prefix = ''): string {
    const value = isUnresolved(id) ? `${prefix}${STAND_IN}.${sourceLabel(source)}` : id;
    this.identities.set(sourceLabel(source), value);
    return value;
  }

  private remember(source: SourceRef, identity: string): void {
    this.identities.set(sourceLabel(source), identity);
  }

  private marker(reason = this.host.absentReason): Missing {
    return unknownEvidence(reason);
  }

  private vpcGroup(regionName: string): VpcEvidence {
    const region = this.host.region(regionName);
    if (!region.vpc || isUnavailable(region.vpc)) region.vpc = {vpcs: this.marker(), flowLogs: this.marker()};
    return region.vpc;
  }

  private resolverGroup(regionName: string): ResolverQueryLoggingEvidence {
    const region = this.host.region(regionName);
    if (!region.resolverQueryLogging || isUnavailable(region.resolverQueryLogging)) region.resolverQueryLogging = {configs: this.marker(), associations: this.marker()};
    return region.resolverQueryLogging;
  }

  private balancerGroup(regionName: string): LoadBalancerEvidence {
    const region = this.host.region(regionName);
    if (!region.loadBalancers || isUnavailable(region.loadBalancers)) region.loadBalancers = {v2: this.marker(), classic: this.marker()};
    return region.loadBalancers;
  }

  private wafScope(regionName: string, scope: 'REGIONAL' | 'CLOUDFRONT'): WafScopeEvidence {
    const region = this.host.region(regionName);
    const empty = (): WafScopeEvidence => ({webAcls: this.marker(), loggingConfigurations: this.marker()});
    if (!region.wafv2 || isUnavailable(region.wafv2)) region.wafv2 = {regional: empty()};
    const group: Wafv2Evidence = region.wafv2;
    if (scope === 'REGIONAL') return group.regional;
    group.cloudFront ??= empty();
    return group.cloudFront;
  }

  private eksGroup(regionName: string): EksEvidence {
    const region = this.host.region(regionName);
    if (!region.eks || 'unavailable' in region.eks) region.eks = {clusters: this.marker()};
    return region.eks as EksEvidence;
  }

  private vpcIndex(region: string): {vpcs: Map<string, Vpc>; subnets: Map<string, string>} {
    let index = this.vpcIndexes.get(region);
    if (!index) {
      const vpcs = itemsOf(this.vpcGroup(region).vpcs) ?? [];
      index = {vpcs: new Map(vpcs.map((v) => [v.VpcId, v])), subnets: new Map()};
      for (const v of vpcs) for (const subnet of itemsOf(v.subnets) ?? []) index.subnets.set(subnet.SubnetId, v.VpcId);
      this.vpcIndexes.set(region, index);
    }
    return index;
  }

  private vpcArn(region: string, vpcId: string): string {
    return vpcResource(region, this.vpcIndex(region).vpcs.get(vpcId)?.OwnerId ?? this.host.accountId, vpcId);
  }

  private balancerArn(c: Of<'load-balancer'>, name: string): string {
    if (c.arn) return c.arn;
    const kind = c.balancer.Type === 'network' ? 'net' : c.balancer.Type === 'gateway' ? 'gwy' : 'app';
    return `arn:${this.host.partition}:elasticloadbalancing:${c.region}:${this.host.accountId}:loadbalancer/${kind}/${name}/${STAND_IN}`;
  }

  private webAclArn(c: Of<'web-acl'>, name: string): string {
    if (c.arn) return c.arn;
    return `arn:${this.host.partition}:wafv2:${c.region}:${this.host.accountId}:${c.scope === 'CLOUDFRONT' ? 'global' : 'regional'}/webacl/${name}/${STAND_IN}`;
  }

  private clusterArn(c: Of<'eks-cluster'>, name: string): string {
    return c.arn ?? `arn:${this.host.partition}:eks:${c.region}:${this.host.accountId}:cluster/${name}`;
  }

  /** Takes the old evidence of a changed or deleted resource out. */
  remove(c: LogSource, source: SourceRef, action: ChangeAction): void {
    const cite = (resource: string | undefined) => this.host.cite(resource, source, c.kind, c.region);
    switch (c.kind) {
      case 'vpc': {
        const vpcs = itemsOf(this.vpcGroup(c.region).vpcs);
        const id = this.resolve(c.id);
        const found = vpcs?.find((v) => v.VpcId === id);
        if (!found || !id) return;
        cite(this.vpcArn(c.region, id));
        this.removedVpcs.set(`${c.region}|${id}`, found);
        this.vpcGroup(c.region).vpcs = vpcs!.filter((v) => v !== found);
        this.vpcIndex(c.region).vpcs.delete(id);
        return;
      }
      case 'subnet': {
        const id = this.resolve(c.id);
        if (action !== 'delete' || !id) return;
        for (const v of itemsOf(this.vpcGroup(c.region).vpcs) ?? []) {
          const subnets = itemsOf(v.subnets);
          if (subnets?.some((s) => s.SubnetId === id)) v.subnets = subnets.filter((s) => s.SubnetId !== id);
        }
        this.vpcIndex(c.region).subnets.delete(id);
        return;
      }
      case 'flow-log': {
        const group = this.vpcGroup(c.region);
        const logs = itemsOf(group.flowLogs);
        if (!logs) return;
        const resourceId = this.resolve(c.resourceId);
        const destination = c.destination === undefined ? undefined : this.resolve(c.destination);
        const found = c.id
          ? logs.find((f) => f.FlowLogId === c.id)
          : logs.find((f) => f.ResourceId === resourceId && f.TrafficType === c.log.TrafficType && (f.LogDestination ?? f.LogGroupName) === (destination ?? c.log.LogGroupName));
        if (!found) return;
        group.flowLogs = logs.filter((f) => f !== found);
        cite(flowLogResource(c.region, this.host.accountId, found.FlowLogId));
        if (found.ResourceId) this.host.cite(`${this.vpcArn(c.region, this.vpcOf(c.region, found.ResourceId) ?? found.ResourceId)}#flowLogs`, source, c.kind, c.region);
        return;
      }
      case 'resolver-config': {
        const group = this.resolverGroup(c.region);
        const id = this.resolve(c.id);
        const configs = itemsOf(group.configs);
        if (configs && id && action !== 'update') group.configs = configs.filter((x) => x.Id !== id);
        return;
      }
      case 'resolver-association': {
        const group = this.resolverGroup(c.region);
        const associations = itemsOf(group.associations);
        if (!associations) return;
        const vpcId = this.resolve(c.vpcId);
        const configId = this.resolve(c.configId);
        const found = associations.find((a) => (c.id ? a.Id === c.id : a.ResourceId === vpcId && a.ResolverQueryLogConfigId === configId));
        if (!found) return;
        group.associations = associations.filter((a) => a !== found);
        if (found.ResourceId) this.host.cite(`${this.vpcArn(c.region, found.ResourceId)}#queryLogging`, source, c.kind, c.region);
        return;
      }
      case 'load-balancer': {
        const group = this.balancerGroup(c.region);
        const balancers = itemsOf(group.v2);
        const name = isUnresolved(c.name) ? undefined : c.name;
        const found = balancers?.find((b) => (c.arn && b.LoadBalancerArn === c.arn) || (name !== undefined && b.LoadBalancerName === name));
        if (!found) return;
        group.v2 = balancers!.filter((b) => b !== found);
        this.removedBalancers.set(`${c.region}|${found.LoadBalancerName}`, found);
        cite(found.LoadBalancerArn);
        return;
      }
      case 'web-acl': {
        const scope = this.wafScope(c.region, c.scope);
        const acls = itemsOf(scope.webAcls);
        const name = isUnresolved(c.name) ? undefined : c.name;
        const found = acls?.find((a) => (c.arn && a.ARN === c.arn) || (name !== undefined && a.Name === name));
        if (!found) return;
        cite(found.ARN);
        if (action !== 'update') scope.webAcls = acls!.filter((a) => a !== found);
        return;
      }
      case 'web-acl-logging': {
        const arn = this.resolve(c.webAclArn);
        if (!arn) return;
        const scope = this.wafScope(c.region, arn.includes(':global/') ? 'CLOUDFRONT' : 'REGIONAL');
        const configs = itemsOf(scope.loggingConfigurations);
        if (!configs) return;
        // Only the customer's own configuration is the resource; Security Lake's or a telemetry rule's stay.
        scope.loggingConfigurations = configs.filter((x) => !(x.ResourceArn === arn && (x.LogScope ?? 'CUSTOMER') === 'CUSTOMER'));
        cite(arn);
        return;
      }
      case 'eks-cluster': {
        const group = this.eksGroup(c.region);
        const clusters = itemsOf(group.clusters);
        const name = isUnresolved(c.name) ? undefined : c.name;
        const found = clusters?.find((x) => x.name === name);
        if (!found || !name) return;
        cite(this.clusterArn(c, name));
        if (action !== 'update') group.clusters = clusters!.filter((x) => x !== found);
        return;
      }
      case 'network-interfaces':
        // Counts are not lowered for a deleted resource: the VPC may hold other interfaces the change does not show.
        return;
    }
  }

  /** The VPC a subnet (or VPC) id belongs to, from the change's subnets or the snapshot's. */
  private vpcOf(region: string, id: string): string | undefined {
    const index = this.vpcIndex(region);
    if (index.vpcs.has(id)) return id;
    return this.subnetVpcs.get(id) ?? index.subnets.get(id);
  }

  /** Puts the new evidence of a created or changed resource in. */
  add(c: LogSource, source: SourceRef, action: ChangeAction): void {
    const cite = (resource: string | undefined) => this.host.cite(resource, source, c.kind, c.region);
    const created = action === 'create' || action === 'replace';
    switch (c.kind) {
      case 'vpc': {
        const group = this.vpcGroup(c.region);
        const id = this.own(c.id, source);
        const key = `${c.region}|${id}`;
        const previous = this.removedVpcs.get(key);
        if (created) this.createdVpcs.add(key);
        const vpc: Vpc = {
          ...previous,
          VpcId: id,
          OwnerId: previous?.OwnerId ?? this.host.accountId,
          IsDefault: c.isDefault,
          networkInterfaceCount: previous?.networkInterfaceCount ?? this.marker(created ? `the VPC's network interfaces are ${AFTER_APPLY}` : undefined),
          // A new VPC has only the subnets the change gives it.
          ...(previous?.subnets ? {subnets: previous.subnets} : created ? {subnets: []} : {subnets: this.marker()}),
        };
        const index = this.vpcIndex(c.region);
        const current = itemsOf(group.vpcs) ?? [];
        group.vpcs = index.vpcs.has(id) ? [...current.filter((v) => v.VpcId !== id), vpc] : [...current, vpc];
        index.vpcs.set(id, vpc);
        cite(this.vpcArn(c.region, id));
        return;
      }
      case 'subnet': {
        const id = this.own(c.id, source, 'subnet-');
        const vpcId = this.resolve(c.vpcId);
        if (!vpcId) return;
        this.subnetVpcs.set(id, vpcId);
        const vpc = this.vpcIndex(c.region).vpcs.get(vpcId);
        const subnets = itemsOf(vpc?.subnets);
        if (vpc && subnets) vpc.subnets = [...subnets.filter((s) => s.SubnetId !== id), {SubnetId: id, VpcId: vpcId}];
        return;
      }
      case 'network-interfaces':
        this.interfaces.push({c, action});
        return;
      case 'flow-log':
        return this.addFlowLog(c, source);
      case 'resolver-config': {
        const group = this.resolverGroup(c.region);
        const id = this.own(c.id, source);
        group.configs = upsert(group.configs, {Id: id, OwnerId: this.host.accountId, ...c.config}, (x) => x.Id);
        return;
      }
      case 'resolver-association': {
        const group = this.resolverGroup(c.region);
        const vpcId = this.resolve(c.vpcId);
        const configId = this.resolve(c.configId) ?? STAND_IN;
        if (!vpcId) {
          this.untied.push({region: c.region, kind: c.kind, why: c.vpcId as Unresolved});
          return;
        }
        const id = c.id ?? `${STAND_IN}.${sourceLabel(source)}`;
        group.associations = upsert(group.associations, {Id: id, ResolverQueryLogConfigId: configId, ResourceId: vpcId, Status: 'ACTIVE', Error: 'NONE'}, (a) => a.Id);
        this.host.cite(`${this.vpcArn(c.region, vpcId)}#queryLogging`, source, c.kind, c.region);
        return;
      }
      case 'load-balancer': {
        const group = this.balancerGroup(c.region);
        const name = this.own(c.name, source);
        const previous = this.removedBalancers.get(`${c.region}|${name}`);
        const arn = previous?.LoadBalancerArn ?? this.balancerArn(c, name);
        this.remember(source, arn);
        const balancer: LoadBalancerV2 = {
          ...(action === 'update' ? previous : undefined),
          ...c.balancer,
          LoadBalancerArn: arn,
          LoadBalancerName: name,
          attributes: isUnresolved(c.attributes) ? this.marker(c.attributes.reason) : c.attributes,
        };
        group.v2 = upsert(group.v2, balancer, (b) => b.LoadBalancerArn);
        cite(arn);
        return;
      }
      case 'web-acl': {
        const scope = this.wafScope(c.region, c.scope);
        const name = this.own(c.name, source);
        const acls = itemsOf(scope.webAcls) ?? [];
        const arn = acls.find((a) => a.Name === name)?.ARN ?? this.webAclArn(c, name);
        this.remember(source, arn);
        scope.webAcls = upsert(scope.webAcls, {Name: name, ARN: arn}, (a) => a.ARN);
        cite(arn);
        return;
      }
      case 'web-acl-logging': {
        const arn = this.resolve(c.webAclArn);
        if (!arn) {
          this.untied.push({region: c.region, kind: c.kind, why: c.webAclArn as Unresolved});
          return;
        }
        const scope = this.wafScope(c.region, arn.includes(':global/') ? 'CLOUDFRONT' : 'REGIONAL');
        const destinations = isUnresolved(c.destinations) ? [] : c.destinations;
        scope.loggingConfigurations = upsert(scope.loggingConfigurations, {ResourceArn: arn, LogDestinationConfigs: destinations, LogScope: 'CUSTOMER'}, customerLogging);
        if (isUnresolved(c.destinations)) this.host.override(arn, {logging: c.destinations});
        cite(arn);
        return;
      }
      case 'eks-cluster': {
        const group = this.eksGroup(c.region);
        const name = this.own(c.name, source);
        const arn = this.clusterArn(c, name);
        const clusters = itemsOf(group.clusters) ?? [];
        const previous = clusters.find((x) => x.name === name);
        const description = previous && !isMissing(previous.cluster) ? previous.cluster : {};
        const cluster: EksCluster = {
          name,
          cluster: isUnresolved(c.enabledLogTypes)
            ? this.marker(c.enabledLogTypes.reason)
            : {...description, name, arn, logging: {clusterLogging: [{types: c.enabledLogTypes, enabled: true}]}},
        };
        group.clusters = upsert(group.clusters, cluster, (x) => x.name);
        cite(arn);
        return;
      }
    }
  }

  private addFlowLog(c: Of<'flow-log'>, source: SourceRef): void {
    const group = this.vpcGroup(c.region);
    const id = c.id ?? `${STAND_IN}.${sourceLabel(source)}`;
    const resourceId = this.resolve(c.resourceId);
    const facts = {...c.unresolvedFacts};
    if (!resourceId || facts.trafficType) {
      const why = facts.resourceId ?? facts.trafficType ?? new Unresolved(AFTER_APPLY);
      this.untied.push({region: c.region, kind: 'flow-log', why, flowLogId: id, ...(resourceId ? {resourceId} : {})});
    }
    let destination = c.destination === undefined ? undefined : this.resolve(c.destination);
    if (c.destination !== undefined && destination === undefined) facts.logGroupClass = c.destination as Unresolved;
    // A stand-in destination names a resource of the change; only a log group's ARN can be judged (by its class).
    if (destination?.startsWith(STAND_IN)) {
      if (c.log.LogDestinationType === 'cloud-watch-logs') facts.logGroupClass = new Unresolved(`the flow log's log group is ${AFTER_APPLY}`);
      destination = undefined;
    }
    const log: FlowLog = {
      FlowLogId: id,
      ResourceId: resourceId ?? STAND_IN,
      ...c.log,
      ...(destination ? {LogDestination: destination} : {}),
    };
    group.flowLogs = upsert(group.flowLogs, log, (f) => f.FlowLogId);
    const arn = flowLogResource(c.region, this.host.accountId, id);
    this.host.override(arn, facts);
    this.host.cite(arn, source, c.kind, c.region);
    if (resourceId) this.flowLogCites.push({region: c.region, resourceId, source});
  }

  /** The uncertain variant: the resource may not exist, so what it would decide is unknown rather than added. */
  uncertain(c: LogSource, why: Unresolved): boolean {
    if (c.kind === 'flow-log' || c.kind === 'resolver-association' || c.kind === 'web-acl-logging') {
      this.untied.push({region: c.region, kind: c.kind, why});
      return true;
    }
    return false;
  }

  /** Ties network interfaces to VPCs, cites flow logs on the VPCs they cover, and marks what cannot be told. */
  finish(): void {
    const counts = new Map<string, {all: number; created: number}>();
    for (const {c, action} of this.interfaces) {
      const vpcIds = new Set<string>();
      const direct = c.vpcId === undefined ? undefined : this.resolve(c.vpcId);
      if (direct) vpcIds.add(direct);
      for (const s of c.subnetIds) {
        const id = this.resolve(s);
        const vpcId = id ? this.vpcOf(c.region, id) : undefined;
        if (vpcId) vpcIds.add(vpcId);
      }
      for (const vpcId of vpcIds) {
        const key = `${c.region}|${vpcId}`;
        const n = counts.get(key) ?? {all: 0, created: 0};
        n.all++;
        if (action === 'create') n.created++;
        counts.set(key, n);
      }
    }
    for (const [key, n] of counts) {
      const [region, vpcId] = key.split('|') as [string, string];
      const vpc = this.vpcIndex(region).vpcs.get(vpcId);
      if (!vpc) continue;
      // At least this many: enough to know the VPC is in use; an audited count only grows by what is created.
      if (typeof vpc.networkInterfaceCount === 'number' && !this.createdVpcs.has(key)) vpc.networkInterfaceCount += n.created;
      else if (n.all > 0) vpc.networkInterfaceCount = n.all;
    }
    for (const {region, resourceId, source} of this.flowLogCites) {
      const vpcId = this.vpcOf(region, resourceId);
      if (vpcId) this.host.cite(`${this.vpcArn(region, vpcId)}#flowLogs`, source, 'flow-log', region);
    }
    // VPCs (web ACLs) that a known flow log or association (logging configuration) already decides stay as they are.
    const untiedLogs = new Set(this.untied.map((x) => x.flowLogId));
    const decided = new Map<string, Set<string>>();
    const decidedIn = (region: string, kind: string): Set<string> => {
      const key = `${region}|${kind}`;
      let set = decided.get(key);
      if (!set) {
        if (kind === 'flow-log') {
          const logs = (itemsOf(this.vpcGroup(region).flowLogs) ?? []).filter((f) => !untiedLogs.has(f.FlowLogId) && recordsRejectedTraffic(f));
          set = new Set(logs.flatMap((f) => this.vpcOf(region, f.ResourceId ?? '') ?? []));
        } else if (kind === 'resolver-association') {
          set = new Set((itemsOf(this.resolverGroup(region).associations) ?? []).flatMap((a) => a.ResourceId ?? []));
        } else {
          const scopes = [this.wafScope(region, 'REGIONAL'), ...(region === 'us-east-1' ? [this.wafScope(region, 'CLOUDFRONT')] : [])];
          set = new Set(scopes.flatMap((scope) => (itemsOf(scope.loggingConfigurations) ?? []).map((x) => x.ResourceArn)));
        }
        decided.set(key, set);
      }
      return set;
    };
    const regionWide = new Set<string>();
    for (const u of this.untied) {
      this.host.notes.push(`${u.why.reason}: what it applies to cannot be told before apply`);
      const covered = decidedIn(u.region, u.kind);
      if (u.kind === 'web-acl-logging') {
        if (regionWide.has(`${u.region}|${u.kind}`)) continue;
        regionWide.add(`${u.region}|${u.kind}`);
        const scopes = [this.wafScope(u.region, 'REGIONAL'), ...(u.region === 'us-east-1' ? [this.wafScope(u.region, 'CLOUDFRONT')] : [])];
        for (const scope of scopes) for (const acl of itemsOf(scope.webAcls) ?? []) if (!covered.has(acl.ARN)) this.host.override(acl.ARN, {logging: u.why});
        continue;
      }
      const facts: Record<string, Unresolved> = u.kind === 'flow-log' ? {flowLogs: u.why, flowLogCoverage: u.why} : {queryLogging: u.why};
      const mark = (vpc: Vpc) => {
        if (!covered.has(vpc.VpcId)) this.host.override(vpcResource(u.region, vpc.OwnerId ?? this.host.accountId, vpc.VpcId), facts);
      };
      if (u.resourceId !== undefined) {
        const target = this.vpcIndex(u.region).vpcs.get(this.vpcOf(u.region, u.resourceId) ?? '');
        if (target) mark(target);
      } else if (!regionWide.has(`${u.region}|${u.kind}`)) {
        regionWide.add(`${u.region}|${u.kind}`);
        for (const vpc of this.vpcIndex(u.region).vpcs.values()) mark(vpc);
      }
    }
  }
}

/**
 * The service evidence groups (log sources, and the services no resource type maps yet) of a region that holds none
 * of it, all unknown for `reason` — "not in the plan" rather than a collection error.
 */
export function absentServiceEvidence(
  name: string,
  reason: string,
): Pick<RegionSnapshot, 'vpc' | 'resolverQueryLogging' | 'loadBalancers' | 'wafv2' | 'eks' | 'apiGateway' | 'securityHub' | 'securityLake' | 'cloudTrailLake'> {
  const marker = unknownEvidence(reason);
  const scope = {webAcls: marker, loggingConfigurations: marker};
  return {
    apiGateway: {restApis: marker, apisV2: marker},
    securityHub: {hub: marker, enabledStandards: marker, administrator: marker, organizationConfiguration: marker},
    securityLake: {dataLakes: marker, logSources: marker},
    cloudTrailLake: {eventDataStores: marker},
    vpc: {vpcs: marker, flowLogs: marker},
    resolverQueryLogging: {configs: marker, associations: marker},
    loadBalancers: {v2: marker, classic: marker},
    wafv2: {regional: scope, ...(name === 'us-east-1' ? {cloudFront: scope} : {})},
    eks: {clusters: marker},
  };
}
