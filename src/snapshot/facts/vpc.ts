/**
 * VPC facts (fed by src/collect/vpc.ts and src/collect/resolver.ts): one subject per VPC — whether it is in use,
 * whether flow logs that record rejected traffic cover it (on the VPC, or on every one of its subnets), whether its
 * DNS queries are logged by Route 53 Resolver — and one subject per flow log, with the class of the log group it
 * delivers to.
 */
import {isMissing, isUnavailable, unknownEvidence} from '../evidence.js';
import {isSubnetFlowLog, recordsRejectedTraffic} from '../network.js';
import type {Subject} from '../normalize.js';
import type {Evidence, FlowLog, Missing, RegionSnapshot, ResolverQueryLogConfigAssociation, Vpc, VpcEvidence} from '../types.js';
import {mapEvidence, notCollectedMarker} from './common.js';

export interface VpcFacts {
  vpcId: string;
  isDefault: boolean;
  /** The account that owns the VPC (another one for a VPC shared through RAM). */
  ownerId: string;
  networkInterfaceCount: Evidence<number>;
  /** At least one network interface: a VPC nothing uses (an untouched default VPC) is not judged. */
  inUse: Evidence<boolean>;
  /** Active flow logs that record rejected traffic cover the VPC, on the VPC itself or on every one of its subnets. */
  flowLogs: Evidence<boolean>;
  /** `vpc`, `subnets` or `none`: where the covering flow logs are attached. */
  flowLogCoverage: Evidence<'vpc' | 'subnets' | 'none'>;
  /** The covering flow logs' ids. */
  flowLogIds: string[];
  /** The VPC is associated, ACTIVE, with a Resolver query logging configuration (one shared with the account counts). */
  queryLogging: Evidence<boolean>;
  /** The associated configurations' ids, and what a failed association says. */
  queryLogConfigIds: string[];
  queryLoggingProblem: string | null;
}

export interface FlowLogFacts {
  flowLogId: string;
  resourceId: string;
  status: string;
  trafficType: string;
  destinationType: string;
  destination: string;
  /**
   * For a flow log delivered to CloudWatch Logs, the class of its log group (`STANDARD`, `INFREQUENT_ACCESS`); `null`
   * for other destinations; `unknown` for a group in another account.
   */
  logGroupClass: Evidence<string | null>;
}

/** What the region holds of the VPC evidence: the group, or the marker saying why it is missing. */
function vpcGroup(region: RegionSnapshot): VpcEvidence | Missing | 'unavailable' {
  if (region.error) return {error: region.error};
  const group = region.vpc;
  if (group === undefined) return notCollectedMarker('VPCs');
  return isUnavailable(group) ? 'unavailable' : group;
}

/** Whether the flow logs cover the VPC, and how. */
function coverage(vpc: Vpc, flowLogs: FlowLog[]): {covered: Evidence<'vpc' | 'subnets' | 'none'>; ids: string[]} {
  const counting = flowLogs.filter(recordsRejectedTraffic);
  const onVpc = counting.filter((f) => f.ResourceId === vpc.VpcId);
  if (onVpc.length) return {covered: 'vpc', ids: onVpc.map((f) => f.FlowLogId)};
  if (!flowLogs.some(isSubnetFlowLog)) return {covered: 'none', ids: []};
  // The collector reads the subnets whenever a subnet-level log could decide; absent here means they were not read.
  const subnets = vpc.subnets ?? notCollectedMarker(`subnets of ${vpc.VpcId}`);
  if (isMissing(subnets)) return {covered: subnets, ids: []};
  const bySubnet = subnets.map((s) => counting.find((f) => f.ResourceId === s.SubnetId));
  if (subnets.length === 0 || bySubnet.some((f) => f === undefined)) return {covered: 'none', ids: []};
  return {covered: 'subnets', ids: bySubnet.map((f) => f!.FlowLogId)};
}

/** Whether the VPC's DNS queries are logged, from the region's associations. */
function queryLoggingOf(vpcId: string, associations: Evidence<ResolverQueryLogConfigAssociation[]>): Pick<VpcFacts, 'queryLogging' | 'queryLogConfigIds' | 'queryLoggingProblem'> {
  if (isMissing(associations)) return {queryLogging: associations, queryLogConfigIds: [], queryLoggingProblem: null};
  const mine = associations.filter((a) => a.ResourceId === vpcId);
  const active = mine.filter((a) => a.Status === 'ACTIVE');
  const failed = mine.find((a) => a.Status === 'ACTION_NEEDED' || a.Status === 'FAILED');
  return {
    queryLogging: active.length > 0,
    queryLogConfigIds: active.map((a) => a.ResolverQueryLogConfigId ?? a.Id),
    queryLoggingProblem: failed ? `association ${failed.Id} is ${failed.Status}${failed.Error && failed.Error !== 'NONE' ? ` (${failed.Error})` : ''}` : null,
  };
}

/** The Resolver associations of a region, or the marker saying why they are missing; `[]` where Resolver is unavailable. */
function associationsOf(region: RegionSnapshot): Evidence<ResolverQueryLogConfigAssociation[]> {
  if (region.error) return {error: region.error};
  const group = region.resolverQueryLogging;
  if (group === undefined) return notCollectedMarker('Route 53 Resolver query logging');
  return isUnavailable(group) ? [] : group.associations;
}

/** A subject for the VPCs of a region that could not be listed: every fact is the marker. */
function unlistedVpcs(accountId: string, region: string, marker: Missing): Subject<VpcFacts> {
  const facts = Object.fromEntries(
    ['vpcId', 'isDefault', 'ownerId', 'networkInterfaceCount', 'inUse', 'flowLogs', 'flowLogCoverage', 'queryLogging'].map((k) => [k, marker]),
  );
  return {
    accountId,
    region,
    resource: `arn:aws:ec2:${region}:${accountId}:vpc/*`,
    resourceType: 'AWS::EC2::VPC',
    facts: {...facts, flowLogIds: [], queryLogConfigIds: [], queryLoggingProblem: null} as unknown as VpcFacts,
  };
}

/** The VPC subjects of one region of an account (none where EC2 is not offered). */
export function vpcSubjects(accountId: string, region: RegionSnapshot): Subject<VpcFacts>[] {
  const group = vpcGroup(region);
  if (group === 'unavailable') return [];
  const vpcs = isMissing(group) ? group : group.vpcs;
  if (isMissing(vpcs)) return [unlistedVpcs(accountId, region.name, vpcs)];
  const flowLogs = (group as VpcEvidence).flowLogs;
  const associations = associationsOf(region);
  return vpcs.map((vpc) => {
    const ownerId = vpc.OwnerId ?? accountId;
    const shared = ownerId !== accountId;
    const found = isMissing(flowLogs) ? {covered: flowLogs, ids: []} : coverage(vpc, flowLogs);
    const dns = queryLoggingOf(vpc.VpcId, associations);
    // A VPC shared with the account is logged (or not) by its owner, whose flow logs and associations this account
    // cannot see: what is not visible here is `unknown`, not a failure.
    const owners = (what: string) => unknownEvidence(`${what} of shared VPC ${vpc.VpcId} are set by its owner`, ownerId);
    const flowLogCoverage = shared && found.covered === 'none' ? owners('flow logs') : found.covered;
    const queryLogging = shared && dns.queryLogging === false ? owners('Resolver query log associations') : dns.queryLogging;
    return {
      accountId,
      region: region.name,
      resource: `arn:aws:ec2:${region.name}:${ownerId}:vpc/${vpc.VpcId}`,
      resourceType: 'AWS::EC2::VPC',
      facts: {
        vpcId: vpc.VpcId,
        isDefault: vpc.IsDefault === true,
        ownerId,
        networkInterfaceCount: vpc.networkInterfaceCount,
        inUse: mapEvidence(vpc.networkInterfaceCount, (n) => n > 0),
        flowLogs: mapEvidence(flowLogCoverage, (c) => c !== 'none'),
        flowLogCoverage,
        flowLogIds: found.ids,
        queryLogging,
        queryLogConfigIds: dns.queryLogConfigIds,
        queryLoggingProblem: dns.queryLoggingProblem,
      },
    };
  });
}

/** The class of the log group a flow log delivers to (CloudWatch Logs destinations only). */
function logGroupClassOf(flowLog: FlowLog, accountId: string, region: RegionSnapshot): Evidence<string | null> {
  if (flowLog.LogDestinationType !== 'cloud-watch-logs') return null;
  const arn = flowLog.LogDestination ?? '';
  const [, , , groupRegion, groupAccount] = arn.split(':');
  const name = flowLog.LogGroupName ?? arn.split(':log-group:')[1]?.replace(/:\*$/, '');
  if (groupAccount && groupAccount !== accountId) return unknownEvidence(`log group ${name ?? arn} is in account ${groupAccount}`, groupAccount);
  if (groupRegion && groupRegion !== region.name) return unknownEvidence(`log group ${name ?? arn} is in region ${groupRegion}`);
  const groups = region.logGroups ?? notCollectedMarker('CloudWatch Logs log groups');
  if (isMissing(groups)) return groups;
  const group = groups.find((g) => g.logGroupName === name);
  if (!group) return {error: {kind: 'ServiceError', code: 'ResourceNotFoundException', message: `log group ${name ?? arn} of flow log ${flowLog.FlowLogId} does not exist in ${region.name}`}};
  return group.logGroupClass ?? 'STANDARD';
}

/** The flow log subjects of one region (one carrying the marker when they could not be listed). */
export function flowLogSubjects(accountId: string, region: RegionSnapshot): Subject<FlowLogFacts>[] {
  const group = vpcGroup(region);
  if (group === 'unavailable') return [];
  const flowLogs = isMissing(group) ? group : group.flowLogs;
  if (isMissing(flowLogs)) {
    const facts = Object.fromEntries(['flowLogId', 'resourceId', 'status', 'trafficType', 'destinationType', 'destination', 'logGroupClass'].map((k) => [k, flowLogs]));
    return [{accountId, region: region.name, resource: `arn:aws:ec2:${region.name}:${accountId}:vpc-flow-log/*`, resourceType: 'AWS::EC2::FlowLog', facts: facts as unknown as FlowLogFacts}];
  }
  return flowLogs.map((f) => ({
    accountId,
    region: region.name,
    resource: `arn:aws:ec2:${region.name}:${accountId}:vpc-flow-log/${f.FlowLogId}`,
    resourceType: 'AWS::EC2::FlowLog',
    facts: {
      flowLogId: f.FlowLogId,
      resourceId: f.ResourceId ?? '',
      status: f.FlowLogStatus ?? '',
      trafficType: f.TrafficType ?? '',
      destinationType: f.LogDestinationType ?? '',
      destination: f.LogDestination ?? f.LogGroupName ?? '',
      logGroupClass: logGroupClassOf(f, accountId, region),
    },
  }));
}
