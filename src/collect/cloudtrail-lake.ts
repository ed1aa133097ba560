/**
 * AWS CloudTrail Lake: the event data stores of a region. `ListEventDataStores` does not return the KMS key (and
 * its selector and status fields are deprecated), so each store is read with `GetEventDataStore`.
 */
import {CloudTrailClient, GetEventDataStoreCommand, paginateListEventDataStores} from '@aws-sdk/client-cloudtrail';
import type {CloudTrailLakeEvidence, EventDataStore, EventDataStoreDetails} from '../snapshot/types.js';
import {pick, readEach, type AccountContext} from './context.js';

/** Fields of `GetEventDataStore` the snapshot keeps. */
const DETAIL_FIELDS = [
  'EventDataStoreArn',
  'Name',
  'Status',
  'KmsKeyId',
  'AdvancedEventSelectors',
  'MultiRegionEnabled',
  'OrganizationEnabled',
  'BillingMode',
  'RetentionPeriod',
  'TerminationProtectionEnabled',
  'CreatedTimestamp',
  'UpdatedTimestamp',
  'FederationStatus',
] as const;

/** The CloudTrail Lake evidence of one region; a region with no event data store has an empty list. */
export async function collectCloudTrailLake(c: AccountContext, region: string): Promise<CloudTrailLakeEvidence> {
  const client = c.clients.get(CloudTrailClient, region);
  c.serviceStart(region, 'cloudtrail-lake');
  const listed = await c.evidence(region, 'cloudtrail:ListEventDataStores', async ({allPages}) => {
    const stores = await allPages(paginateListEventDataStores({client, pageSize: 1000}, {}, c.sendOptions), (p) => p.EventDataStores);
    return stores.filter((s) => s.EventDataStoreArn).map((s) => ({EventDataStoreArn: s.EventDataStoreArn!, ...(s.Name ? {Name: s.Name} : {})}));
  });
  if (!Array.isArray(listed)) return {eventDataStores: listed};
  // A store deleted between the list and this call (EventDataStoreNotFoundException) is dropped.
  const stores = await readEach(c, region, 'cloudtrail:GetEventDataStore', listed, async (store, {send}) => {
    const out = await send((o) => client.send(new GetEventDataStoreCommand({EventDataStore: store.EventDataStoreArn}), o));
    return pick(out, DETAIL_FIELDS) as EventDataStoreDetails;
  });
  return {eventDataStores: stores.map(({item, evidence: details}): EventDataStore => ({...item, details}))};
}
