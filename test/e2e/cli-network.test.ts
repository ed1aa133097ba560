// The path docs/moto.md describes, run against the wire-format fake instead of moto (which cannot be installed here):
// an account seeded with VPCs, flow logs, Resolver query logging, load balancers and web ACLs, scanned by the CLI with
// --endpoint-url and credentials from the environment; the saved snapshot holds the network evidence and the report
// the network rules' findings.
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import type {LoadBalancerEvidence, ResolverQueryLoggingEvidence, Vpc, VpcEvidence, Wafv2Evidence} from '../../src/snapshot/types.js';
import {fakeTerminal} from '../cli/fake-terminal.js';
import {neglectedAccount, startFakeAws, wellConfiguredAccount, type FakeAws} from '../support/fake-aws/index.js';

const WELL = '111122223333';
const NEGLECTED = '444455556666';
const NETWORK_RULES = ['net.vpc-flow-logs', 'net.r53-resolver-query-logs', 'elb.access-logs', 'waf.logging'];
let aws: FakeAws;
const saved = {...process.env};

beforeAll(async () => {
  aws = await startFakeAws({accounts: [wellConfiguredAccount({accountId: WELL}), neglectedAccount({accountId: NEGLECTED})]});
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
});
afterAll(async () => {
  await aws.stop();
  process.env = saved;
});

interface Finding {
  ruleId: string;
  status: string;
  region: string;
}

/** `trailwise scan --regions … --endpoint-url <fake>` as `accountId`; the saved snapshot and the JSON report. */
async function scan(accountId: string, regions: string) {
  const keys = aws.credentialsFor(accountId);
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-network-'));
  const snapshotFile = path.join(dir, 'snapshot.json');
  const reportFile = path.join(dir, 'report.json');
  const term = fakeTerminal();
  const code = await runCli(['scan', '--regions', regions, '--format', 'json', '--output', reportFile, '--save-snapshot', snapshotFile, '--endpoint-url', aws.endpoint], term);
  expect(term.stderr).not.toMatch(/internal error/);
  const snapshot = validateSnapshot(JSON.parse(readFileSync(snapshotFile, 'utf8')), snapshotFile);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {findings: Finding[]};
  return {code, snapshot, findings: report.findings.filter((f) => NETWORK_RULES.includes(f.ruleId) || f.ruleId === 'cost.flow-logs-destination')};
}

describe('trailwise scan reads the network evidence of a seeded account', () => {
  it('GIVEN a well-configured account WHEN scanned THEN the snapshot holds its VPCs, flow logs, DNS logging, load balancers and web ACLs, and the network rules pass', async () => {
    const {snapshot, findings} = await scan(WELL, 'us-east-1');
    const region = snapshot.accounts[0]!.regions.find((r) => r.name === 'us-east-1')!;
    const vpcs = (region.vpc as VpcEvidence).vpcs as Vpc[];

    expect(vpcs.map((v) => v.networkInterfaceCount)).toEqual([4, 2, 0]);
    expect((region.vpc as VpcEvidence).flowLogs).toHaveLength(3);
    expect((region.resolverQueryLogging as ResolverQueryLoggingEvidence).associations).toHaveLength(2);
    expect((region.loadBalancers as LoadBalancerEvidence).classic).toHaveLength(1);
    expect((region.wafv2 as Wafv2Evidence).regional.loggingConfigurations).toHaveLength(1);
    expect(snapshot.collection.calls).toMatchObject({'ec2:DescribeVpcs': 1, 'ec2:DescribeFlowLogs': 1, 'elbv2:DescribeLoadBalancers': 1, 'wafv2:ListWebACLs': 2});

    const statuses = new Set(findings.map((f) => `${f.ruleId}:${f.status}`));
    expect([...statuses].sort()).toEqual([
      'cost.flow-logs-destination:not_applicable',
      'elb.access-logs:pass',
      'net.r53-resolver-query-logs:not_applicable',
      'net.r53-resolver-query-logs:pass',
      'net.vpc-flow-logs:not_applicable',
      'net.vpc-flow-logs:pass',
      'waf.logging:pass',
    ]);
  });

  it('GIVEN a neglected account WHEN scanned THEN its in-use default VPC, its ALB and its web ACL fail', async () => {
    const {code, findings} = await scan(NEGLECTED, 'us-east-1,eu-west-1');

    expect(code).toBe(1);
    const failing = findings.filter((f) => f.status === 'fail');
    expect(failing.map((f) => `${f.ruleId}@${f.region}`).sort()).toEqual([
      'elb.access-logs@us-east-1',
      'net.r53-resolver-query-logs@us-east-1',
      'net.vpc-flow-logs@us-east-1',
      'waf.logging@us-east-1',
    ]);
    // eu-west-1 holds no network resource of this account: nothing to judge there, nothing in error.
    expect(findings.filter((f) => f.region === 'eu-west-1')).toEqual([]);
  });
});
