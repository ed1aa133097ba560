/**
 * Route 53 Resolver query logging of a region: the query logging configurations the account owns or that are shared
 * with it, and the associations of the account's VPCs with configurations (whoever owns the configuration).
 */
import {
  paginateListResolverQueryLogConfigAssociations,
  paginateListResolverQueryLogConfigs,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import {isUnavailable} from '../snapshot/evidence.js';
import type {ResolverQueryLogConfig, ResolverQueryLogConfigAssociation, ResolverQueryLoggingEvidence, ServiceUnavailable} from '../snapshot/types.js';
import {pick, type AccountContext} from './context.js';

const CONFIG_FIELDS = ['Id', 'OwnerId', 'Status', 'ShareStatus', 'AssociationCount', 'Arn', 'Name', 'DestinationArn'] as const;
const ASSOCIATION_FIELDS = ['Id', 'ResolverQueryLogConfigId', 'ResourceId', 'Status', 'Error', 'ErrorMessage'] as const;

/** Route 53 Resolver's largest page. */
const PAGE_SIZE = 100;

/** The Resolver query logging evidence of one region, or `{unavailable}` when Route 53 Resolver is not offered there. */
export async function collectResolverQueryLogging(c: AccountContext, region: string): Promise<ResolverQueryLoggingEvidence | ServiceUnavailable> {
  const client = c.clients.get(Route53ResolverClient, region);
  c.serviceStart(region, 'route53resolver');
  const [configs, associations] = await Promise.all([
    c.evidence(
      region,
      'route53resolver:ListResolverQueryLogConfigs',
      async ({allPages}) => {
        const all = await allPages(paginateListResolverQueryLogConfigs({client, pageSize: PAGE_SIZE}, {}, c.sendOptions), (p) => p.ResolverQueryLogConfigs);
        return all.filter((q) => q.Id).map((q) => pick(q, CONFIG_FIELDS) as ResolverQueryLogConfig);
      },
      {unavailable: true},
    ),
    c.evidence(
      region,
      'route53resolver:ListResolverQueryLogConfigAssociations',
      async ({allPages}) => {
        // An association is listed in the VPC owner's account even when the configuration was shared by another
        // account (RAM, Firewall Manager), so this one list decides which VPCs log their DNS queries.
        const all = await allPages(
          paginateListResolverQueryLogConfigAssociations({client, pageSize: PAGE_SIZE}, {}, c.sendOptions),
          (p) => p.ResolverQueryLogConfigAssociations,
        );
        return all.filter((a) => a.Id).map((a) => pick(a, ASSOCIATION_FIELDS) as ResolverQueryLogConfigAssociation);
      },
      {unavailable: true},
    ),
  ]);
  if (isUnavailable(configs)) return configs;
  if (isUnavailable(associations)) return associations;
  return {configs, associations};
}
