/**
 * AWS Config: recorders and their status, delivery channels and their status, and configuration aggregators.
 */
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
  paginateDescribeConfigurationAggregators,
} from '@aws-sdk/client-config-service';
import type {
  ConfigServiceEvidence,
  ConfigurationAggregator,
  ConfigurationRecorder,
  ConfigurationRecorderStatus,
  DeliveryChannel,
  DeliveryChannelStatus,
} from '../snapshot/types.js';
import {plain, type AccountContext} from './context.js';

/** The AWS Config evidence of one region; an account with no recorder has empty lists, not errors. */
export async function collectConfig(c: AccountContext, region: string): Promise<ConfigServiceEvidence> {
  const client = c.clients.get(ConfigServiceClient, region);
  c.serviceStart(region, 'config');
  // Five independent reads: they run side by side.
  const [recorders, recorderStatuses, deliveryChannels, deliveryChannelStatuses, aggregators] = await Promise.all([
    c.evidence(region, 'config:DescribeConfigurationRecorders', async ({send}) => {
      const out = await send((o) => client.send(new DescribeConfigurationRecordersCommand({}), o));
      return plain(out.ConfigurationRecorders ?? []) as ConfigurationRecorder[];
    }),
    c.evidence(region, 'config:DescribeConfigurationRecorderStatus', async ({send}) => {
      const out = await send((o) => client.send(new DescribeConfigurationRecorderStatusCommand({}), o));
      return plain(out.ConfigurationRecordersStatus ?? []) as ConfigurationRecorderStatus[];
    }),
    c.evidence(region, 'config:DescribeDeliveryChannels', async ({send}) => {
      const out = await send((o) => client.send(new DescribeDeliveryChannelsCommand({}), o));
      return plain(out.DeliveryChannels ?? []) as DeliveryChannel[];
    }),
    c.evidence(region, 'config:DescribeDeliveryChannelStatus', async ({send}) => {
      const out = await send((o) => client.send(new DescribeDeliveryChannelStatusCommand({}), o));
      return plain(out.DeliveryChannelsStatus ?? []) as DeliveryChannelStatus[];
    }),
    c.evidence(region, 'config:DescribeConfigurationAggregators', async ({allPages}) => {
      const all = await allPages(paginateDescribeConfigurationAggregators({client}, {}, c.sendOptions), (p) => p.ConfigurationAggregators);
      return plain(all) as ConfigurationAggregator[];
    }),
  ]);
  return {recorders, recorderStatuses, deliveryChannels, deliveryChannelStatuses, aggregators};
}
