/**
 * What makes a VPC flow log count for `net.vpc-flow-logs`: shared by the collector (which reads subnets only when a
 * subnet-level log could decide) and the facts (which judge).
 */
import type {FlowLog} from './types.js';

/** True when the flow log is active and records rejected traffic (traffic type REJECT or ALL). */
export function recordsRejectedTraffic(flowLog: FlowLog): boolean {
  return flowLog.FlowLogStatus === 'ACTIVE' && (flowLog.TrafficType === 'REJECT' || flowLog.TrafficType === 'ALL');
}

/** True when the flow log is attached to a subnet (its resource id is a subnet id). */
export function isSubnetFlowLog(flowLog: FlowLog): boolean {
  return flowLog.ResourceId?.startsWith('subnet-') === true;
}
