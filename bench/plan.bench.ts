/**
 * `npm run bench:plan`: a Terraform plan JSON of 5,000 resource instances (by default) — trails with their buckets
 * and split S3 resources across modules and for_each keys, log groups, detectors — judged by the built CLI
 * (`node dist/cli.js plan`) as a child process under `/usr/bin/time`, alone and over a base snapshot. Prints wall time,
 * peak RSS (from the kernel) and the load average. Figures, not asserts: docs/benchmarks.md records a run.
 * Usage: npm run bench:plan -- [resources] [--no-build]
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';

const total = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
if (!process.argv.includes('--no-build')) spawnSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});

const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const changes: unknown[] = [];
const change = (address: string, module: string | undefined, type: string, name: string, index: string | number | undefined, actions: string[], after: Record<string, unknown>) => ({
  address,
  ...(module ? {module_address: module} : {}),
  mode: 'managed',
  type,
  name,
  ...(index !== undefined ? {index} : {}),
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: {actions, before: actions[0] === 'create' ? null : after, after, after_unknown: {}, before_sensitive: actions[0] === 'create' ? false : {}, after_sensitive: {}},
});
// One "team" = a trail, its bucket and 4 split resources, 2 log groups: 9 instances.
for (let i = 0; changes.length < total; i++) {
  const module = `module.team["t${i}"]`;
  const bucket = `logs-team-${i}`;
  const add = (type: string, name: string, after: Record<string, unknown>, index?: string | number) =>
    changes.push(change(`${module}.${type}.${name}${index === undefined ? '' : typeof index === 'number' ? `[${index}]` : `["${index}"]`}`, module, type, name, index, [i % 7 === 0 ? 'update' : 'create'], after));
  add('aws_s3_bucket', 'logs', {bucket});
  add('aws_s3_bucket_versioning', 'logs', {bucket, versioning_configuration: [{status: 'Enabled'}]});
  add('aws_s3_bucket_object_lock_configuration', 'logs', {bucket, rule: [{default_retention: [{mode: 'COMPLIANCE', days: i % 3 ? 400 : 30}]}]});
  add('aws_s3_bucket_public_access_block', 'logs', {bucket, block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true});
  add('aws_s3_bucket_lifecycle_configuration', 'logs', {bucket, rule: [{id: 'r', status: 'Enabled', expiration: [{days: 400}], transition: [{days: 90, storage_class: 'GLACIER'}]}]});
  add('aws_cloudtrail', 'main', {name: `team-${i}`, s3_bucket_name: bucket, is_multi_region_trail: i % 2 === 0, enable_log_file_validation: i % 5 !== 0}, 'main');
  add('aws_cloudwatch_log_group', 'app', {name: `/team/${i}/app`, retention_in_days: i % 4 ? 90 : 0}, 0);
  add('aws_cloudwatch_log_group', 'app', {name: `/team/${i}/audit`, retention_in_days: 400}, 1);
  add('aws_guardduty_detector', 'main', {enable: true, region: regions[i % regions.length]});
}
changes.length = total;
const plan = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  resource_changes: changes,
  configuration: {provider_config: {aws: {name: 'aws', expressions: {region: {constant_value: 'us-east-1'}}}}},
};
const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-plan-bench-'));
const planFile = path.join(dir, 'plan.json');
writeFileSync(planFile, JSON.stringify(plan));

function run(label: string, args: string[]): void {
  const load = loadavg()[0]!.toFixed(2);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, 'dist/cli.js', 'plan', planFile, '--format', 'json', '--output', path.join(dir, `${label}.json`), '--source-dir', '', '--fail-on', 'none', ...args], {encoding: 'utf8'});
  const [wall, user, sys, rssKb] = r.stderr.trim().split('\n').pop()!.split(' ');
  const cpu = (Number(user) + Number(sys)).toFixed(2);
  console.log(`${label.padEnd(14)} ${total} resources: ${wall} s wall, ${cpu} s CPU, ${(Number(rssKb) / 1024).toFixed(0)} MiB peak RSS (load average ${load}; exit ${r.status})`);
}
run('plan alone', ['--account-id', '123456789012']);
run('over a base', ['--base', 'examples/snapshots/costly-account.json', '--account-id', '444444444444']);
