// The benchmark organization (bench/generate.ts writes it): with the network and service log evidence it must be a
// valid snapshot, the same on every run, and leave the base organization's draws untouched.
import {describe, expect, it} from '@jest/globals';
import {syntheticAccounts} from '../../bench/synthetic.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {AccountSnapshot, RegionSnapshot} from '../../src/snapshot/types.js';

const SERVICE_GROUPS = ['vpc', 'resolverQueryLogging', 'loadBalancers', 'wafv2', 'eks', 'apiGateway', 'securityHub', 'securityLake', 'cloudTrailLake'] as const;
const ACCOUNTS = 40;

const withServices = () => [...syntheticAccounts(ACCOUNTS, 17, 42, {serviceLogs: true})];

/** The region as the base generator writes it: the service groups and the flow logs' log groups taken out. */
function baseRegion(region: RegionSnapshot): RegionSnapshot {
  const copy: Record<string, unknown> = {...region};
  for (const group of SERVICE_GROUPS) delete copy[group];
  if (Array.isArray(region.logGroups)) copy.logGroups = region.logGroups.filter((g) => !g.logGroupName.startsWith('/aws/vpc/flowlogs/'));
  return copy as unknown as RegionSnapshot;
}

describe('the synthetic organization with service log evidence', () => {
  const accounts = withServices();
  const snapshot = {schemaVersion: '1.0' as const, collection: {tool: 'trailwise', toolVersion: '0.1.0', source: 'synthetic', startedAt: '2026-11-28T09:00:00Z', finishedAt: '2026-11-28T10:00:00Z'}, accounts};

  it('is a valid snapshot with every service group in every region', () => {
    expect(() => validateSnapshot(JSON.parse(JSON.stringify(snapshot)), 'synthetic')).not.toThrow();
    for (const account of accounts) {
      for (const region of account.regions) expect(SERVICE_GROUPS.filter((g) => region[g] === undefined)).toEqual([]);
    }
  });

  it('is the same on every run, and leaves the base organization as it was', () => {
    expect(JSON.stringify(withServices())).toBe(JSON.stringify(accounts));
    const base = [...syntheticAccounts(ACCOUNTS, 17, 42)];
    const stripped = accounts.map((a): AccountSnapshot => ({...a, regions: a.regions.map(baseRegion)}));
    expect(JSON.stringify(stripped)).toBe(JSON.stringify(base));
  });

  it('has the variety the rules need: logged and unlogged VPCs, load balancers, web ACLs, clusters and stages', () => {
    const regions = accounts.flatMap((a) => a.regions);
    const values = <T>(pick: (r: RegionSnapshot) => T[] | undefined) => regions.flatMap((r) => pick(r) ?? []);
    const vpcs = values((r) => (r.vpc && 'vpcs' in r.vpc && Array.isArray(r.vpc.vpcs) ? r.vpc.vpcs : []));
    const flowLogs = values((r) => (r.vpc && 'flowLogs' in r.vpc && Array.isArray(r.vpc.flowLogs) ? r.vpc.flowLogs : []));
    expect(vpcs.filter((v) => v.IsDefault)).toHaveLength(ACCOUNTS * 17);
    expect(new Set(flowLogs.map((f) => f.LogDestinationType))).toEqual(new Set(['s3', 'cloud-watch-logs']));
    const lbs = values((r) => (r.loadBalancers && 'v2' in r.loadBalancers && Array.isArray(r.loadBalancers.v2) ? r.loadBalancers.v2 : []));
    const logged = lbs.filter((lb) => Array.isArray(lb.attributes) && lb.attributes.some((a) => a.Key === 'access_logs.s3.enabled' && a.Value === 'true'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.length).toBeLessThan(lbs.length);
    expect(values((r) => (r.eks && Array.isArray(r.eks.clusters) ? r.eks.clusters : [])).length).toBeGreaterThan(0);
    const acls = values((r) => (r.wafv2 && 'regional' in r.wafv2 && Array.isArray(r.wafv2.regional.webAcls) ? r.wafv2.regional.webAcls : []));
    expect(acls.length).toBeGreaterThan(0);
    const stages = values((r) => (r.apiGateway && Array.isArray(r.apiGateway.restApis) ? r.apiGateway.restApis : [])).flatMap((api) => (Array.isArray(api.stages) ? api.stages : []));
    expect(stages.length).toBeGreaterThan(0);
    const hubs = regions.filter((r) => r.securityHub && 'hub' in r.securityHub && r.securityHub.hub !== null);
    expect(hubs.length / regions.length).toBeGreaterThan(0.8);
    // Security Lake only in the log archive, collecting for every account.
    const lakes = accounts.filter((a) => a.regions.some((r) => r.securityLake && Array.isArray(r.securityLake.dataLakes) && r.securityLake.dataLakes.length));
    expect(lakes.map((a) => a.accountId)).toEqual([accounts[1]!.accountId]);
  });
});
