/**
 * Amazon EKS: the clusters of a region, each with its control-plane logging (`DescribeCluster`). Connected (external)
 * clusters are not listed: they have no control plane on AWS whose logs could be turned on.
 */
import {DescribeClusterCommand, EKSClient, paginateListClusters} from '@aws-sdk/client-eks';
import type {EksCluster, EksClusterDescription, EksEvidence} from '../snapshot/types.js';
import {pick, readEach, type AccountContext} from './context.js';

/** The fields of `DescribeCluster`'s `cluster` the snapshot keeps: no certificate authority, endpoint or network details. */
const CLUSTER_FIELDS = ['name', 'arn', 'status', 'version', 'platformVersion', 'createdAt', 'logging'] as const;

/** The EKS evidence of one region; a region with no cluster has an empty list. */
export async function collectEks(c: AccountContext, region: string): Promise<EksEvidence> {
  const client = c.clients.get(EKSClient, region);
  c.serviceStart(region, 'eks');
  const names = await c.evidence(region, 'eks:ListClusters', ({allPages}) =>
    allPages(paginateListClusters({client, pageSize: 100}, {}, c.sendOptions), (p) => p.clusters),
  );
  if (!Array.isArray(names)) return {clusters: names};
  const described = await readEach(c, region, 'eks:DescribeCluster', names, async (name, {send}) => {
    const out = await send((o) => client.send(new DescribeClusterCommand({name}), o));
    return pick(out.cluster, CLUSTER_FIELDS) as EksClusterDescription;
  });
  return {clusters: described.map(({item: name, evidence: cluster}): EksCluster => ({name, cluster}))};
}
