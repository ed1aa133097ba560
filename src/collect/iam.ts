/**
 * Every AWS operation the collectors send, with the IAM action it needs. The table is the source of truth for
 * `iam/trailwise-readonly-policy.json` (a test keeps the two equal) and names operations in stats and errors
 * (by command class, so that a minified bundle still names them right).
 */
import {GetRestApisCommand, GetStagesCommand as GetRestStagesCommand} from '@aws-sdk/client-api-gateway';
import {GetApisCommand, GetStagesCommand as GetV2StagesCommand} from '@aws-sdk/client-apigatewayv2';
import {
  DescribeTrailsCommand,
  GetEventDataStoreCommand,
  GetEventSelectorsCommand,
  GetInsightSelectorsCommand,
  GetTrailStatusCommand,
  ListEventDataStoresCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeConfigurationAggregatorsCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  DescribeDeliveryChannelStatusCommand,
} from '@aws-sdk/client-config-service';
import {ListGraphsCommand, ListInvitationsCommand} from '@aws-sdk/client-detective';
import {
  DescribeFlowLogsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {DescribeClusterCommand, ListClustersCommand} from '@aws-sdk/client-eks';
import {
  DescribeLoadBalancerAttributesCommand as DescribeClassicLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListMembersCommand,
  ListPublishingDestinationsCommand,
} from '@aws-sdk/client-guardduty';
import {ListAccountAliasesCommand} from '@aws-sdk/client-iam';
import {DescribeOrganizationCommand} from '@aws-sdk/client-organizations';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import {GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand} from '@aws-sdk/client-s3-control';
import {ListResolverQueryLogConfigAssociationsCommand, ListResolverQueryLogConfigsCommand} from '@aws-sdk/client-route53resolver';
import {
  DescribeHubCommand,
  DescribeOrganizationConfigurationCommand as DescribeSecurityHubOrganizationConfigurationCommand,
  GetAdministratorAccountCommand as GetSecurityHubAdministratorAccountCommand,
  GetEnabledStandardsCommand,
} from '@aws-sdk/client-securityhub';
import {ListDataLakesCommand, ListLogSourcesCommand} from '@aws-sdk/client-securitylake';
import {GetCallerIdentityCommand} from '@aws-sdk/client-sts';
import {ListLoggingConfigurationsCommand, ListWebACLsCommand} from '@aws-sdk/client-wafv2';

/** One operation trailwise sends. */
export interface OperationInfo {
  /** The service prefix used in `service:Operation` names (`s3control` for S3 Control). */
  service: string;
  operation: string;
  /** The IAM action that allows it; `null` when none is needed (STS GetCallerIdentity). */
  iamAction: string | null;
  /** The SDK package the command comes from. */
  sdkPackage: string;
}

type CommandClass = abstract new (...args: never[]) => object;

const table: [CommandClass, OperationInfo][] = [];

function add(command: CommandClass, sdkPackage: string, service: string, operation: string, iamAction: string | null): void {
  table.push([command, {service, operation, iamAction, sdkPackage}]);
}

add(GetCallerIdentityCommand, '@aws-sdk/client-sts', 'sts', 'GetCallerIdentity', null);
add(ListAccountAliasesCommand, '@aws-sdk/client-iam', 'iam', 'ListAccountAliases', 'iam:ListAccountAliases');
add(DescribeOrganizationCommand, '@aws-sdk/client-organizations', 'organizations', 'DescribeOrganization', 'organizations:DescribeOrganization');
add(DescribeRegionsCommand, '@aws-sdk/client-ec2', 'ec2', 'DescribeRegions', 'ec2:DescribeRegions');

add(DescribeTrailsCommand, '@aws-sdk/client-cloudtrail', 'cloudtrail', 'DescribeTrails', 'cloudtrail:DescribeTrails');
add(GetTrailStatusCommand, '@aws-sdk/client-cloudtrail', 'cloudtrail', 'GetTrailStatus', 'cloudtrail:GetTrailStatus');
add(GetEventSelectorsCommand, '@aws-sdk/client-cloudtrail', 'cloudtrail', 'GetEventSelectors', 'cloudtrail:GetEventSelectors');
add(GetInsightSelectorsCommand, '@aws-sdk/client-cloudtrail', 'cloudtrail', 'GetInsightSelectors', 'cloudtrail:GetInsightSelectors');

// S3's IAM action names differ from several operation names.
add(ListBucketsCommand, '@aws-sdk/client-s3', 's3', 'ListBuckets', 's3:ListAllMyBuckets');
add(GetBucketLocationCommand, '@aws-sdk/client-s3', 's3', 'GetBucketLocation', 's3:GetBucketLocation');
add(GetObjectLockConfigurationCommand, '@aws-sdk/client-s3', 's3', 'GetObjectLockConfiguration', 's3:GetBucketObjectLockConfiguration');
add(GetBucketVersioningCommand, '@aws-sdk/client-s3', 's3', 'GetBucketVersioning', 's3:GetBucketVersioning');
add(GetPublicAccessBlockCommand, '@aws-sdk/client-s3', 's3', 'GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock');
add(GetBucketPolicyCommand, '@aws-sdk/client-s3', 's3', 'GetBucketPolicy', 's3:GetBucketPolicy');
add(GetBucketPolicyStatusCommand, '@aws-sdk/client-s3', 's3', 'GetBucketPolicyStatus', 's3:GetBucketPolicyStatus');
add(GetBucketAclCommand, '@aws-sdk/client-s3', 's3', 'GetBucketAcl', 's3:GetBucketAcl');
add(GetBucketEncryptionCommand, '@aws-sdk/client-s3', 's3', 'GetBucketEncryption', 's3:GetEncryptionConfiguration');
add(GetBucketLifecycleConfigurationCommand, '@aws-sdk/client-s3', 's3', 'GetBucketLifecycleConfiguration', 's3:GetLifecycleConfiguration');
add(GetBucketLoggingCommand, '@aws-sdk/client-s3', 's3', 'GetBucketLogging', 's3:GetBucketLogging');
add(GetAccountPublicAccessBlockCommand, '@aws-sdk/client-s3-control', 's3control', 'GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock');

add(DescribeLogGroupsCommand, '@aws-sdk/client-cloudwatch-logs', 'logs', 'DescribeLogGroups', 'logs:DescribeLogGroups');
add(DescribeMetricFiltersCommand, '@aws-sdk/client-cloudwatch-logs', 'logs', 'DescribeMetricFilters', 'logs:DescribeMetricFilters');
add(DescribeSubscriptionFiltersCommand, '@aws-sdk/client-cloudwatch-logs', 'logs', 'DescribeSubscriptionFilters', 'logs:DescribeSubscriptionFilters');

add(DescribeConfigurationRecordersCommand, '@aws-sdk/client-config-service', 'config', 'DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorders');
add(DescribeConfigurationRecorderStatusCommand, '@aws-sdk/client-config-service', 'config', 'DescribeConfigurationRecorderStatus', 'config:DescribeConfigurationRecorderStatus');
add(DescribeDeliveryChannelsCommand, '@aws-sdk/client-config-service', 'config', 'DescribeDeliveryChannels', 'config:DescribeDeliveryChannels');
add(DescribeDeliveryChannelStatusCommand, '@aws-sdk/client-config-service', 'config', 'DescribeDeliveryChannelStatus', 'config:DescribeDeliveryChannelStatus');
add(DescribeConfigurationAggregatorsCommand, '@aws-sdk/client-config-service', 'config', 'DescribeConfigurationAggregators', 'config:DescribeConfigurationAggregators');

add(ListDetectorsCommand, '@aws-sdk/client-guardduty', 'guardduty', 'ListDetectors', 'guardduty:ListDetectors');
add(GetDetectorCommand, '@aws-sdk/client-guardduty', 'guardduty', 'GetDetector', 'guardduty:GetDetector');
add(GetAdministratorAccountCommand, '@aws-sdk/client-guardduty', 'guardduty', 'GetAdministratorAccount', 'guardduty:GetAdministratorAccount');
add(ListPublishingDestinationsCommand, '@aws-sdk/client-guardduty', 'guardduty', 'ListPublishingDestinations', 'guardduty:ListPublishingDestinations');
add(DescribeOrganizationConfigurationCommand, '@aws-sdk/client-guardduty', 'guardduty', 'DescribeOrganizationConfiguration', 'guardduty:DescribeOrganizationConfiguration');
add(ListMembersCommand, '@aws-sdk/client-guardduty', 'guardduty', 'ListMembers', 'guardduty:ListMembers');
add(ListFindingsCommand, '@aws-sdk/client-guardduty', 'guardduty', 'ListFindings', 'guardduty:ListFindings');

add(ListGraphsCommand, '@aws-sdk/client-detective', 'detective', 'ListGraphs', 'detective:ListGraphs');
add(ListInvitationsCommand, '@aws-sdk/client-detective', 'detective', 'ListInvitations', 'detective:ListInvitations');

add(ListClustersCommand, '@aws-sdk/client-eks', 'eks', 'ListClusters', 'eks:ListClusters');
add(DescribeClusterCommand, '@aws-sdk/client-eks', 'eks', 'DescribeCluster', 'eks:DescribeCluster');

// API Gateway authorizes management reads as the HTTP verb on the resource path (`apigateway:GET` on
// `arn:aws:apigateway:<region>::/restapis`…), for v1 and v2 alike; the policy scopes it to the four paths read.
add(GetRestApisCommand, '@aws-sdk/client-api-gateway', 'apigateway', 'GetRestApis', 'apigateway:GET');
add(GetRestStagesCommand, '@aws-sdk/client-api-gateway', 'apigateway', 'GetStages', 'apigateway:GET');
add(GetApisCommand, '@aws-sdk/client-apigatewayv2', 'apigatewayv2', 'GetApis', 'apigateway:GET');
add(GetV2StagesCommand, '@aws-sdk/client-apigatewayv2', 'apigatewayv2', 'GetStages', 'apigateway:GET');

add(DescribeHubCommand, '@aws-sdk/client-securityhub', 'securityhub', 'DescribeHub', 'securityhub:DescribeHub');
add(GetEnabledStandardsCommand, '@aws-sdk/client-securityhub', 'securityhub', 'GetEnabledStandards', 'securityhub:GetEnabledStandards');
add(GetSecurityHubAdministratorAccountCommand, '@aws-sdk/client-securityhub', 'securityhub', 'GetAdministratorAccount', 'securityhub:GetAdministratorAccount');
add(
  DescribeSecurityHubOrganizationConfigurationCommand,
  '@aws-sdk/client-securityhub',
  'securityhub',
  'DescribeOrganizationConfiguration',
  'securityhub:DescribeOrganizationConfiguration',
);

add(ListDataLakesCommand, '@aws-sdk/client-securitylake', 'securitylake', 'ListDataLakes', 'securitylake:ListDataLakes');
add(ListLogSourcesCommand, '@aws-sdk/client-securitylake', 'securitylake', 'ListLogSources', 'securitylake:ListLogSources');

add(ListEventDataStoresCommand, '@aws-sdk/client-cloudtrail', 'cloudtrail', 'ListEventDataStores', 'cloudtrail:ListEventDataStores');
add(GetEventDataStoreCommand, '@aws-sdk/client-cloudtrail', 'cloudtrail', 'GetEventDataStore', 'cloudtrail:GetEventDataStore');

add(DescribeVpcsCommand, '@aws-sdk/client-ec2', 'ec2', 'DescribeVpcs', 'ec2:DescribeVpcs');
add(DescribeNetworkInterfacesCommand, '@aws-sdk/client-ec2', 'ec2', 'DescribeNetworkInterfaces', 'ec2:DescribeNetworkInterfaces');
add(DescribeFlowLogsCommand, '@aws-sdk/client-ec2', 'ec2', 'DescribeFlowLogs', 'ec2:DescribeFlowLogs');
add(DescribeSubnetsCommand, '@aws-sdk/client-ec2', 'ec2', 'DescribeSubnets', 'ec2:DescribeSubnets');

add(ListResolverQueryLogConfigsCommand, '@aws-sdk/client-route53resolver', 'route53resolver', 'ListResolverQueryLogConfigs', 'route53resolver:ListResolverQueryLogConfigs');
add(
  ListResolverQueryLogConfigAssociationsCommand,
  '@aws-sdk/client-route53resolver',
  'route53resolver',
  'ListResolverQueryLogConfigAssociations',
  'route53resolver:ListResolverQueryLogConfigAssociations',
);

// ELB v2 and Classic share one IAM prefix and action names; the operations are told apart as `elbv2:` and `elb:`.
add(DescribeLoadBalancersCommand, '@aws-sdk/client-elastic-load-balancing-v2', 'elbv2', 'DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancers');
add(
  DescribeLoadBalancerAttributesCommand,
  '@aws-sdk/client-elastic-load-balancing-v2',
  'elbv2',
  'DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
);
add(DescribeClassicLoadBalancersCommand, '@aws-sdk/client-elastic-load-balancing', 'elb', 'DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancers');
add(
  DescribeClassicLoadBalancerAttributesCommand,
  '@aws-sdk/client-elastic-load-balancing',
  'elb',
  'DescribeLoadBalancerAttributes',
  'elasticloadbalancing:DescribeLoadBalancerAttributes',
);

add(ListWebACLsCommand, '@aws-sdk/client-wafv2', 'wafv2', 'ListWebACLs', 'wafv2:ListWebACLs');
add(ListLoggingConfigurationsCommand, '@aws-sdk/client-wafv2', 'wafv2', 'ListLoggingConfigurations', 'wafv2:ListLoggingConfigurations');

const byCommand = new Map<unknown, OperationInfo>(table);

/** Every operation the collectors may send, in table order. */
export const OPERATIONS: readonly OperationInfo[] = table.map(([, info]) => info);

/** `service:Operation` → IAM action (`null` when the operation needs no permission). */
export const IAM_ACTIONS: Readonly<Record<string, string | null>> = Object.fromEntries(
  OPERATIONS.map((o) => [`${o.service}:${o.operation}`, o.iamAction]),
);

/** The IAM actions a read-only policy must allow for a full collection, sorted and de-duplicated. */
export function requiredIamActions(): string[] {
  return [...new Set(OPERATIONS.flatMap((o) => (o.iamAction ? [o.iamAction] : [])))].sort();
}

/** The table entry for a command object, when it is one trailwise knows. */
export function operationOfCommand(command: object): OperationInfo | undefined {
  return byCommand.get(command.constructor);
}
