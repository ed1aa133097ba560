/**
 * VPCs of a region: each VPC with the number of its network interfaces (one paginated pass over the region's
 * interfaces, counted by VPC, nothing else kept), every flow log of the region, and the subnets of the VPCs whose
 * coverage only subnet-level flow logs can decide.
 */
import {EC2Client, paginateDescribeFlowLogs, paginateDescribeNetworkInterfaces, paginateDescribeSubnets, paginateDescribeVpcs} from '@aws-sdk/client-ec2';
import {isMissing, isUnavailable} from '../snapshot/evidence.js';
import {isSubnetFlowLog, recordsRejectedTraffic} from '../snapshot/network.js';
import type {Evidence, FlowLog, ServiceUnavailable, Subnet, Vpc, VpcEvidence} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

const VPC_FIELDS = ['VpcId', 'OwnerId', 'IsDefault', 'CidrBlock', 'State'] as const;
const FLOW_LOG_FIELDS = [
  'FlowLogId',
  'ResourceId',
  'FlowLogStatus',
  'TrafficType',
  'LogDestinationType',
  'LogDestination',
  'LogGroupName',
  'DeliverLogsStatus',
  'DeliverLogsErrorMessage',
  'DeliverCrossAccountRole',
  'MaxAggregationInterval',
  'LogFormat',
  'CreationTime',
] as const;
const SUBNET_FIELDS = ['SubnetId', 'VpcId', 'AvailabilityZone', 'OwnerId'] as const;

/** EC2's largest page for these Describe calls. */
const PAGE_SIZE = 1000;
/** VPC ids per `vpc-id` filter of one DescribeSubnets listing (EC2 caps the values of a filter at 200). */
const VPC_IDS_PER_FILTER = 200;

type SubnetsByVpc = Map<string, Evidence<Subnet[]>>;

/** The VPCs that need their subnet list: no VPC-level flow log that records rejected traffic, and not known to be unused. */
function vpcsNeedingSubnets(vpcs: Vpc[], flowLogs: FlowLog[]): string[] {
  // Without a single subnet-level flow log in the region, no VPC can be covered subnet by subnet: nothing to read.
  if (!flowLogs.some(isSubnetFlowLog)) return [];
  const coveredVpcs = new Set(flowLogs.filter(recordsRejectedTraffic).map((f) => f.ResourceId));
  return vpcs.filter((v) => !coveredVpcs.has(v.VpcId) && v.networkInterfaceCount !== 0).map((v) => v.VpcId);
}

async function readSubnets(c: AccountContext, client: EC2Client, region: string, vpcIds: string[]): Promise<SubnetsByVpc> {
  const chunks: string[][] = [];
  for (let i = 0; i < vpcIds.length; i += VPC_IDS_PER_FILTER) chunks.push(vpcIds.slice(i, i + VPC_IDS_PER_FILTER));
  const byVpc: SubnetsByVpc = new Map();
  await Promise.all(
    chunks.map(async (ids) => {
      const subnets = await c.evidence(region, 'ec2:DescribeSubnets', async ({allPages}) => {
        const all = await allPages(
          paginateDescribeSubnets({client, pageSize: PAGE_SIZE}, {Filters: [{Name: 'vpc-id', Values: ids}]}, c.sendOptions),
          (p) => p.Subnets,
        );
        return all.filter((s) => s.SubnetId).map((s) => pick(s, SUBNET_FIELDS) as Subnet);
      });
      for (const id of ids) byVpc.set(id, isMissing(subnets) ? subnets : subnets.filter((s) => s.VpcId === id));
    }),
  );
  return byVpc;
}

/** The VPC evidence of one region, or `{unavailable}` when EC2 is not offered to the account there. */
export async function collectVpcs(c: AccountContext, region: string): Promise<VpcEvidence | ServiceUnavailable> {
  const client = c.clients.get(EC2Client, region);
  c.serviceStart(region, 'vpc');
  const [listed, interfaceCounts, flowLogs] = await Promise.all([
    c.evidence(
      region,
      'ec2:DescribeVpcs',
      async ({allPages}) => {
        const all = await allPages(paginateDescribeVpcs({client, pageSize: PAGE_SIZE}, {}, c.sendOptions), (p) => p.Vpcs);
        return all.filter((v) => v.VpcId).map((v) => pick(v, VPC_FIELDS) as Omit<Vpc, 'networkInterfaceCount'>);
      },
      {unavailable: true},
    ),
    c.evidence(
      region,
      'ec2:DescribeNetworkInterfaces',
      async ({allPages}) => {
        // Only the VPC id of each interface is kept, and only until it is counted: calls grow with interfaces / 1000.
        const vpcIds = await allPages(paginateDescribeNetworkInterfaces({client, pageSize: PAGE_SIZE}, {}, c.sendOptions), (p) =>
          p.NetworkInterfaces?.map((n) => n.VpcId ?? ''),
        );
        const counts = new Map<string, number>();
        for (const id of vpcIds) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        return counts;
      },
      {unavailable: true},
    ),
    c.evidence(
      region,
      'ec2:DescribeFlowLogs',
      async ({allPages}) => {
        const all = await allPages(paginateDescribeFlowLogs({client, pageSize: PAGE_SIZE}, {}, c.sendOptions), (p) => p.FlowLogs);
        return all.filter((f) => f.FlowLogId).map((f) => pick(f, FLOW_LOG_FIELDS) as FlowLog);
      },
      {unavailable: true},
    ),
  ]);
  for (const read of [listed, interfaceCounts, flowLogs]) if (isUnavailable(read)) return read;
  const counts = interfaceCounts as Evidence<Map<string, number>>;
  const logs = flowLogs as Evidence<FlowLog[]>;
  const found = listed as Evidence<Omit<Vpc, 'networkInterfaceCount'>[]>;
  if (isMissing(found)) return {vpcs: found, flowLogs: logs};

  const vpcs: Vpc[] = found.map((v) => ({...v, networkInterfaceCount: isMissing(counts) ? counts : (counts.get(v.VpcId) ?? 0)}));
  const needing = isMissing(logs) ? [] : vpcsNeedingSubnets(vpcs, logs);
  if (needing.length) {
    const subnets = await readSubnets(c, client, region, needing);
    for (const vpc of vpcs) {
      const list = subnets.get(vpc.VpcId);
      if (list !== undefined) vpc.subnets = list;
    }
  }
  return {vpcs, flowLogs: logs};
}
