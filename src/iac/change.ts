/**
 * The verdict about a change: the account before it and after it are evaluated with the same rules, and the report
 * (the account after the change) says which findings the change newly fails and which it fixes. Over a base snapshot
 * the account before is the base; with the plan alone it is the planned resources as they are now, and everything the
 * plan does not hold is `unknown` ("not in the plan").
 */
import {evaluate} from '../evaluate/evaluate.js';
import type {Finding, FindingSource} from '../evaluate/types.js';
import {InputError} from '../errors.js';
import type {RuleSet} from '../pipeline.js';
import {baselineOf, buildReport, inBaseline, summarizeSnapshot, type Baseline, type ChangeSummary, type Report} from '../report/report.js';
import {relativeTo} from '../report/sarif.js';
import {normalize, type NormalizedSnapshot} from '../snapshot/normalize.js';
import {SNAPSHOT_SCHEMA_VERSION, type AccountSnapshot, type Snapshot} from '../snapshot/types.js';
import {TOOL_VERSION} from '../version.js';
import type {Contribution, ContributionKind} from './evidence.js';
import {sourceLabel, type PlannedChange, type PlannedResource, type SourceRef, type Values} from './model.js';
import {absentAccount, projectAccount, type FactOverride, type Projection, type SourcedContribution} from './project.js';

/** The account id used when neither the plan nor `--account-id` says which account the change is for. */
export const UNKNOWN_ACCOUNT_ID = '000000000000';

export type ResourceMapper = (values: Values, resource: PlannedResource) => Contribution[];

export interface ChangeOptions {
  ruleSet: RuleSet;
  /** The account as it is (a snapshot file or a live read); absent: the plan alone. */
  base?: Snapshot;
  baseFile?: string;
  gate?: 'new' | 'all';
  /** The evaluation time (tests pin it). */
  asOf?: Date | string;
}

export interface ChangeResult {
  /** The account after the change, with `change` filled in and each finding's `source` where it has one. */
  report: Report;
  before: Report;
  /** The findings that did not pass before the change (failing, `error`, `unknown`): the gate's baseline when `--gate new`. */
  baselineBefore: Baseline;
}

/** Combines the output of several readers (several plans, or templates) into one change. */
export function combineChanges(changes: PlannedChange[]): PlannedChange {
  const accounts = [...new Set(changes.map((c) => c.accountId).filter((a): a is string => !!a))];
  if (accounts.length > 1) throw new InputError(`the inputs are for different accounts (${accounts.join(', ')}); judge one account at a time`);
  return {
    kind: changes[0]?.kind ?? 'terraform',
    files: changes.flatMap((c) => c.files),
    resources: changes.flatMap((c) => c.resources),
    ...(accounts[0] ? {accountId: accounts[0]} : {}),
    partition: changes.find((c) => c.partition !== 'aws')?.partition ?? 'aws',
    regions: [...new Set(changes.flatMap((c) => c.regions))].sort(),
    notes: changes.flatMap((c) => c.notes),
    moduleDirs: Object.assign({}, ...changes.map((c) => c.moduleDirs ?? {})) as Record<string, string>,
  };
}

function contributions(resources: PlannedResource[], side: 'before' | 'after', map: ResourceMapper): SourcedContribution[] {
  const out: SourcedContribution[] = [];
  for (const r of resources) {
    const values = r[side];
    if (!values) continue;
    for (const contribution of map(values, r)) out.push({contribution, source: r.source, action: r.action, ...(r.uncertain ? {uncertain: r.uncertain} : {})});
  }
  return out;
}

function snapshotOf(accounts: AccountSnapshot[], source: Snapshot['collection']['source'], at: string): Snapshot {
  return {schemaVersion: SNAPSHOT_SCHEMA_VERSION, collection: {tool: 'trailwise', toolVersion: TOOL_VERSION, source, startedAt: at, finishedAt: at}, accounts};
}

/** Applies fact overrides in place (subjects share fact objects with the region and account lists that hold them). */
function applyOverrides(normalized: NormalizedSnapshot, overrides: FactOverride[]): NormalizedSnapshot {
  if (!overrides.length) return normalized;
  const byResource = new Map(overrides.map((o) => [o.resource, o.facts]));
  const subjectLists = [normalized.trails, normalized.logGroups, normalized.trailLogGroups, normalized.trailBuckets, normalized.vpcs, normalized.flowLogs, normalized.webAcls];
  for (const subjects of subjectLists as {resource: string; facts: object}[][]) {
    for (const subject of subjects) {
      const facts = byResource.get(subject.resource);
      if (facts) Object.assign(subject.facts, facts);
    }
  }
  return normalized;
}

function evaluateProjection(snapshot: Snapshot, overrides: FactOverride[], options: ChangeOptions, file?: string): Report {
  // The projection is built by typed code from a validated base (or from nothing): compiling and running the snapshot
  // schema again would double the time of a large plan for no new guarantee (test/iac checks projections validate).
  const valid = snapshot;
  const result = evaluate(applyOverrides(normalize(valid), overrides), options.ruleSet.rules, {config: options.ruleSet.config, asOf: options.asOf});
  return buildReport(result, summarizeSnapshot(valid, file), {pack: options.ruleSet.pack});
}

/** The contribution kinds a rule's findings come from, for region- and account-wide findings. */
function kindsOfRule(ruleId: string): ContributionKind[] {
  const [family, slug = ''] = ruleId.split('.');
  if (family === 'ct' || /^(ct-|duplicate|insights|data-events|s3-data)/.test(slug)) return ['trail'];
  if (family === 's3' || slug.startsWith('log-bucket')) return ['bucket', 'account-public-access-block'];
  if (family === 'cwl' || slug.startsWith('cwl')) return ['log-group'];
  if (family === 'gd') return ['detector', 'detector-feature', 'detector-publishing', 'detector-organization'];
  if (family === 'det') return ['detective-graph'];
  if (family === 'cfg' || slug.startsWith('config')) return ['config-recorder', 'config-recorder-status', 'config-delivery-channel', 'config-aggregator'];
  if (family === 'net' || slug.startsWith('flow-logs')) return ['vpc', 'flow-log', 'resolver-association'];
  if (family === 'elb') return ['load-balancer'];
  if (family === 'waf') return ['web-acl', 'web-acl-logging'];
  if (family === 'eks') return ['eks-cluster'];
  return [];
}

/** The piece of evidence a rule reads, so its finding names the resource that sets that piece (a bucket's, a VPC's). */
const PIECE_OF_RULE: [RegExp, string[]][] = [
  [/^net\.vpc-flow-logs$/, ['flowLogs']],
  [/^net\.r53-resolver-query-logs$/, ['queryLogging']],
  [/object-lock|mfa-delete/, ['objectLock', 'versioning']],
  [/versioning/, ['versioning']],
  [/not-public/, ['publicAccessBlock', 'policy', 'acl']],
  [/access-logging/, ['logging']],
  [/retention|lifecycle/, ['lifecycle']],
];

// A report has thousands of findings of a few dozen rules: each rule's patterns are matched once.
const kindsByRule = new Map<string, ContributionKind[]>();
const piecesByRule = new Map<string, string[]>();
const piecesOfRule = (ruleId: string) => memo(piecesByRule, ruleId, (id) => PIECE_OF_RULE.find(([re]) => re.test(id))?.[1] ?? []);

function memo<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = compute(key)));
  return value;
}

function sourceOf(f: Finding, projections: Projection[]): SourceRef | undefined {
  const pieces = f.resourceType === 'AWS::S3::Bucket' || f.resourceType === 'AWS::EC2::VPC' ? piecesOfRule(f.ruleId) : [];
  for (const p of projections) {
    for (const piece of pieces) {
      const refs = p.sources.get(`${f.resource}#${piece}`);
      if (refs?.length) return refs[refs.length - 1];
    }
  }
  for (const p of projections) {
    const direct = p.sources.get(f.resource);
    if (direct?.length) return direct[direct.length - 1];
  }
  const kinds = memo(kindsByRule, f.ruleId, kindsOfRule);
  for (const p of projections) {
    for (const kind of kinds) {
      const inRegion = p.sourcesByKind.get(`${kind}|${f.region}`);
      if (inRegion?.length) return inRegion[0];
    }
    if (f.region === 'global') {
      for (const [key, refs] of p.sourcesByKind) if (kinds.some((k) => key.startsWith(`${k}|`)) && refs.length) return refs[0];
    }
  }
  return undefined;
}

/** A finding's source: the address, and for a template the file and line (the template is the source). */
const findingSource = (s: SourceRef): FindingSource =>
  s.kind === 'cloudformation'
    ? {kind: s.kind, address: sourceLabel(s), file: relativeTo(process.cwd(), s.template), ...(s.line ? {line: s.line} : {})}
    : {kind: s.kind, address: sourceLabel(s)};

/** Evaluates the account before and after a change, and reports what the change does. */
export function evaluateChange(change: PlannedChange, map: ResourceMapper, options: ChangeOptions): ChangeResult {
  const at = new Date().toISOString();
  const source = change.kind === 'terraform' ? 'terraform-plan' : 'cloudformation-template';
  const notes = [...change.notes];
  let beforeSnapshot: Snapshot;
  let afterSnapshot: Snapshot;
  const projections: Projection[] = [];
  const changed = change.resources.filter((r) => r.action !== 'no-op' && r.action !== 'read');
  if (options.base) {
    const base = options.base;
    const index = baseAccountIndex(base, change.accountId);
    const account = base.accounts[index]!;
    // A template is desired state without a before: its resources take the place of those with the same identity.
    const removed = change.kind === 'cloudformation' ? contributions(changed, 'after', map) : contributions(changed.filter((r) => r.action !== 'create'), 'before', map);
    const projection = projectAccount(
      account,
      removed,
      contributions(changed.filter((r) => r.action !== 'delete'), 'after', map),
      {partition: change.partition, absentReason: 'not in the base snapshot'},
    );
    projections.push(projection);
    notes.push(...projection.notes);
    beforeSnapshot = base;
    afterSnapshot = {...base, collection: {...base.collection, source}, accounts: base.accounts.map((a, i) => (i === index ? projection.account : a))};
  } else {
    const accountId = change.accountId ?? UNKNOWN_ACCOUNT_ID;
    const name = change.accountId ? undefined : 'account not known (give --account-id)';
    const skeleton = absentAccount(accountId, change.regions, 'not in the plan', name);
    const options = {partition: change.partition, absentReason: 'not in the plan'};
    const before = projectAccount(skeleton, [], contributions(change.resources, 'before', map), options);
    const after = projectAccount(skeleton, [], contributions(change.resources, 'after', map), options);
    projections.push(after, before);
    notes.push(...after.notes);
    beforeSnapshot = snapshotOf([before.account], source, at);
    afterSnapshot = snapshotOf([after.account], source, at);
  }
  const overridesBefore = options.base ? [] : (projections[1]?.overrides ?? []);
  const before = evaluateProjection(beforeSnapshot, overridesBefore, options, options.baseFile);
  const report = evaluateProjection(afterSnapshot, projections[0]!.overrides, options, options.baseFile);

  const baselineBefore = baselineOf(before);
  const failingAfter = new Set(report.findings.filter((f) => f.status === 'fail').map((f) => f.fingerprint));
  for (const f of report.findings) {
    const s = sourceOf(f, projections);
    if (s) f.source = findingSource(s);
  }
  const counts: ChangeSummary['resources'] = {create: 0, update: 0, delete: 0, replace: 0, 'no-op': 0};
  for (const r of change.resources) if (r.action !== 'read') counts[r.action]++;
  report.change = {
    mode: options.base ? 'plan-over-base' : 'plan-alone',
    gate: options.gate ?? 'new',
    inputs: change.files,
    ...(options.baseFile ? {base: options.baseFile} : {}),
    scoreBefore: {overall: before.score.overall, sec04: before.score.sec04, cost: before.score.cost, coverage: before.score.coverage},
    resources: counts,
    newlyFailing: report.findings.filter((f) => f.status === 'fail' && !inBaseline(baselineBefore, f)).map((f) => f.fingerprint),
    fixed: before.findings
      .filter((f) => f.status === 'fail' && !failingAfter.has(f.fingerprint))
      .map((f) => {
        const s = sourceOf(f, projections);
        return {ruleId: f.ruleId, title: f.title, severity: f.severity, resource: f.resource, fingerprint: f.fingerprint, ...(s ? {address: sourceLabel(s)} : {})};
      }),
    ...(notes.length ? {notes: [...new Set(notes)]} : {}),
  };
  return {report, before, baselineBefore};
}

function baseAccountIndex(base: Snapshot, accountId: string | undefined): number {
  if (accountId) {
    const i = base.accounts.findIndex((a) => a.accountId === accountId);
    if (i !== -1) return i;
    throw new InputError(`--base: the snapshot has no account ${accountId} (the account the change is for)`);
  }
  if (base.accounts.length === 1) return 0;
  throw new InputError('--base: the snapshot holds several accounts and the change does not say which it is for: give --account-id');
}
