import {describe, expect, it} from '@jest/globals';
import {InputError} from '../../src/errors.js';
import {parsePlan, withMarkers} from '../../src/iac/terraform/plan.js';
import {Unresolved} from '../../src/iac/model.js';
import {gate} from '../../src/pipeline.js';
import {change, judgePlan, planOf, readFixture, snapshotFixture, statusesOf} from './helpers.js';

const find = <F extends {ruleId: string; resource: string}>(findings: F[], ruleId: string, resourcePart: string): F | undefined =>
  findings.find((f) => f.ruleId === ruleId && f.resource.includes(resourcePart));

describe('Terraform plan JSON, alone (fixture: a module, count, for_each, a replace, a delete, a provider alias)', () => {
  const plan = readFixture('terraform/logging-change.plan.json');

  it('names every finding by its instance address, module path and key included', async () => {
    const {report} = await judgePlan(plan);
    expect(find(report.findings, 'ct.log-file-validation', 'trail/org-trail')).toMatchObject({status: 'pass', source: {kind: 'terraform', address: 'module.logs.aws_cloudtrail.main["org"]'}});
    expect(find(report.findings, 'cwl.retention-set', '/aws/cloudtrail/org-trail')).toMatchObject({status: 'pass', source: {address: 'module.logs.aws_cloudwatch_log_group.trail[0]'}});
    expect(report.findings.every((f) => f.accountId === '111122223333')).toBe(true);
  });

  it('ties split S3 resources to their bucket through the configuration references when the bucket id is unknown', async () => {
    const {report} = await judgePlan(plan);
    expect(find(report.findings, 's3.trail-bucket-object-lock', 'acme-org-trail-logs')).toMatchObject({
      status: 'pass',
      source: {address: 'module.logs.aws_s3_bucket_object_lock_configuration.trail'},
    });
    expect(find(report.findings, 's3.trail-bucket-versioning', 'acme-org-trail-logs')?.status).toBe('pass');
    expect(find(report.findings, 's3.trail-bucket-not-public', 'acme-org-trail-logs')?.status).toBe('pass');
  });

  it('puts a provider alias in its own region', async () => {
    const {report} = await judgePlan(plan);
    const us = report.findings.find((f) => f.ruleId === 'gd.enabled-all-regions' && f.region === 'us-east-1');
    expect(us).toMatchObject({status: 'pass', source: {address: 'aws_guardduty_detector.us'}});
  });

  it('makes a value known only after apply unknown, never pass and never fail', async () => {
    const {report} = await judgePlan(plan);
    const delivery = find(report.findings, 'ct.cloudwatch-delivery', 'trail/org-trail');
    expect(delivery?.status).toBe('unknown');
    expect(delivery?.message).toMatch(/known only after apply/);
    // The KMS key is created by the same plan: the trail will have one.
    expect(find(report.findings, 'ct.kms-encryption', 'trail/org-trail')?.status).toBe('pass');
  });

  it('reads no sensitive value into the report', async () => {
    const {report} = await judgePlan(plan);
    expect(find(report.findings, 'cwl.kms', '/app/worker')).toBeUndefined();
    expect(JSON.stringify(report)).not.toContain('1234abcd-12ab-34cd-56ef-1234567890ab');
  });

  it('reports what the change newly fails and what it fixes', async () => {
    const {report} = await judgePlan(plan);
    const newly = report.findings.filter((f) => report.change!.newlyFailing.includes(f.fingerprint));
    expect(newly.map((f) => `${f.ruleId} ${f.source?.address}`)).toContain('cwl.retention-set aws_cloudwatch_log_group.app["api"]');
    expect(report.change!.fixed.map((f) => `${f.ruleId} ${f.address}`)).toEqual(
      expect.arrayContaining(['ct.log-file-validation aws_cloudtrail.legacy', 's3.account-public-access-block aws_s3_account_public_access_block.this']),
    );
    expect(report.change).toMatchObject({mode: 'plan-alone', resources: {create: 8, update: 2, delete: 1, replace: 1, 'no-op': 2}});
  });

  it('judges account-wide rules unknown unless the plan proves the answer', async () => {
    const {report} = await judgePlan(plan);
    // The multi-Region trail proves every region is covered; Config elsewhere is not in the plan.
    expect(statusesOf(report.findings, 'ct.region-coverage')).toEqual(['pass eu-west-1', 'pass us-east-1']);
    expect(statusesOf(report.findings, 'cfg.recorder-all-regions').sort()).toEqual(['unknown eu-west-1', 'unknown us-east-1']);
  });
});

describe('Terraform plan over a base snapshot', () => {
  it('deleting the only multi-Region trail makes ct.region-coverage newly fail, and fails the gate', async () => {
    const base = snapshotFixture('well-configured-org');
    const trail = base.accounts[0]!.trails[0]!;
    const plan = planOf([
      change('aws_cloudtrail.org', ['delete'], {name: 'org-trail', arn: trail.arn, is_multi_region_trail: true, is_organization_trail: true}, null),
    ]);
    const {report, baselineBefore} = await judgePlan(plan, {base});
    const coverage = report.findings.filter((f) => f.ruleId === 'ct.region-coverage' && f.accountId === '111111111111');
    expect(coverage.length).toBeGreaterThan(0);
    expect(coverage.every((f) => f.status === 'fail' && report.change!.newlyFailing.includes(f.fingerprint))).toBe(true);
    expect(coverage[0]!.source?.address).toBe('aws_cloudtrail.org');
    expect(gate(report, {failOn: 'high', baseline: baselineBefore}).passed).toBe(false);
    expect(report.change!.mode).toBe('plan-over-base');
  });

  it('adding Object Lock fixes s3.trail-bucket-object-lock', async () => {
    const base = snapshotFixture('neglected-account');
    const plan = planOf([
      change('aws_s3_bucket_object_lock_configuration.trail', ['create'], null, {
        bucket: 'legacy-cloudtrail-333333333333',
        object_lock_enabled: 'Enabled',
        rule: [{default_retention: [{mode: 'COMPLIANCE', days: 400, years: null}]}],
      }),
    ]);
    const {report, before} = await judgePlan(plan, {base});
    expect(find(before.findings, 's3.trail-bucket-object-lock', 'legacy-cloudtrail')?.status).toBe('fail');
    expect(find(report.findings, 's3.trail-bucket-object-lock', 'legacy-cloudtrail')?.status).toBe('pass');
    expect(report.change!.fixed).toEqual(expect.arrayContaining([expect.objectContaining({ruleId: 's3.trail-bucket-object-lock', address: 'aws_s3_bucket_object_lock_configuration.trail'})]));
  });

  it('--gate new passes a change that breaks nothing on an account that already fails; --gate all does not', async () => {
    const base = snapshotFixture('neglected-account');
    const plan = planOf([change('aws_cloudwatch_log_group.app', ['create'], null, {name: '/app/new', retention_in_days: 365})]);
    const {report, baselineBefore} = await judgePlan(plan, {base});
    expect(report.change!.newlyFailing.filter((fp) => report.findings.find((f) => f.fingerprint === fp)?.severity !== 'low')).toEqual([]);
    expect(gate(report, {failOn: 'high', baseline: baselineBefore}).passed).toBe(true);
    expect(gate(report, {failOn: 'high'}).passed).toBe(false);
  });

  it('an update keeps the trail delivery history of the base; a replace starts afresh', async () => {
    const base = snapshotFixture('costly-account');
    const arn = 'arn:aws:cloudtrail:us-east-1:444444444444:trail/everything';
    const values = {name: 'everything', arn, is_multi_region_trail: true, enable_log_file_validation: true, s3_bucket_name: 'costly-trail-logs-444444444444', cloud_watch_logs_group_arn: 'arn:aws:logs:us-east-1:444444444444:log-group:trail:*'};
    const updated = await judgePlan(planOf([change('aws_cloudtrail.everything', ['update'], values, {...values, enable_log_file_validation: false})]), {base});
    expect(find(updated.report.findings, 'ct.log-file-validation', 'trail/everything')?.status).toBe('fail');
    expect(find(updated.report.findings, 'ct.cloudwatch-delivery', 'trail/everything')?.status).not.toBe('unknown');
    const replaced = await judgePlan(planOf([change('aws_cloudtrail.everything', ['delete', 'create'], values, values)]), {base});
    expect(find(replaced.report.findings, 'ct.cloudwatch-delivery', 'trail/everything')?.status).toBe('unknown');
  });

  it('refuses a base that does not hold the plan\'s account', async () => {
    const plan = planOf([change('aws_cloudwatch_log_group.app', ['create'], null, {name: '/x'})]);
    await expect(judgePlan(plan, {base: snapshotFixture('neglected-account'), accountId: '999999999999'})).rejects.toThrow(/no account 999999999999/);
  });
});

describe('reading plan JSON', () => {
  const error = (text: string) => {
    try {
      parsePlan(text, 'x.json');
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as Error).message;
    }
    throw new Error('no error');
  };

  it('says how to produce plan JSON for a state file, a binary plan, an older format and a state JSON', () => {
    expect(error(JSON.stringify({version: 4, terraform_version: '1.9.5', serial: 1, lineage: 'x', resources: []}))).toMatch(/state file.*terraform show -json tfplan/);
    expect(error('PK\u0003\u0004binary')).toMatch(/binary Terraform plan.*terraform show -json tfplan > plan.json/);
    expect(error(JSON.stringify({format_version: '0.1', resource_changes: []}))).toMatch(/format_version 0.1 is not supported/);
    expect(error(JSON.stringify({format_version: '1.0', values: {}}))).toMatch(/JSON of a state/);
    expect(error('{nope')).toMatch(/not valid JSON/);
  });

  it('names the JSON path of a malformed plan, and refuses an errored one', () => {
    expect(error(JSON.stringify({format_version: '1.2', resource_changes: [{address: 'a.b', type: 'a', name: 'b', change: {actions: ['explode']}}]}))).toMatch(
      /resource_changes\/0\/change\/actions\/0/,
    );
    expect(error(JSON.stringify({format_version: '1.2', errored: true, resource_changes: []}))).toMatch(/errored/);
  });

  it('marks unknown and sensitive leaves, nested in blocks', () => {
    const merged = withMarkers({a: 1, b: [{c: 'x'}], s: 'secret'}, {b: [{d: true}]}, {s: true}, 'r') as Record<string, unknown>;
    expect(merged.a).toBe(1);
    expect((merged.b as Record<string, unknown>[])[0]!.d).toBeInstanceOf(Unresolved);
    expect(merged.s).toBeInstanceOf(Unresolved);
    expect(String((merged.s as Unresolved).reason)).toMatch(/sensitive/);
  });
});

describe('projections', () => {
  it('are schema-valid snapshots, alone and over a base', async () => {
    const {validateSnapshot} = await import('../../src/snapshot/load.js');
    const {terraformPlanChange} = await import('../../src/iac/terraform/plan.js');
    const {projectAccount, absentAccount} = await import('../../src/iac/project.js');
    const {mapTerraformResource} = await import('../../src/iac/terraform/map.js');
    const change = terraformPlanChange(readFixture('terraform/logging-change.plan.json') as never, 'plan.json');
    const adds = change.resources.filter((r) => r.after).flatMap((r) => mapTerraformResource(r.after!, r).map((contribution) => ({contribution, source: r.source, action: r.action})));
    const options = {partition: 'aws', absentReason: 'not in the plan'};
    for (const base of [absentAccount('111122223333', change.regions, 'not in the plan'), snapshotFixture('neglected-account').accounts[0]!]) {
      const projected = projectAccount(base, [], adds, options).account;
      const snapshot = {...snapshotFixture('neglected-account'), accounts: [projected]};
      expect(() => validateSnapshot(snapshot, 'projection')).not.toThrow();
    }
  });
});
