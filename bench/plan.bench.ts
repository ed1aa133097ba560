/**
 * `npm run bench:plan`: a Terraform plan JSON of 5,000 resource instances (by default) — trails with their buckets
 * and split S3 resources across modules and for_each keys, log groups, detectors, VPCs and their flow logs, with the
 * configuration's references and the ids AWS assigns left unknown, as `terraform show -json` writes them — judged by
 * the built CLI (`node dist/cli.js plan`) as a child process under `/usr/bin/time -v`, alone and over a base
 * snapshot, N times each (alternating). Prints the median wall time, CPU time and peak RSS (from the kernel) and the
 * load average. Figures, not asserts: docs/benchmarks.md records a run.
 * Usage: npm run bench:plan -- [resources] [--runs=N (default 5)] [--no-build]
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';

const total = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5000);
if (!process.argv.includes('--no-build')) spawnSync(process.execPath, ['scripts/build.mjs'], {stdio: 'inherit'});

const regions = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const changes: unknown[] = [];
// What `terraform plan` leaves unknown on create: the ids and ARNs AWS assigns, and what is set from them.
const computed: Record<string, string[]> = {
  aws_s3_bucket: ['id', 'arn', 'bucket_domain_name'],
  aws_cloudtrail: ['id', 'arn', 'home_region'],
  aws_cloudwatch_log_group: ['id', 'arn'],
  aws_guardduty_detector: ['id', 'account_id'],
  aws_vpc: ['id', 'arn', 'owner_id', 'main_route_table_id'],
  aws_flow_log: ['id', 'arn', 'vpc_id', 'log_destination'],
};
const change = (address: string, module: string | undefined, type: string, name: string, index: string | number | undefined, actions: string[], after: Record<string, unknown>) => {
  const create = actions[0] === 'create';
  const unknown = create ? Object.fromEntries((computed[type] ?? ['id']).map((k) => [k, true])) : {};
  const known = create ? Object.fromEntries(Object.entries(after).filter(([k]) => !(k in unknown))) : {id: `${type}-${address.length}`, ...after};
  return {
    address,
    ...(module ? {module_address: module} : {}),
    mode: 'managed',
    type,
    name,
    ...(index !== undefined ? {index} : {}),
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {actions, before: create ? null : known, after: known, after_unknown: unknown, before_sensitive: create ? false : {}, after_sensitive: {}},
  };
};
// One "team" = a trail, its bucket and 4 split resources, 2 log groups, a detector, a VPC and its flow log: 11
// instances. The configuration ties the split resources, the trail and the flow log to their bucket and VPC by
// reference, as a real plan's does, so the reader resolves references as it would.
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
  add('aws_vpc', 'main', {id: `vpc-${i}`, cidr_block: '10.0.0.0/16'});
  add('aws_flow_log', 'vpc', {vpc_id: `vpc-${i}`, traffic_type: i % 6 ? 'REJECT' : 'ACCEPT', log_destination_type: 's3', log_destination: `arn:aws:s3:::${bucket}`});
}
changes.length = total;
const ref = (target: string, attribute = 'id') => ({references: [`${target}.${attribute}`, target]});
const resource = (type: string, name: string, expressions: Record<string, unknown>) => ({address: `${type}.${name}`, mode: 'managed', type, name, provider_config_key: 'aws', expressions});
const teamModule = {
  resources: [
    resource('aws_s3_bucket', 'logs', {bucket: {references: ['each.key']}}),
    ...['versioning', 'object_lock_configuration', 'public_access_block', 'lifecycle_configuration'].map((split) => resource(`aws_s3_bucket_${split}`, 'logs', {bucket: ref('aws_s3_bucket.logs')})),
    resource('aws_cloudtrail', 'main', {s3_bucket_name: ref('aws_s3_bucket.logs')}),
    resource('aws_cloudwatch_log_group', 'app', {name: {references: ['count.index']}}),
    resource('aws_guardduty_detector', 'main', {enable: {constant_value: true}}),
    resource('aws_vpc', 'main', {cidr_block: {constant_value: '10.0.0.0/16'}}),
    resource('aws_flow_log', 'vpc', {vpc_id: ref('aws_vpc.main'), log_destination: ref('aws_s3_bucket.logs', 'arn'), traffic_type: {references: ['var.traffic_type']}}),
  ],
};
const plan = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  resource_changes: changes,
  configuration: {
    provider_config: {aws: {name: 'aws', expressions: {region: {constant_value: 'us-east-1'}}}},
    root_module: {module_calls: {team: {source: './modules/team', for_each_expression: {references: ['var.teams']}, module: teamModule}}},
  },
};
const dir = mkdtempSync(path.join(tmpdir(), 'trailwise-plan-bench-'));
const planFile = path.join(dir, 'plan.json');
writeFileSync(planFile, JSON.stringify(plan));

interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
  load: number;
  status: number | null;
}

/** One run of the built CLI under `/usr/bin/time -v`: wall clock, user + system CPU and peak RSS as the kernel counts them. */
function runOnce(label: string, args: string[]): Run {
  const load = loadavg()[0]!;
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, 'dist/cli.js', 'plan', planFile, '--format', 'json', '--output', path.join(dir, `${label}.json`), '--source-dir', '', '--fail-on', 'none', ...args], {encoding: 'utf8'});
  const field = (name: string) => r.stderr.split('\n').find((l) => l.trim().startsWith(name))?.split(': ').pop()?.trim() ?? '';
  // "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:03.90"
  const wall = field('Elapsed (wall clock)').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  return {wall, cpu: Number(field('User time')) + Number(field('System time')), rssMiB: Number(field('Maximum resident set size')) / 1024, load, status: r.status};
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 5);
const cases: [string, string[]][] = [
  ['plan alone', ['--account-id', '123456789012']],
  ['over a base', ['--base', 'examples/snapshots/costly-account.json', '--account-id', '444444444444']],
];
const results = new Map<string, Run[]>(cases.map(([label]) => [label, []]));
// The cases alternate, so a change in the machine's load touches both alike.
for (let i = 0; i < runs; i++) for (const [label, args] of cases) results.get(label)!.push(runOnce(label, args));
for (const [label, rs] of results) {
  const loads = rs.map((r) => r.load);
  console.log(
    `${label.padEnd(12)} ${total} resources, median of ${rs.length}: ${median(rs.map((r) => r.wall)).toFixed(2)} s wall, ${median(rs.map((r) => r.cpu)).toFixed(2)} s CPU, ` +
      `${median(rs.map((r) => r.rssMiB)).toFixed(0)} MiB peak RSS (load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} at start; exits ${[...new Set(rs.map((r) => r.status))].join(',')})`,
  );
  console.log(`  each: ${rs.map((r) => `${r.wall.toFixed(2)}/${r.cpu.toFixed(2)} s`).join('  ')}`);
}
