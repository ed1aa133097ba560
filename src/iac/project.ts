/**
 * The projector: applies the evidence of a planned change to an account snapshot. Deletions, replacements and updates
 * first take the resource's old evidence out (matched by identity: a trail by ARN or name + home region, a bucket by
 * name, a log group by region + name, a detector, recorder or channel by region); then creations, replacements and
 * updates put the new evidence in. Values known only after apply become `unknown` evidence with that reason, and the
 * trail and log-group facts the snapshot cannot hold as evidence are returned as fact overrides for after normalize.
 */
import {policyAllowsEveryone} from '../snapshot/normalize.js';
import {isMissing, unknownEvidence, unknownTrailBucket} from '../snapshot/evidence.js';
import type {AccountSnapshot, ConfigServiceEvidence, Evidence, GuardDutyDetector, LogGroup, Missing, RegionSnapshot, Trail, TrailBucket} from '../snapshot/types.js';
import {logGroupArn, newBucketPieces, trailArn} from './aws-defaults.js';
import {BUCKET_PIECES, type BucketPiece, type Contribution, type ContributionKind} from './evidence.js';
import {sourceLabel, Unresolved, type ChangeAction, type SourceRef} from './model.js';
import {absentServiceEvidence, LOG_SOURCE_KINDS, LogSourceProjector, type LogSourceKind} from './project-log-sources.js';
import {isUnresolved} from './values.js';

/** One contribution with the resource it comes from. */
export interface SourcedContribution {
  contribution: Contribution;
  source: SourceRef;
  action: ChangeAction;
  /** The resource may or may not exist: its evidence is unknown rather than added. */
  uncertain?: Unresolved;
}

/** Facts of one normalized subject to replace with a marker after normalize (a value known only after apply). */
export interface FactOverride {
  resource: string;
  facts: Record<string, Missing>;
}

export interface Projection {
  account: AccountSnapshot;
  overrides: FactOverride[];
  /** Normalized subject resource (ARN, `account/<id>`, `<id>/<region>`) → the planned resources that set it. */
  sources: Map<string, SourceRef[]>;
  /** `<kind>|<region>` → the planned resources of that kind there (for region- and account-wide findings). */
  sourcesByKind: Map<string, SourceRef[]>;
  notes: string[];
}

export interface ProjectOptions {
  partition: string;
  /** Why evidence that the base does not hold is unknown: "not in the plan" or "not in the base snapshot". */
  absentReason: string;
}

const AFTER_APPLY = 'known only after apply';

const markerOf = (u: Unresolved): Missing => unknownEvidence(u.reason);

/** A stand-in name for a resource whose name is known only after apply, unique to the resource. */
export function standInName(source: SourceRef): string {
  return `known-after-apply.${sourceLabel(source)}`;
}

/**
 * Applies `remove` (the old evidence of changed resources) and then `add` (their new evidence) to a copy of `base`.
 */
export function projectAccount(base: AccountSnapshot, remove: SourcedContribution[], add: SourcedContribution[], options: ProjectOptions): Projection {
  const p = new Projector(structuredClone(base), options);
  for (const item of remove) p.remove(item);
  // Buckets before their split resources, detectors before their features, VPCs, log groups and web ACLs before the
  // flow logs, associations and logging configurations that name them: a piece needs its owner in place.
  const order: ContributionKind[] = ['bucket', 'detector', 'config-recorder', 'log-group', 'vpc', 'subnet', 'resolver-config', 'web-acl'];
  const rank = (c: SourcedContribution) => {
    const i = order.indexOf(c.contribution.kind);
    if (c.contribution.kind === 'bucket' && !c.contribution.isBucket) return order.length;
    return i === -1 ? order.length : i;
  };
  // A stable counting sort by rank: linear in the size of the change.
  const ranked: SourcedContribution[][] = order.map(() => []).concat([[]]);
  for (const item of add) ranked[rank(item)]!.push(item);
  for (const item of ranked.flat()) {
    if (item.uncertain) p.uncertain(item.contribution, item.uncertain);
    else p.add(item);
  }
  return p.finish();
}

class Projector {
  private readonly overrides = new Map<string, Record<string, Missing>>();
  private readonly sources = new Map<string, SourceRef[]>();
  private readonly sourcesByKind = new Map<string, SourceRef[]>();
  private readonly notes: string[] = [];
  /** Buckets whose record this change created (so an unattached split resource can make their piece unknown). */
  private readonly createdBuckets = new Set<string>();
  /** Pieces set on a bucket by a split resource, so an unattached one does not override a known value. */
  private readonly piecesSet = new Map<string, Set<BucketPiece>>();
  private readonly unattached: {piece: BucketPiece; source: SourceRef; reason: string}[] = [];
  /** Base trails taken out, by ARN, so an update keeps their delivery history. */
  private readonly removedTrails = new Map<string, Trail>();
  private readonly removedGroups = new Map<string, NonNullable<RegionSnapshot['logGroups']> extends Evidence<infer G> ? G extends (infer L)[] ? L : never : never>();
  private readonly baseBuckets: Set<string>;
  /** The account's buckets by name (a plan of thousands of resources must not scan the list for each). */
  private readonly buckets: Map<string, TrailBucket>;
  /** Per region, the position of each log group in the region's list, built when first needed. */
  private readonly groupPositions = new Map<string, Map<string, number>>();
  private readonly logSources: LogSourceProjector;

  constructor(
    private readonly account: AccountSnapshot,
    private readonly options: ProjectOptions,
  ) {
    this.baseBuckets = new Set(account.trailBuckets.map((b) => b.name));
    this.buckets = new Map(account.trailBuckets.map((b) => [b.name, b]));
    this.logSources = new LogSourceProjector({
      accountId: account.accountId,
      partition: options.partition,
      absentReason: options.absentReason,
      region: (name) => this.region(name),
      cite: (resource, source, kind, region) => this.cite(resource, source, kind, region),
      override: (resource, facts) => this.override(resource, facts),
      notes: this.notes,
    });
  }

  private get accountId(): string {
    return this.account.accountId;
  }

  private region(name: string): RegionSnapshot {
    let region = this.account.regions.find((r) => r.name === name);
    if (!region) {
      // A region the base does not list: everything the change does not set there is unknown.
      region = absentRegion(name, this.options.absentReason);
      this.account.regions.push(region);
    }
    return region;
  }

  /** Records that `source` sets evidence of `resource` (an ARN; `undefined` for region- or account-wide evidence). */
  private cite(resource: string | undefined, source: SourceRef, kind: ContributionKind, region: string): void {
    if (resource) pushTo(this.sources, resource, source);
    pushTo(this.sourcesByKind, `${kind}|${region}`, source);
  }

  private override(resource: string, facts: Record<string, Unresolved>): void {
    if (!Object.keys(facts).length) return;
    const current = this.overrides.get(resource) ?? {};
    for (const [fact, u] of Object.entries(facts)) current[fact] = markerOf(u);
    this.overrides.set(resource, current);
  }

  private trailArnOf(c: Extract<Contribution, {kind: 'trail'}>, source: SourceRef): string {
    if (c.arn) return c.arn;
    const name = isUnresolved(c.name) ? standInName(source) : c.name;
    return trailArn(this.options.partition, c.region, this.accountId, name);
  }

  private findTrail(c: Extract<Contribution, {kind: 'trail'}>, source: SourceRef): number {
    const arn = this.trailArnOf(c, source);
    const byArn = this.account.trails.findIndex((t) => t.arn === arn);
    if (byArn !== -1 || isUnresolved(c.name)) return byArn;
    return this.account.trails.findIndex((t) => t.description.Name === c.name && t.description.HomeRegion === c.region);
  }

  private bucketName(name: string | Unresolved, source: SourceRef, isBucket: boolean): string | undefined {
    if (!isUnresolved(name)) return name;
    if (isBucket) return standInName(source);
    // A split resource naming a bucket by a reference: the bucket's stand-in name, when the bucket is in the change.
    return name.ref ? `known-after-apply.${name.ref}` : undefined;
  }

  remove({contribution: c, source, action}: SourcedContribution): void {
    if (isLogSource(c)) return this.logSources.remove(c, source, action);
    switch (c.kind) {
      case 'trail': {
        const i = this.findTrail(c, source);
        if (i === -1) return;
        const [trail] = this.account.trails.splice(i, 1);
        this.removedTrails.set(trail!.arn, trail!);
        for (const region of this.account.regions) {
          if (Array.isArray(region.trailArns)) region.trailArns = region.trailArns.filter((a) => a !== trail!.arn);
        }
        this.cite(trail!.arn, source, c.kind, c.region);
        if (trail!.description.IsMultiRegionTrail) for (const r of this.account.regions) this.cite(undefined, source, c.kind, r.name);
        return;
      }
      case 'bucket': {
        const name = this.bucketName(c.name, source, c.isBucket);
        if (!name) return;
        const bucket = this.buckets.get(name);
        if (!bucket) return;
        const arn = `arn:${this.options.partition}:s3:::${name}`;
        if (c.isBucket) this.cite(arn, source, c.kind, c.region);
        for (const piece of Object.keys(c.pieces)) this.cite(`${arn}#${piece}`, source, c.kind, c.region);
        if (c.isBucket) {
          if (action !== 'update') {
            this.account.trailBuckets.splice(this.account.trailBuckets.indexOf(bucket), 1);
            this.buckets.delete(name);
          }
          return;
        }
        // Only a destroyed split resource changes the bucket; an updated one is simply set again by `add`.
        if (action !== 'delete') return;
        for (const [piece, value] of Object.entries(c.onDelete ?? {})) {
          if (value === 'keep') continue;
          if (piece === 'versioning' && (isMissing(bucket.versioning) || bucket.versioning.Status !== 'Enabled')) continue;
          setPiece(bucket, piece as BucketPiece, value as never);
        }
        return;
      }
      case 'account-public-access-block':
        if (action === 'delete') this.account.s3PublicAccessBlock = null;
        this.cite(undefined, source, c.kind, 'global');
        return;
      case 'log-group': {
        const region = this.region(c.region);
        if (isUnresolved(c.name) || !Array.isArray(region.logGroups)) return;
        const group = region.logGroups.find((g) => g.logGroupName === c.name);
        if (!group) return;
        region.logGroups = region.logGroups.filter((g) => g !== group);
        this.groupPositions.delete(c.region);
        this.removedGroups.set(`${c.region}|${c.name}`, group);
        this.cite(this.logGroupArn(c.region, c.name as string), source, c.kind, c.region);
        return;
      }
      case 'detector': {
        const gd = this.region(c.region).guardDuty;
        if (gd && Array.isArray(gd.detectors) && action === 'delete') gd.detectors = [];
        this.cite(undefined, source, c.kind, c.region);
        return;
      }
      case 'detector-feature':
      case 'detector-publishing':
      case 'detector-organization':
        // Destroying these leaves the detector's setting in place (GuardDuty keeps it); `add` sets the new value.
        this.cite(undefined, source, c.kind, c.region);
        return;
      case 'detective-graph': {
        const det = this.region(c.region).detective;
        if (det && Array.isArray(det.graphs) && action === 'delete') det.graphs = det.graphs.filter((g) => c.arn && g.Arn !== c.arn);
        this.cite(undefined, source, c.kind, c.region);
        return;
      }
      case 'config-recorder':
      case 'config-recorder-status':
      case 'config-delivery-channel':
      case 'config-aggregator': {
        const config = this.region(c.region).config;
        this.cite(undefined, source, c.kind, c.region);
        if (!config || action !== 'delete') return;
        const [field, name] = configTarget(c);
        const items = config[field];
        if (Array.isArray(items)) (config[field] as unknown[]) = items.filter((x) => configName(field, x) !== name);
        return;
      }
    }
  }

  add({contribution: c, source, action}: SourcedContribution): void {
    if (isLogSource(c)) return this.logSources.add(c, source, action);
    switch (c.kind) {
      case 'trail':
        return this.addTrail(c, source, action);
      case 'bucket':
        return this.addBucket(c, source, action);
      case 'account-public-access-block':
        this.account.s3PublicAccessBlock = c.value;
        this.cite(undefined, source, c.kind, 'global');
        return;
      case 'log-group':
        return this.addLogGroup(c, source, action);
      case 'detector': {
        const region = this.region(c.region);
        const previous = region.guardDuty && Array.isArray(region.guardDuty.detectors) ? region.guardDuty.detectors[0] : undefined;
        const detector: GuardDutyDetector = {
          ...(previous && action !== 'create' && action !== 'replace'
            ? previous
            : {
                detectorId: c.detectorId ?? standInName(source),
                administrator: unknownEvidence(action === 'create' || action === 'replace' ? `the detector's administrator is ${AFTER_APPLY}` : this.options.absentReason),
                publishingDestinations: [],
                // A detector created by this change has no findings yet.
                highSeverityFindingCount: 0,
              }),
          Status: isUnresolved(c.enabled) ? 'DISABLED' : c.enabled ? 'ENABLED' : 'DISABLED',
          Features: mergeFeatures(previous?.Features ?? [], c.features),
        };
        region.guardDuty = {detectors: [detector]};
        if (isUnresolved(c.enabled)) this.notes.push(`${sourceLabel(source)}: whether the detector is enabled is ${AFTER_APPLY}`);
        this.cite(undefined, source, c.kind, c.region);
        return;
      }
      case 'detector-feature':
      case 'detector-publishing':
      case 'detector-organization': {
        const region = this.region(c.region);
        const detectors = region.guardDuty?.detectors;
        this.cite(undefined, source, c.kind, c.region);
        if (!Array.isArray(detectors) || !detectors[0]) {
          this.notes.push(`${sourceLabel(source)}: no GuardDuty detector known in ${c.region} to apply it to`);
          return;
        }
        const d = detectors[0];
        if (c.kind === 'detector-feature') {
          d.Features = mergeFeatures(d.Features ?? [], [{Name: c.feature.Name, Status: isUnresolved(c.feature.Status) ? 'DISABLED' : c.feature.Status}]);
        } else if (c.kind === 'detector-publishing') {
          const current = Array.isArray(d.publishingDestinations) ? d.publishingDestinations : [];
          d.publishingDestinations = [...current, {DestinationType: c.destinationType, Status: 'PUBLISHING'}];
        } else {
          d.organizationConfiguration = isUnresolved(c.autoEnableOrganizationMembers)
            ? markerOf(c.autoEnableOrganizationMembers)
            : {AutoEnableOrganizationMembers: c.autoEnableOrganizationMembers};
        }
        return;
      }
      case 'detective-graph': {
        const region = this.region(c.region);
        const det = region.detective ?? {graphs: [], memberships: unknownEvidence(this.options.absentReason)};
        const graphs = Array.isArray(det.graphs) ? det.graphs.filter((g) => !c.arn || g.Arn !== c.arn) : [];
        region.detective = {...det, graphs: [...graphs, {...(c.arn ? {Arn: c.arn} : {})}]};
        this.cite(undefined, source, c.kind, c.region);
        return;
      }
      case 'config-recorder':
      case 'config-recorder-status':
      case 'config-delivery-channel':
      case 'config-aggregator': {
        const region = this.region(c.region);
        const config: ConfigServiceEvidence = region.config ?? absentConfig(this.options.absentReason);
        const [field, name, item] = configTarget(c);
        const current = config[field];
        const kept = Array.isArray(current) ? (current as unknown[]).filter((x) => configName(field, x) !== name) : [];
        // Aggregators are many per region: one in the change says nothing about the others, unless it is the answer.
        const orgWide = c.kind === 'config-aggregator' && !!c.aggregator.OrganizationAggregationSource;
        if (Array.isArray(current) || field !== 'aggregators' || orgWide) (config[field] as unknown[]) = [...kept, item];
        if (c.kind === 'config-delivery-channel' && (action === 'create' || action === 'replace' || !Array.isArray(config.deliveryChannelStatuses))) {
          config.deliveryChannelStatuses = unknownEvidence(`the delivery channel's status is ${AFTER_APPLY}`);
        }
        region.config = config;
        this.cite(undefined, source, c.kind, c.region);
        return;
      }
    }
  }

  /** A resource that may or may not exist: the evidence of its kind where it would be is unknown, for that reason. */
  uncertain(c: Contribution, why: Unresolved): void {
    if (isLogSource(c) && this.logSources.uncertain(c, why)) return;
    const marker = markerOf(why);
    const region = this.region(c.region);
    switch (c.kind) {
      case 'trail':
        for (const r of this.account.regions) if (r === region || c.description.IsMultiRegionTrail) r.trailArns = marker;
        return;
      case 'account-public-access-block':
        this.account.s3PublicAccessBlock = marker;
        return;
      case 'detector':
        region.guardDuty = {detectors: marker};
        return;
      case 'detective-graph':
        region.detective = {memberships: unknownEvidence(this.options.absentReason), ...region.detective, graphs: marker};
        return;
      case 'config-recorder':
      case 'config-recorder-status':
      case 'config-delivery-channel':
      case 'config-aggregator': {
        const config = region.config ?? absentConfig(this.options.absentReason);
        config[configTarget(c)[0]] = marker;
        region.config = config;
        return;
      }
      default:
        // A bucket or log group that may not exist is judged only if it does: nothing is added.
        this.notes.push(why.reason);
    }
  }

  private addTrail(c: Extract<Contribution, {kind: 'trail'}>, source: SourceRef, action: ChangeAction): void {
    const arn = this.trailArnOf(c, source);
    const name = isUnresolved(c.name) ? standInName(source) : c.name;
    const previous = action === 'update' ? this.removedTrails.get(arn) : undefined;
    // An updated trail keeps its delivery history; a new one has none until it runs.
    const history = previous && !isMissing(previous.status) ? previous.status : undefined;
    const trail: Trail = {
      arn,
      ownerAccountId: this.accountId,
      description: {...c.description, Name: name, TrailARN: arn, HomeRegion: c.region},
      status: isUnresolved(c.isLogging) ? markerOf(c.isLogging) : {...history, IsLogging: c.isLogging},
      eventSelectors: isUnresolved(c.selectors) ? markerOf(c.selectors) : c.selectors,
      insightSelectors: isUnresolved(c.insightSelectors) ? markerOf(c.insightSelectors) : c.insightSelectors,
    };
    this.account.trails.push(trail);
    for (const region of this.account.regions) {
      if (Array.isArray(region.trailArns) && (trail.description.IsMultiRegionTrail || region.name === c.region)) region.trailArns.push(arn);
    }
    const facts = {...c.unresolvedFacts};
    if (!history) {
      const why = new Unresolved(`the trail's deliveries are ${AFTER_APPLY}`);
      facts.cloudWatchDeliveryAgeHours = why;
      facts.latestDeliveryError = why;
    }
    this.override(arn, facts);
    this.cite(arn, source, c.kind, c.region);
    if (trail.description.IsMultiRegionTrail) for (const r of this.account.regions) if (r.name !== c.region) this.cite(undefined, source, c.kind, r.name);
  }

  private addBucket(c: Extract<Contribution, {kind: 'bucket'}>, source: SourceRef, action: ChangeAction): void {
    const name = this.bucketName(c.name, source, c.isBucket);
    if (!name) {
      for (const piece of Object.keys(c.pieces) as BucketPiece[]) {
        this.unattached.push({piece, source, reason: `${sourceLabel(source)} applies to a bucket whose name is ${AFTER_APPLY}`});
      }
      return;
    }
    let bucket = this.buckets.get(name);
    if (!bucket) {
      if (c.isBucket && (action === 'create' || action === 'replace')) {
        bucket = {name, region: c.region, ownerAccountId: this.accountId, ...newBucketPieces(), policyStatus: null} as TrailBucket;
        this.createdBuckets.add(name);
      } else {
        // An existing bucket the base does not hold: what the change does not set is unknown.
        bucket = {...unknownTrailBucket(name, this.options.absentReason), region: c.region};
        if (c.isBucket) bucket.ownerAccountId = this.accountId;
      }
      this.account.trailBuckets.push(bucket);
      this.buckets.set(name, bucket);
    }
    for (const [piece, value] of Object.entries(c.pieces) as [BucketPiece, unknown][]) {
      if (c.isBucket && isUnresolved(value) && this.piecesSet.get(name)?.has(piece)) continue;
      setPiece(bucket, piece, value as never);
      if (!c.isBucket) this.piecesSet.set(name, (this.piecesSet.get(name) ?? new Set()).add(piece));
    }
    const arn = `arn:${this.options.partition}:s3:::${name}`;
    if (c.isBucket) this.cite(arn, source, c.kind, c.region);
    for (const piece of Object.keys(c.pieces)) this.cite(`${arn}#${piece}`, source, c.kind, c.region);
  }

  private logGroupArn(region: string, name: string): string {
    return logGroupArn(this.options.partition, region, this.accountId, name);
  }

  private addLogGroup(c: Extract<Contribution, {kind: 'log-group'}>, source: SourceRef, action: ChangeAction): void {
    const region = this.region(c.region);
    const name = isUnresolved(c.name) ? standInName(source) : c.name;
    const previous = action === 'update' ? this.removedGroups.get(`${c.region}|${name}`) : undefined;
    const arn = this.logGroupArn(c.region, name);
    const group = {
      ...(previous ? {storedBytes: previous.storedBytes, metricFilterCount: previous.metricFilterCount, subscriptionFilterCount: previous.subscriptionFilterCount} : {storedBytes: 0}),
      ...c.group,
      logGroupName: name,
      arn: `${arn}:*`,
    };
    // Without the properties left undefined, as a snapshot file would not have them.
    const record = Object.fromEntries(Object.entries(group).filter(([, v]) => v !== undefined)) as unknown as LogGroup;
    if (!Array.isArray(region.logGroups)) {
      region.logGroups = [];
      this.groupPositions.delete(c.region);
    }
    const groups = region.logGroups;
    let positions = this.groupPositions.get(c.region);
    if (!positions) {
      positions = new Map(groups.map((g, i) => [g.logGroupName, i]));
      this.groupPositions.set(c.region, positions);
    }
    const at = positions.get(name);
    if (at === undefined) positions.set(name, groups.push(record) - 1);
    else groups[at] = record;
    this.override(arn, c.unresolvedFacts);
    this.cite(arn, source, c.kind, c.region);
  }

  finish(): Projection {
    this.logSources.finish();
    // A split resource that could not be tied to its bucket: the pieces it may set are unknown on every bucket this
    // change creates (where nothing else set them), rather than judged on the new bucket's defaults.
    for (const u of this.unattached) {
      for (const name of this.createdBuckets) {
        if (this.piecesSet.get(name)?.has(u.piece)) continue;
        const bucket = this.buckets.get(name);
        if (bucket) setPiece(bucket, u.piece, new Unresolved(u.reason) as never);
      }
      this.notes.push(u.reason);
    }
    // Buckets the change made that no trail delivers to are not trail buckets: the bucket rules do not apply to them.
    const delivered = new Set(this.account.trails.map((t) => t.description.S3BucketName).filter(Boolean));
    this.account.trailBuckets = this.account.trailBuckets.filter((b) => this.baseBuckets.has(b.name) || delivered.has(b.name));
    return {
      account: this.account,
      overrides: [...this.overrides].map(([resource, facts]) => ({resource, facts})),
      sources: this.sources,
      sourcesByKind: this.sourcesByKind,
      notes: this.notes,
    };
  }
}

const isLogSource = (c: Contribution): c is Extract<Contribution, {kind: LogSourceKind}> => (LOG_SOURCE_KINDS as readonly string[]).includes(c.kind);

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function mergeFeatures(current: NonNullable<GuardDutyDetector['Features']>, changes: {Name: string; Status: string}[]): NonNullable<GuardDutyDetector['Features']> {
  const names = new Set(changes.map((f) => f.Name));
  return [...current.filter((f) => !f.Name || !names.has(f.Name)), ...changes];
}

/** Sets one piece of a bucket's evidence (and the policy status that follows from a policy). */
function setPiece<P extends BucketPiece>(bucket: TrailBucket, piece: P, value: TrailBucket[P] | Unresolved): void {
  const evidence = isUnresolved(value) ? markerOf(value) : value;
  (bucket as unknown as Record<string, unknown>)[piece] = evidence;
  if (piece === 'policy') {
    bucket.policyStatus = isMissing(evidence) ? evidence : typeof evidence === 'string' ? {IsPublic: policyAllowsEveryone(evidence)} : null;
  }
}

type ConfigField = 'recorders' | 'recorderStatuses' | 'deliveryChannels' | 'aggregators';

function configTarget(
  c: Extract<Contribution, {kind: 'config-recorder' | 'config-recorder-status' | 'config-delivery-channel' | 'config-aggregator'}>,
): [ConfigField, string | undefined, unknown] {
  switch (c.kind) {
    case 'config-recorder':
      return ['recorders', c.recorder.name, c.recorder];
    case 'config-recorder-status':
      return ['recorderStatuses', c.status.name, c.status];
    case 'config-delivery-channel':
      return ['deliveryChannels', c.channel.name, c.channel];
    case 'config-aggregator':
      return ['aggregators', c.aggregator.ConfigurationAggregatorName, c.aggregator];
  }
}

function configName(field: ConfigField, item: unknown): unknown {
  const o = item as Record<string, unknown>;
  return field === 'aggregators' ? o.ConfigurationAggregatorName : o.name;
}

function absentConfig(reason: string): ConfigServiceEvidence {
  const marker = unknownEvidence(reason);
  return {recorders: marker, recorderStatuses: marker, deliveryChannels: marker, deliveryChannelStatuses: marker, aggregators: marker};
}

/** A region whose evidence is all unknown, for `reason`. */
export function absentRegion(name: string, reason: string): RegionSnapshot {
  const marker = unknownEvidence(reason);
  return {
    name,
    optInStatus: 'opt-in-not-required',
    trailArns: marker,
    logGroups: marker,
    config: absentConfig(reason),
    guardDuty: {detectors: marker},
    detective: {graphs: marker, memberships: marker},
    ...absentServiceEvidence(name, reason),
  };
}

/** An account whose only evidence is what a change will set: everything else is unknown ("not in the plan"). */
export function absentAccount(accountId: string, regions: string[], reason: string, name?: string): AccountSnapshot {
  const marker = unknownEvidence(reason);
  return {
    accountId,
    ...(name ? {name} : {}),
    alias: marker,
    organization: marker,
    regions: [...new Set(regions)].sort().map((r) => absentRegion(r, reason)),
    trails: [],
    trailBuckets: [],
    s3PublicAccessBlock: marker,
  };
}

export {BUCKET_PIECES};
