// End to end without AWS: the real collectors read the wire-format fake AWS over HTTP, and the shipped rule set
// judges the snapshot. A well-configured account must not fail anything critical or high; a neglected one must fail
// the coverage rules; an organization member that sees only the organization trail must get `unknown`, never `fail`.
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {createClientFactory} from '../../src/collect/clients.js';
import {collectSnapshot} from '../../src/collect/collect.js';
import type {Finding} from '../../src/evaluate/types.js';
import {evaluateSnapshot, loadRuleSet, type RuleSet} from '../../src/pipeline.js';
import type {Report} from '../../src/report/report.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import {neglectedAccount, organizationModel, startFakeAws, wellConfiguredAccount, type FakeAws} from '../support/fake-aws/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const WELL = '111122223333';
const NEGLECTED = '444455556666';
const MEMBER = '444444440000';

/** The coverage rules a neglected account must fail (all four ship in the default pack). */
const COVERAGE_RULES = ['ct.region-coverage', 'ct.multi-region-mgmt-rw', 'gd.enabled-all-regions', 'cfg.recorder-all-regions'];

let aws: FakeAws;
let ruleSet: RuleSet;

beforeAll(async () => {
  const org = organizationModel();
  aws = await startFakeAws({
    accounts: [...org.accounts, {...wellConfiguredAccount({accountId: WELL}), standalone: true}, {...neglectedAccount({accountId: NEGLECTED}), standalone: true}],
    organization: org.organization,
  });
  ruleSet = await loadRuleSet();
});
afterAll(async () => {
  await aws.stop();
});

async function scan(accountId: string): Promise<Report> {
  const credentials = aws.credentialsFor(accountId);
  const snapshot = await collectSnapshot({clients: createClientFactory({endpointUrl: aws.endpoint, credentials: async () => credentials, maxAttempts: 2})});
  return evaluateSnapshot(validateSnapshot(JSON.parse(JSON.stringify(snapshot))), ruleSet);
}

const statusesOf = (report: Report, ruleId: string) => [...new Set(report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.status))];
const describeFinding = (f: Finding) => `${f.ruleId} ${f.status} ${f.region}: ${f.message}`;

it('ships the coverage rules this test relies on', () => {
  const ids = ruleSet.rules.filter((r) => r.rule.enabled).map((r) => r.rule.id);
  expect(ids).toEqual(expect.arrayContaining(COVERAGE_RULES));
});

describe('a well-configured account', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan(WELL);
  });

  it('has no critical or high finding that fails, errs or is unknown', () => {
    const serious = report.findings.filter((f) => ['critical', 'high'].includes(f.severity) && ['fail', 'error', 'unknown'].includes(f.status));
    expect(serious.map(describeFinding)).toEqual([]);
  });

  it('passes the coverage rules in every enabled region', () => {
    for (const ruleId of COVERAGE_RULES) expect([ruleId, statusesOf(report, ruleId)]).toEqual([ruleId, ['pass']]);
    expect(report.findings.filter((f) => f.ruleId === 'ct.region-coverage')).toHaveLength(17);
  });

  it('scores high', () => {
    expect(report.score.sec04).toBeGreaterThanOrEqual(90);
  });
});

describe('a neglected account', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scan(NEGLECTED);
  });

  it('fails every coverage rule, in every enabled region where the rule is per region', () => {
    for (const ruleId of COVERAGE_RULES) expect([ruleId, statusesOf(report, ruleId)]).toEqual([ruleId, ['fail']]);
    for (const ruleId of ['ct.region-coverage', 'gd.enabled-all-regions', 'cfg.recorder-all-regions']) {
      expect([ruleId, report.findings.filter((f) => f.ruleId === ruleId).length]).toEqual([ruleId, 17]);
    }
  });

  it('has no error findings: nothing configured is a fact, not a collection failure', () => {
    expect(report.findings.filter((f) => f.status === 'error').map(describeFinding)).toEqual([]);
  });
});

describe('an organization member that sees only the organization trail', () => {
  it('gets unknown (look in the management account), never a false fail, for trail coverage', async () => {
    const report = await scan(MEMBER);
    for (const ruleId of ['ct.region-coverage', 'ct.multi-region-mgmt-rw', 'ct.org-trail-coverage']) {
      expect([ruleId, statusesOf(report, ruleId)]).toEqual([ruleId, ['unknown']]);
    }
    expect(report.findings.find((f) => f.ruleId === 'ct.region-coverage')?.message).toMatch(/111111111111/);
    expect(statusesOf(report, 'gd.enabled-all-regions')).toEqual(['pass']);
  });
});
