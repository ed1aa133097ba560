/**
 * Amazon EKS facts (fed by src/collect/eks.ts): one subject per cluster, with which control-plane log types are on.
 */
import {isMissing} from '../evidence.js';
import type {Subject} from '../normalize.js';
import type {EksClusterDescription, Missing, RegionSnapshot} from '../types.js';
import {mapEvidence, notCollectedMarker, partitionOfRegion} from './common.js';

/** The control-plane log types EKS offers. */
export const EKS_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export interface EksClusterFacts {
  name: string;
  status: string | Missing | null;
  /** Each log type and whether it is enabled (a type listed in any enabled group counts). */
  logTypes: Record<(typeof EKS_LOG_TYPES)[number], boolean> | Missing;
}

/** Which log types a cluster sends, from every `clusterLogging` group (the enabled group may come second). */
function logTypesOf(cluster: EksClusterDescription): EksClusterFacts['logTypes'] {
  const enabled = new Set((cluster.logging?.clusterLogging ?? []).filter((g) => g.enabled === true).flatMap((g) => g.types ?? []));
  return Object.fromEntries(EKS_LOG_TYPES.map((t) => [t, enabled.has(t)])) as EksClusterFacts['logTypes'];
}

/** The EKS cluster subjects of one region: one per cluster, or one carrying the marker when they could not be listed. */
export function eksClusterSubjects(accountId: string, region: RegionSnapshot): Subject<EksClusterFacts>[] {
  const group = region.eks;
  if (group && 'unavailable' in group) return [];
  const list = region.error ? {error: region.error} : (group?.clusters ?? notCollectedMarker('EKS clusters'));
  if (isMissing(list)) {
    return [{accountId, region: region.name, resource: `${accountId}/${region.name}/eks-clusters`, resourceType: 'AWS::EKS::Cluster', facts: {name: '(not listed)', status: list, logTypes: list}}];
  }
  return list.map(({name, cluster}) => {
    const arn = isMissing(cluster) ? undefined : cluster.arn;
    return {
      accountId,
      region: region.name,
      resource: arn ?? `arn:${partitionOfRegion(region.name)}:eks:${region.name}:${accountId}:cluster/${name}`,
      resourceType: 'AWS::EKS::Cluster',
      facts: {name, status: mapEvidence(cluster, (c) => c.status ?? null), logTypes: mapEvidence(cluster, logTypesOf)},
    };
  });
}
