/**
 * Amazon Security Lake: the data lake of a region (`ListDataLakes` for that region) and, when there is one, the log
 * sources it collects there (`ListLogSources`). No data lake is an answer (`[]`), not an error.
 */
import {ListDataLakesCommand, paginateListLogSources, SecurityLakeClient} from '@aws-sdk/client-securitylake';
import type {DataLake, LogSource, SecurityLakeEvidence} from '../snapshot/types.js';
import {plain, pick, type AccountContext} from './context.js';

const DATA_LAKE_FIELDS = ['dataLakeArn', 'region', 's3BucketArn', 'createStatus', 'encryptionConfiguration', 'lifecycleConfiguration', 'replicationConfiguration', 'updateStatus'] as const;

/** The Security Lake evidence of one region. */
export async function collectSecurityLake(c: AccountContext, region: string): Promise<SecurityLakeEvidence> {
  const client = c.clients.get(SecurityLakeClient, region);
  c.serviceStart(region, 'securitylake');
  const dataLakes = await c.evidence(
    region,
    'securitylake:ListDataLakes',
    async ({send}) => {
      const out = await send((o) => client.send(new ListDataLakesCommand({regions: [region]}), o));
      // Asked for this region only; a lake of another region is that region's evidence.
      return (out.dataLakes ?? []).filter((lake) => !lake.region || lake.region === region).map((lake) => pick(lake, DATA_LAKE_FIELDS) as DataLake);
    },
    // Security Lake answers ResourceNotFoundException where it has never been enabled.
    {notConfigured: [] as DataLake[]},
  );
  if (!Array.isArray(dataLakes) || dataLakes.length === 0) return {dataLakes};
  const logSources = await c.evidence(region, 'securitylake:ListLogSources', async ({allPages}) => {
    const pages = await allPages(paginateListLogSources({client, pageSize: 100}, {regions: [region]}, c.sendOptions), (p) => p.sources);
    return plain(pages) as LogSource[];
  });
  return {dataLakes, logSources};
}
