import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {describe, expect, it} from '@jest/globals';
import {evaluateChange} from '../../src/iac/change.js';
import {mapTerraformResource} from '../../src/iac/terraform/map.js';
import {terraformPlanChange} from '../../src/iac/terraform/plan.js';
import {absentAccount, projectAccount} from '../../src/iac/project.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import {readChangeInputs} from '../../src/iac/inputs.js';
import type {Finding} from '../../src/evaluate/types.js';
import type {RegionSnapshot, Snapshot} from '../../src/snapshot/types.js';
import {AT, change, judgePlan, readFixture, rules} from './helpers.js';

// The network and service log sources (VPC flow logs, Resolver query logging, load balancer access logs, WAF logging,
// EKS control-plane logs), Terraform and CloudFormation, each judged both ways by the rule that reads it.

type RawPlan = {resource_changes: {address: string; change: {after: Record<string, unknown> | null; after_unknown: Record<string, unknown>}}[]; configuration: {root_module: {resources: {address: string; expressions?: Record<string, unknown>}[]}}};

const TF_ACCOUNT = '111122223333';
const CFN_ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

/** The fixture plan, edited: `edit` gets each resource change's `after` by address. */
function tfPlan(edit: (after: Record<string, Record<string, unknown>>, plan: RawPlan) => void = () => {}): RawPlan {
  const plan = structuredClone(readFixture('terraform/log-sources.plan.json')) as RawPlan;
  const afters = Object.fromEntries(plan.resource_changes.map((rc) => [rc.address, rc.change.after ?? {}]));
  edit(afters, plan);
  return plan;
}

/** Drops resources from a plan (its change and its configuration block). */
function without(plan: RawPlan, ...addresses: string[]): void {
  plan.resource_changes = plan.resource_changes.filter((rc) => !addresses.includes(rc.address));
  plan.configuration.root_module.resources = plan.configuration.root_module.resources.filter((r) => !addresses.includes(r.address));
}

/** An account whose log-source evidence was read and is empty, plus `region` overrides: account-level lists are known. */
function baseWith(accountId: string, region: Partial<RegionSnapshot> = {}): Snapshot {
  return {
    schemaVersion: '1.0',
    collection: {tool: 'trailwise', toolVersion: 'test', source: 'synthetic', startedAt: AT, finishedAt: AT},
    accounts: [
      {
        accountId,
        alias: null,
        organization: null,
        regions: [
          {
            name: REGION,
            optInStatus: 'opt-in-not-required',
            trailArns: [],
            logGroups: [],
            vpc: {vpcs: [], flowLogs: []},
            resolverQueryLogging: {configs: [], associations: []},
            loadBalancers: {v2: [], classic: []},
            wafv2: {regional: {webAcls: [], loggingConfigurations: []}},
            eks: {clusters: []},
            ...region,
          },
        ],
        trails: [],
        trailBuckets: [],
        s3PublicAccessBlock: null,
      },
    ],
  };
}

const statuses = (findings: Finding[], ruleId: string) => [...new Set(findings.filter((f) => f.ruleId === ruleId && !f.resource.endsWith('*')).map((f) => f.status))];

async function tf(plan: RawPlan, base?: Snapshot) {
  return (await judgePlan(plan, {...(base ? {base} : {}), gate: 'all'})).report.findings;
}

async function cfn(strict: boolean, base?: Snapshot) {
  const dir = mkdtempSync(`${tmpdir()}/trailwise-log-sources-`);
  writeFileSync(`${dir}/params.json`, JSON.stringify([{ParameterKey: 'Strict', ParameterValue: String(strict)}]));
  const {change: planned, map} = await readChangeInputs(['test/data/iac/cloudformation/log-sources.yaml'], {region: REGION, accountId: CFN_ACCOUNT, parameters: `${dir}/params.json`});
  return (await evaluateChange(planned, map, {ruleSet: await rules(), ...(base ? {base} : {}), gate: 'all', asOf: AT})).report.findings;
}

describe('Terraform log sources, both ways (fixture terraform/log-sources.plan.json)', () => {
  const cases: {type: string; rule: string; fail: (after: Record<string, Record<string, unknown>>, plan: RawPlan) => void; overBase?: boolean}[] = [
    {type: 'aws_flow_log (traffic_type) on an aws_vpc made in use by aws_nat_gateway in an aws_subnet', rule: 'net.vpc-flow-logs', fail: (a) => (a['aws_flow_log.vpc']!.traffic_type = 'ACCEPT')},
    {
      type: 'aws_route53_resolver_query_log_config_association',
      rule: 'net.r53-resolver-query-logs',
      fail: (_a, plan) => without(plan, 'aws_route53_resolver_query_log_config_association.main'),
      overBase: true,
    },
    // The provider's default: access logs stay off unless `enabled` is set, even with a bucket.
    {type: 'aws_lb (access_logs.enabled defaults to false)', rule: 'elb.access-logs', fail: (a) => (a['aws_lb.web']!.access_logs = [{bucket: 'shop-lb-logs-111122223333', prefix: 'web'}])},
    {type: 'aws_wafv2_web_acl_logging_configuration (+ aws_wafv2_web_acl)', rule: 'waf.logging', fail: (_a, plan) => without(plan, 'aws_wafv2_web_acl_logging_configuration.web'), overBase: true},
    {type: 'aws_eks_cluster (enabled_cluster_log_types)', rule: 'eks.audit-logs', fail: (a) => (a['aws_eks_cluster.shop']!.enabled_cluster_log_types = ['api'])},
  ];

  it.each(cases)('$type → $rule', async ({rule, fail, overBase}) => {
    const base = overBase ? baseWith(TF_ACCOUNT) : undefined;
    expect(statuses(await tf(tfPlan(), base), rule)).toEqual(['pass']);
    expect(statuses(await tf(tfPlan(fail), base), rule)).toEqual(['fail']);
  });

  it('aws_alb is the same resource as aws_lb', async () => {
    const plan = tfPlan((_a, p) => {
      for (const rc of p.resource_changes.filter((x) => x.address === 'aws_lb.web')) Object.assign(rc, {address: 'aws_alb.web', type: 'aws_alb'});
    });
    expect(statuses(await tf(plan), 'elb.access-logs')).toEqual(['pass']);
  });

  it('a subnet-level aws_flow_log covers the VPC only when every subnet has one', async () => {
    const onSubnets = (subnets: string[]) =>
      tfPlan((a, plan) => {
        without(plan, 'aws_flow_log.vpc');
        for (const s of subnets) {
          plan.resource_changes.push(change(`aws_flow_log.${s}`, ['create'], null, {traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::shop-flow-logs-111122223333'}, {after_unknown: {id: true, subnet_id: true}}) as never);
          plan.configuration.root_module.resources.push({address: `aws_flow_log.${s}`, type: 'aws_flow_log', name: s, provider_config_key: 'aws', expressions: {subnet_id: {references: [`aws_subnet.${s}.id`, `aws_subnet.${s}`]}}} as never);
        }
        void a;
      });
    expect(statuses(await tf(onSubnets(['private_a', 'private_b'])), 'net.vpc-flow-logs')).toEqual(['pass']);
    expect(statuses(await tf(onSubnets(['private_a'])), 'net.vpc-flow-logs')).toEqual(['fail']);
  });

  it('cost.flow-logs-destination reads the class of a log group planned next to the flow log', async () => {
    const toGroup = (cls: string) =>
      tfPlan((a, plan) => {
        Object.assign(a['aws_flow_log.vpc']!, {traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs'});
        plan.resource_changes.push(change('aws_cloudwatch_log_group.flow', ['create'], null, {name: '/vpc/flow', retention_in_days: 90, log_group_class: cls}, {after_unknown: {arn: true}}) as never);
        plan.configuration.root_module.resources.push({address: 'aws_cloudwatch_log_group.flow', type: 'aws_cloudwatch_log_group', name: 'flow', provider_config_key: 'aws', expressions: {}} as never);
        const flow = plan.configuration.root_module.resources.find((r) => r.address === 'aws_flow_log.vpc')!;
        flow.expressions = {...flow.expressions, log_destination: {references: ['aws_cloudwatch_log_group.flow.arn', 'aws_cloudwatch_log_group.flow']}};
      });
    expect(statuses(await tf(toGroup('INFREQUENT_ACCESS')), 'cost.flow-logs-destination')).toEqual(['pass']);
    expect(statuses(await tf(toGroup('STANDARD')), 'cost.flow-logs-destination')).toEqual(['fail']);
  });

  it('a value known only after apply is unknown, never pass and never a false fail', async () => {
    const unknownTraffic = tfPlan((a, plan) => {
      delete a['aws_flow_log.vpc']!.traffic_type;
      plan.resource_changes.find((rc) => rc.address === 'aws_flow_log.vpc')!.change.after_unknown.traffic_type = true;
      const flow = plan.configuration.root_module.resources.find((r) => r.address === 'aws_flow_log.vpc')!;
      flow.expressions = {...flow.expressions, traffic_type: {references: ['var.traffic_type']}};
      plan.resource_changes.find((rc) => rc.address === 'aws_lb.web')!.change.after_unknown.access_logs = [{enabled: true}];
      delete (a['aws_lb.web']!.access_logs as Record<string, unknown>[])[0]!.enabled;
    });
    const findings = await tf(unknownTraffic);
    expect(statuses(findings, 'net.vpc-flow-logs')).toEqual(['unknown']);
    expect(statuses(findings, 'elb.access-logs')).toEqual(['unknown']);
  });

  it('projects into snapshots that validate against the snapshot schema, alone and over a base', () => {
    const planned = terraformPlanChange(tfPlan() as never, 'plan.json');
    const add = planned.resources.flatMap((r) => mapTerraformResource(r.after!, r).map((contribution) => ({contribution, source: r.source, action: r.action})));
    const options = {partition: 'aws', absentReason: 'not in the plan'};
    for (const account of [absentAccount(TF_ACCOUNT, [REGION], 'not in the plan'), baseWith(TF_ACCOUNT).accounts[0]!]) {
      const projected = projectAccount(account, [], add, options).account;
      const snapshot = {...baseWith(TF_ACCOUNT), accounts: [projected]};
      expect(() => validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).not.toThrow();
      expect(projected.regions[0]!.vpc).toMatchObject({vpcs: [{VpcId: 'known-after-apply.aws_vpc.main', networkInterfaceCount: 1}]});
    }
  });

  it('plan alone: what the plan does not hold is unknown ("not in the plan"), not an error', async () => {
    const findings = await tf(tfPlan((_a, plan) => without(plan, 'aws_route53_resolver_query_log_config_association.main', 'aws_wafv2_web_acl_logging_configuration.web')));
    expect(statuses(findings, 'net.r53-resolver-query-logs')).toEqual(['unknown']);
    expect(statuses(findings, 'waf.logging')).toEqual(['unknown']);
    // Nor are the services no resource type maps (API Gateway, Security Hub, Security Lake, CloudTrail Lake).
    expect(findings.filter((f) => f.status === 'error').map((f) => f.ruleId)).toEqual([]);
  });
});

describe('CloudFormation log sources, both ways (fixture cloudformation/log-sources.yaml, Strict true / false)', () => {
  it.each([
    ['AWS::EC2::FlowLog (TrafficType) on an AWS::EC2::VPC in use (AWS::EC2::NatGateway in an AWS::EC2::Subnet)', 'net.vpc-flow-logs'],
    ['AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation (+ ResolverQueryLoggingConfig)', 'net.r53-resolver-query-logs'],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer (LoadBalancerAttributes access_logs.s3.enabled)', 'elb.access-logs'],
    ['AWS::WAFv2::LoggingConfiguration (+ AWS::WAFv2::WebACL)', 'waf.logging'],
    ['AWS::EKS::Cluster (Logging.ClusterLogging.EnabledTypes)', 'eks.audit-logs'],
  ])('%s → %s', async (_type, rule) => {
    // Over an account whose lists were read (empty), so that what the template leaves out is known to be absent.
    expect(statuses(await cfn(true, baseWith(CFN_ACCOUNT)), rule)).toEqual(['pass']);
    expect(statuses(await cfn(false, baseWith(CFN_ACCOUNT)), rule)).toEqual(['fail']);
  });

  it('points each finding at the logical id that decides it', async () => {
    const findings = await cfn(false, baseWith(CFN_ACCOUNT));
    const source = (rule: string) => findings.find((f) => f.ruleId === rule && !f.resource.endsWith('*'))?.source?.address;
    expect(source('net.vpc-flow-logs')).toBe('log-sources/VpcFlowLog');
    expect(source('elb.access-logs')).toBe('log-sources/LoadBalancer');
    expect(source('eks.audit-logs')).toBe('log-sources/Cluster');
    expect(source('waf.logging')).toBe('log-sources/WebAcl');
  });
});

describe('log sources, plan over a base snapshot', () => {
  const vpc = {VpcId: 'vpc-0a1b2c3d', OwnerId: TF_ACCOUNT, IsDefault: false, networkInterfaceCount: 12};
  const flowLog = {FlowLogId: 'fl-0e5f6a7b', ResourceId: 'vpc-0a1b2c3d', FlowLogStatus: 'ACTIVE', TrafficType: 'REJECT', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::net-logs'};
  const base = () => baseWith(TF_ACCOUNT, {vpc: {vpcs: [vpc], flowLogs: [flowLog]}});
  const before = {id: 'fl-0e5f6a7b', arn: `arn:aws:ec2:${REGION}:${TF_ACCOUNT}:vpc-flow-log/fl-0e5f6a7b`, vpc_id: 'vpc-0a1b2c3d', traffic_type: 'REJECT', log_destination_type: 's3', log_destination: 'arn:aws:s3:::net-logs'};
  const plan = (changes: unknown[]) => ({
    format_version: '1.2',
    resource_changes: changes,
    configuration: {provider_config: {aws: {name: 'aws', expressions: {region: {constant_value: REGION}}}}},
  });

  it('deleting the only flow log of a VPC in use makes net.vpc-flow-logs newly fail, pointing at the flow log', async () => {
    const {report, before: was} = await judgePlan(plan([change('aws_flow_log.vpc', ['delete'], before, null)]), {base: base()});
    const finding = report.findings.find((f) => f.ruleId === 'net.vpc-flow-logs')!;
    expect(was.findings.find((f) => f.ruleId === 'net.vpc-flow-logs')?.status).toBe('pass');
    expect(finding).toMatchObject({status: 'fail', resource: `arn:aws:ec2:${REGION}:${TF_ACCOUNT}:vpc/vpc-0a1b2c3d`, source: {address: 'aws_flow_log.vpc'}});
    expect(report.change!.newlyFailing).toContain(finding.fingerprint);
  });

  it('replacing the flow log with one of accepted traffic only fails; adding one to an unlogged VPC fixes it', async () => {
    const replaced = await judgePlan(plan([change('aws_flow_log.vpc', ['delete', 'create'], before, {...before, id: null, arn: null, traffic_type: 'ACCEPT'})]), {base: base()});
    expect(replaced.report.findings.find((f) => f.ruleId === 'net.vpc-flow-logs')?.status).toBe('fail');
    const unlogged = baseWith(TF_ACCOUNT, {vpc: {vpcs: [vpc], flowLogs: []}});
    const added = await judgePlan(plan([change('aws_flow_log.vpc', ['create'], null, {vpc_id: 'vpc-0a1b2c3d', traffic_type: 'ALL', log_destination_type: 's3', log_destination: 'arn:aws:s3:::net-logs'})]), {base: unlogged});
    expect(added.report.change!.fixed.map((f) => f.ruleId)).toContain('net.vpc-flow-logs');
  });

  it('matches a load balancer by name and a cluster by name: an update replaces their settings, keeping the ARN', async () => {
    const lbArn = `arn:aws:elasticloadbalancing:${REGION}:${TF_ACCOUNT}:loadbalancer/app/shop-web/50dc6c495c0c9188`;
    const withLb = baseWith(TF_ACCOUNT, {
      loadBalancers: {v2: [{LoadBalancerArn: lbArn, LoadBalancerName: 'shop-web', Type: 'application', attributes: [{Key: 'access_logs.s3.enabled', Value: 'true'}]}], classic: []},
      eks: {clusters: [{name: 'shop', cluster: {name: 'shop', arn: `arn:aws:eks:${REGION}:${TF_ACCOUNT}:cluster/shop`, logging: {clusterLogging: [{types: ['audit', 'authenticator'], enabled: true}]}}}]},
    });
    const lb = {name: 'shop-web', arn: lbArn, load_balancer_type: 'application', access_logs: [{bucket: 'lb-logs', enabled: true}]};
    const cluster = {name: 'shop', arn: `arn:aws:eks:${REGION}:${TF_ACCOUNT}:cluster/shop`, enabled_cluster_log_types: ['audit', 'authenticator']};
    const {report} = await judgePlan(
      plan([
        change('aws_lb.web', ['update'], lb, {...lb, access_logs: [{bucket: 'lb-logs', enabled: false}]}),
        change('aws_eks_cluster.shop', ['update'], cluster, {...cluster, enabled_cluster_log_types: ['audit']}),
      ]),
      {base: withLb},
    );
    expect(report.findings.filter((f) => f.ruleId === 'elb.access-logs').map((f) => `${f.status} ${f.resource}`)).toEqual([`fail ${lbArn}`]);
    expect(report.findings.filter((f) => f.ruleId === 'eks.audit-logs').map((f) => f.status)).toEqual(['fail']);
    expect(report.change!.newlyFailing).toHaveLength(2);
  });
});
