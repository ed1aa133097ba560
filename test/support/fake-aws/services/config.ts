/**
 * AWS Config (JSON 1.1, `StarlingDoveService.<Operation>`): recorders and their status, delivery channels and their
 * status, and configuration aggregators (pages of at most 10).
 */
import {canonicalJson, regionOf, type FakeRequest, type Route} from '../context.js';
import type {FakeConfigService} from '../model.js';
import {paginate} from '../paging.js';
import {AwsError, compact, epochSeconds, jsonReply, unknownOperation, type FakeResponse} from '../wire.js';
import {numberParam, parseJsonBody, stringParam, targetOperation} from './json-rpc.js';

const EMPTY: FakeConfigService = {recorders: [], deliveryChannels: [], aggregators: []};

function arnPrefix(req: FakeRequest): string {
  return `arn:aws:config:${req.region}:${req.caller.account.accountId}`;
}

/** A stable id that looks like Config's generated suffixes. */
function suffixOf(text: string): string {
  let hash = 0;
  for (const c of text) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return hash.toString(36).padStart(8, 'x').slice(0, 8);
}

/** Routes an AWS Config request. */
export function routeConfig(req: FakeRequest): Route {
  const operation = targetOperation(req, ['StarlingDoveService']);
  const body = parseJsonBody(req);
  const route = (run: () => FakeResponse): Route => ({operation: `config:${operation}`, params: canonicalJson(body), run});
  const config = () => regionOf(req).config ?? EMPTY;
  const named = <T extends {name: string}>(items: T[], key: string, error: string): T[] => {
    const names = body[key] as string[] | undefined;
    if (!names?.length) return items;
    const missing = names.find((n) => !items.some((i) => i.name === n));
    if (missing) throw new AwsError(400, error, `Cannot find ${key === 'DeliveryChannelNames' ? 'delivery channel' : 'configuration recorder'} with specified name '${missing}'.`);
    return items.filter((i) => names.includes(i.name));
  };
  switch (operation) {
    case 'DescribeConfigurationRecorders':
      return route(() =>
        jsonReply({
          ConfigurationRecorders: named(config().recorders, 'ConfigurationRecorderNames', 'NoSuchConfigurationRecorderException').map((r) => ({
            arn: `${arnPrefix(req)}:configuration-recorder/${r.name}/${suffixOf(r.name)}`,
            name: r.name,
            roleARN: r.roleARN,
            recordingGroup: {
              allSupported: r.allSupported,
              includeGlobalResourceTypes: r.includeGlobalResourceTypes,
              resourceTypes: r.resourceTypes ?? [],
              exclusionByResourceTypes: {resourceTypes: []},
              recordingStrategy: {useOnly: r.allSupported ? 'ALL_SUPPORTED_RESOURCE_TYPES' : 'INCLUSION_BY_RESOURCE_TYPES'},
            },
            recordingMode: {recordingFrequency: r.recordingFrequency, recordingModeOverrides: r.recordingModeOverrides ?? []},
            recordingScope: 'PAID',
          })),
        }),
      );
    case 'DescribeConfigurationRecorderStatus':
      return route(() =>
        jsonReply({
          ConfigurationRecordersStatus: named(config().recorders, 'ConfigurationRecorderNames', 'NoSuchConfigurationRecorderException').map((r) =>
            compact({
              arn: `${arnPrefix(req)}:configuration-recorder/${r.name}/${suffixOf(r.name)}`,
              name: r.name,
              lastStartTime: epochSeconds(r.lastStartTime),
              recording: r.recording,
              lastStatus: r.lastStatus,
              lastErrorCode: r.lastErrorCode,
              lastErrorMessage: r.lastErrorCode ? 'The configuration recorder could not deliver.' : undefined,
              lastStatusChangeTime: epochSeconds(r.lastStartTime),
            }),
          ),
        }),
      );
    case 'DescribeDeliveryChannels':
      return route(() =>
        jsonReply({
          DeliveryChannels: named(config().deliveryChannels, 'DeliveryChannelNames', 'NoSuchDeliveryChannelException').map((c) =>
            compact({
              name: c.name,
              s3BucketName: c.s3BucketName,
              s3KeyPrefix: c.s3KeyPrefix,
              snsTopicARN: c.snsTopicARN,
              configSnapshotDeliveryProperties: {deliveryFrequency: 'TwentyFour_Hours'},
            }),
          ),
        }),
      );
    case 'DescribeDeliveryChannelStatus':
      return route(() => {
        const at = 1764316800;
        return jsonReply({
          DeliveryChannelsStatus: named(config().deliveryChannels, 'DeliveryChannelNames', 'NoSuchDeliveryChannelException').map((c) => ({
            name: c.name,
            configSnapshotDeliveryInfo: {lastStatus: c.lastStatus, lastAttemptTime: at, lastSuccessfulTime: at, nextDeliveryTime: at + 86400},
            configHistoryDeliveryInfo: {lastStatus: c.lastStatus, lastAttemptTime: at, lastSuccessfulTime: at},
            configStreamDeliveryInfo: {lastStatus: 'NOT_APPLICABLE', lastStatusChangeTime: at},
          })),
        });
      });
    case 'DescribeConfigurationAggregators':
      return route(() => {
        const names = body.ConfigurationAggregatorNames as string[] | undefined;
        let aggregators = config().aggregators;
        if (names?.length) {
          const missing = names.find((n) => !aggregators.some((a) => a.name === n));
          if (missing) throw new AwsError(400, 'NoSuchConfigurationAggregatorException', 'The configuration aggregator does not exist. Check the configuration aggregator name and try again.');
          aggregators = aggregators.filter((a) => names.includes(a.name));
        }
        const limit = numberParam(body.Limit);
        const {items, nextToken} = paginate(aggregators, {
          scope: `aggregators/${req.region}`,
          token: stringParam(body.NextToken),
          maxResults: limit === 0 ? undefined : limit,
          defaultSize: 10,
          maxSize: 10,
          forcedSize: req.forcedPageSize('config:DescribeConfigurationAggregators'),
          invalid: (message) =>
            message.includes('nextToken')
              ? new AwsError(400, 'InvalidNextTokenException', 'The nextToken provided is invalid')
              : new AwsError(400, 'InvalidLimitException', message),
        });
        return jsonReply(
          compact({
            ConfigurationAggregators: items.map((a) =>
              compact({
                ConfigurationAggregatorName: a.name,
                ConfigurationAggregatorArn: `${arnPrefix(req)}:config-aggregator/config-aggregator-${suffixOf(a.name)}`,
                AccountAggregationSources: a.accountSources?.map((s) =>
                  compact({AccountIds: s.accountIds, AllAwsRegions: s.allAwsRegions, AwsRegions: s.awsRegions}),
                ),
                OrganizationAggregationSource: a.organizationSource
                  ? compact({
                      RoleArn: a.organizationSource.roleArn,
                      AwsRegions: a.organizationSource.awsRegions,
                      AllAwsRegions: a.organizationSource.allAwsRegions,
                    })
                  : undefined,
                CreationTime: epochSeconds(a.creationTime),
                LastUpdatedTime: epochSeconds(a.creationTime),
              }),
            ),
            NextToken: nextToken,
          }),
        );
      });
    default:
      throw unknownOperation(req.service, operation);
  }
}
