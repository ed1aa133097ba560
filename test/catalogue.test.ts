// The catalogue test (after cdk-nag's Packs.test.ts and eslint's checkRuleFiles): the shipped rule ids are pinned,
// each rule validates, has both a passing and a failing test case, and is documented in docs/rules.md.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {builtinPolicyDir, loadPacks, loadPolicies} from '../src/evaluate/policy.js';
import {loadTestFile} from '../src/evaluate/policy-tests.js';
import {renderRuleDocs} from '../src/evaluate/rule-docs.js';

/** Every rule `../shared/catalogue.md` requires for the first release (Scope). */
export const REQUIRED_RULES = [
  'ct.region-coverage', 'ct.multi-region-mgmt-rw', 'ct.global-service-events', 'ct.org-trail-coverage',
  'ct.log-file-validation', 'ct.kms-encryption', 'ct.cloudwatch-delivery', 'ct.s3-data-events-write',
  'ct.s3-data-events-read', 'ct.data-events-sensitive-buckets', 'ct.security-trail', 'ct.insights',
  's3.trail-bucket-not-public', 's3.account-public-access-block', 's3.trail-bucket-access-logging',
  's3.trail-bucket-object-lock', 's3.trail-bucket-versioning', 's3.trail-bucket-mfa-delete', 's3.trail-bucket-retention',
  's3.trail-bucket-central',
  'gd.enabled-all-regions', 'gd.centrally-managed', 'gd.s3-protection', 'gd.findings-export', 'gd.no-high-findings',
  'det.enabled',
  'cfg.recorder-all-regions', 'cfg.delivery-channel', 'cfg.org-aggregator',
  'cwl.retention-set', 'cwl.security-retention-min', 'cwl.kms',
  'cost.duplicate-mgmt-trails', 'cost.s3-data-events-all-buckets', 'cost.data-events-log-bucket-loop',
  'cost.insights-multi-trail', 'cost.cwl-never-expire', 'cost.log-bucket-no-lifecycle', 'cost.ct-cwl-double-ingest',
  'cost.config-recording-mode',
  // Wave 2 (issue 9): SEC04-BP01's network and service log sources.
  'net.vpc-flow-logs', 'net.r53-resolver-query-logs', 'elb.access-logs', 'waf.logging', 'cost.flow-logs-destination',
  // Issue 9 (SEC04-BP01 service logs): EKS, API Gateway, Security Hub, Security Lake, CloudTrail Lake.
  'eks.audit-logs', 'apigw.access-logs', 'sh.enabled', 'sl.enabled', 'ct.lake-cmk', 'cost.lake-plus-trail-duplicate',
].sort();

const dir = builtinPolicyDir();
const policies = await loadPolicies([dir]);

describe('rule catalogue', () => {
  it('ships exactly the rules the catalogue requires for the first release', () => {
    expect(policies.map((p) => p.id)).toEqual(REQUIRED_RULES);
  });

  const catalogue = path.join(dir, '..', '..', 'shared', 'catalogue.md');
  (existsSync(catalogue) ? it : it.skip)('every id pinned here appears in ../shared/catalogue.md', () => {
    const text = readFileSync(catalogue, 'utf8');
    for (const id of REQUIRED_RULES) expect(text).toContain(`\`${id}\``);
  });

  it('reserved ids are not used by shipped rules', () => {
    const reserved = readFileSync(path.join(dir, 'reserved.yaml'), 'utf8');
    for (const p of policies) expect(reserved).not.toMatch(new RegExp(`^\\s*-\\s*${p.id.replace('.', '\\.')}\\b`, 'm'));
  });

  it.each(policies.map((p) => [p.id, p] as const))('%s has a test file with a passing and a failing case', async (id, policy) => {
    const testFile = policy.source!.replace(/\.ya?ml$/, '.test.yaml');
    expect(existsSync(testFile)).toBe(true);
    const spec = await loadTestFile(testFile);
    expect(spec.rule).toBe(id);
    const statuses = spec.cases.flatMap((c) => (typeof c.expect === 'string' ? [c.expect] : Object.keys(c.expect).filter((k) => (c.expect as Record<string, number>)[k]! > 0)));
    expect(statuses).toContain('pass');
    expect(statuses).toContain('fail');
  });

  it('packs name only shipped rules', async () => {
    const ids = new Set(policies.map((p) => p.id));
    for (const pack of (await loadPacks()).values()) {
      for (const id of Object.keys(pack.rules)) expect(ids.has(id) ? id : `${pack.id}: ${id}`).toBe(id);
    }
  });

  it('pins the network rules in their packs: all SEC04 ones in wa-sec04, the CIS flow-log rule in cis-l2, the cost one in cost-aware', async () => {
    const packs = await loadPacks();
    const rulesOf = (id: string) => packs.get(id)!.rules as Record<string, {enabled?: boolean; severity?: string}>;
    for (const id of ['net.vpc-flow-logs', 'net.r53-resolver-query-logs', 'elb.access-logs', 'waf.logging']) expect(rulesOf('wa-sec04')[id]).toEqual({enabled: true});
    expect(rulesOf('cis-l2')['net.vpc-flow-logs']).toEqual({enabled: true});
    expect(rulesOf('cis-l2')['cost.flow-logs-destination']).toEqual({enabled: false});
    expect(rulesOf('cost-aware')['cost.flow-logs-destination']).toEqual({severity: 'medium'});
  });

  it('docs/rules.md documents every rule and is up to date (npm run docs:rules)', () => {
    const docs = readFileSync(path.join(dir, '..', 'docs', 'rules.md'), 'utf8');
    expect(docs).toBe(renderRuleDocs(policies));
  });
});

describe('packs and the service-log rules', () => {
  it('wa-sec04 lists sl.enabled switched off; cis-l2 keeps the CIS Security Hub item on; cost-aware raises the Lake duplicate advisory', async () => {
    const packs = await loadPacks();
    expect(packs.get('wa-sec04')!.rules['sl.enabled']).toEqual({enabled: false});
    expect(packs.get('cis-l2')!.rules['sh.enabled']).toEqual({enabled: true});
    expect(packs.get('cost-aware')!.rules['cost.lake-plus-trail-duplicate']).toEqual({severity: 'medium'});
    expect(policies.find((p) => p.id === 'sl.enabled')!.enabled).toBe(false);
    for (const id of ['eks.audit-logs', 'apigw.access-logs', 'sh.enabled', 'ct.lake-cmk']) expect(policies.find((p) => p.id === id)!.enabled ?? true).toBe(true);
  });
});
