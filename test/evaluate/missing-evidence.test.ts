// No pass on missing evidence. Every built-in rule (whatever pack turns it on) is walked over variants of the fixture
// and example snapshots in which evidence is replaced by an error marker: each piece of evidence in turn (every place
// the snapshot schema allows `Evidence<…>`), each kind of evidence in every account and region at once (a permission
// missing from the role), each region as a whole (`error` on the region) and each account as a whole.
//
// A rule may pass on a variant only where it passes whatever the missing evidence is: its pass must be a pass (or not
// applicable) on the snapshot as it was, and on every other value that evidence can take — "witnesses": the values the
// same kind of evidence has elsewhere in the fixtures, an empty, doubled or shortened list, flipped flags, other
// numbers, null, and for `DescribeTrails` one more trail homed in the region, or none of the trails only it listed.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {compileRules, evaluate, type CompiledRule} from '../../src/evaluate/evaluate.js';
import {builtinPolicyDir, loadPolicies, packageRoot} from '../../src/evaluate/policy.js';
import type {Status} from '../../src/evaluate/types.js';
import {isMissing} from '../../src/snapshot/evidence.js';
import {validateSnapshot} from '../../src/snapshot/load.js';
import {normalize} from '../../src/snapshot/normalize.js';
import {snapshotSchema} from '../../src/snapshot/schema.js';
import type {Snapshot, Trail} from '../../src/snapshot/types.js';

type Schema = Record<string, unknown>;

/** Every built-in rule, enabled, with its default parameters; new policy files are picked up as they are added. */
const rules: CompiledRule[] = compileRules(await loadPolicies([builtinPolicyDir()])).map((r) => ({...r, rule: {...r.rule, enabled: true}}));

interface Base {
  name: string;
  snapshot: Snapshot;
}

/** The fixture and example snapshots, each distinct one once. */
function baseSnapshots(): Base[] {
  const root = packageRoot();
  const seen = new Set<string>();
  const out: Base[] = [];
  for (const dir of ['policies/fixtures', 'examples/snapshots']) {
    for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.json')).sort()) {
      const text = JSON.stringify(JSON.parse(readFileSync(path.join(root, dir, file), 'utf8')));
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({name: `${dir}/${file}`, snapshot: validateSnapshot(JSON.parse(text), file)});
    }
  }
  return out;
}

// ---- where the evidence is -----------------------------------------------------------------------------------------

/** One piece of evidence in a snapshot: where it is, and its kind (its place in the schema, lists as `[]`). */
interface Site {
  pointer: string[];
  kind: string;
  value: unknown;
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) return resolve((snapshotSchema.$defs as Record<string, Schema>)[ref.slice(8)]!);
  return schema;
}

/** `evidence(value)` in src/snapshot/schema.ts: if it is a marker then `#/$defs/missing`, else the value's schema. */
const isEvidenceSchema = (schema: Schema) => (schema.then as Schema | undefined)?.$ref === '#/$defs/missing';

/** Walks a snapshot along its schema and lists every piece of evidence it holds, nested evidence included. */
function evidenceSites(schema: Schema, value: unknown, pointer: string[] = [], kind = '', out: Site[] = []): Site[] {
  const s = resolve(schema);
  if (isEvidenceSchema(s)) {
    if (isMissing(value)) return out;
    out.push({pointer, kind, value});
    return evidenceSites(s.else as Schema, value, pointer, kind, out);
  }
  for (const branch of [...((s.anyOf as Schema[] | undefined) ?? []), ...((s.oneOf as Schema[] | undefined) ?? [])]) {
    evidenceSites(branch, value, pointer, kind, out);
  }
  if (Array.isArray(value) && s.items && typeof s.items === 'object') {
    value.forEach((item, i) => evidenceSites(s.items as Schema, item, [...pointer, String(i)], `${kind}/[]`, out));
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    for (const [key, v] of Object.entries(value)) {
      const sub = props[key] ?? (typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined);
      if (sub) evidenceSites(sub, v, [...pointer, key], `${kind}/${key}`, out);
    }
  }
  return out;
}

const getAt = (root: unknown, pointer: string[]): unknown => pointer.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);

function setAt(root: unknown, pointer: string[], value: unknown): void {
  (getAt(root, pointer.slice(0, -1)) as Record<string, unknown>)[pointer[pointer.length - 1]!] = value;
}

const TRAIL_LIST = '/accounts/[]/regions/[]/trailArns';
const isTrailList = (site: Site) => site.kind === TRAIL_LIST;
const within = (site: Site, prefix: string[]) => prefix.every((key, i) => site.pointer[i] === key);

// ---- the collector's record of a failure -----------------------------------------------------------------------------

const denied = (what: string) => ({
  error: {kind: 'AccessDenied' as const, code: 'AccessDeniedException', message: `probe: ${what} denied`, operation: `probe:${what}`},
});

const listedIn = (snapshot: Snapshot, a: number, arn: string) =>
  (snapshot.accounts[a]?.regions ?? []).some((r) => !r.error && Array.isArray(r.trailArns) && r.trailArns.includes(arn));

/**
 * A trail reaches `accounts[].trails` only through some region's `DescribeTrails`: when every region that listed it
 * failed, the collector never saw it. (Trails that no region lists are hand-written fixtures; they stay.)
 */
function dropUnseenTrails(snapshot: Snapshot, base: Snapshot): void {
  snapshot.accounts.forEach((account, a) => {
    account.trails = account.trails.filter((t) => listedIn(snapshot, a, t.arn) || !listedIn(base, a, t.arn));
  });
}

interface Variant {
  name: string;
  snapshot: Snapshot;
  /** The evidence the variant lost: a pass there must hold whatever value each of these takes. */
  lost: Site[];
}

function variantsOf(base: Snapshot, sites: Site[]): Variant[] {
  const variants: Variant[] = [];
  const lose = (name: string, lost: Site[], change: (s: Snapshot) => void) => {
    const snapshot = structuredClone(base);
    change(snapshot);
    dropUnseenTrails(snapshot, base);
    variants.push({name, snapshot, lost});
  };
  // Each piece of evidence in turn.
  for (const site of sites) lose(`${site.pointer.join('/')} denied`, [site], (s) => setAt(s, site.pointer, denied(site.kind)));
  // Each kind of evidence everywhere at once: the role lacks the permission.
  for (const kind of new Set(sites.map((s) => s.kind))) {
    const all = sites.filter((s) => s.kind === kind);
    if (all.length > 1) lose(`${kind} denied everywhere`, all, (s) => all.forEach((site) => setAt(s, site.pointer, denied(kind))));
  }
  base.accounts.forEach((account, a) => {
    // Each region that holds evidence, unreachable as a whole.
    account.regions.forEach((region, r) => {
      if (region.error || region.optInStatus === 'not-opted-in') return;
      const prefix = ['accounts', String(a), 'regions', String(r)];
      lose(`region ${region.name} of ${account.accountId} unreachable`, sites.filter((s) => within(s, prefix)), (s) => {
        s.accounts[a]!.regions[r] = {name: region.name, optInStatus: region.optInStatus, error: {kind: 'Unreachable', code: 'ECONNREFUSED', message: 'probe: region unreachable'}};
      });
    });
    // Each account, not audited at all.
    if (account.error) return;
    lose(`account ${account.accountId} not audited`, sites.filter((s) => within(s, ['accounts', String(a)])), (s) => {
      s.accounts[a] = {accountId: account.accountId, regions: [], trails: [], trailBuckets: [], error: {kind: 'AccessDenied', code: 'AccessDenied', message: 'probe: role not assumable'}};
    });
  });
  return variants;
}

// ---- the values missing evidence could have had ---------------------------------------------------------------------

interface Witness {
  name: string;
  apply(snapshot: Snapshot): void;
}

function mapLeaves(value: unknown, leaf: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, leaf));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, leaf)]));
  return leaf(value);
}

/** Other values a piece of evidence could take (the ones that do not fit the schema are dropped later). */
function otherValues(site: Site, donors: Map<string, unknown[]>): unknown[] {
  const v = site.value;
  const values: unknown[] = (donors.get(site.kind) ?? []).slice(0, 4);
  if (Array.isArray(v)) values.push([], [...v, ...structuredClone(v)], v.slice(1));
  values.push(
    mapLeaves(v, (leaf) => (typeof leaf === 'boolean' ? !leaf : leaf)),
    mapLeaves(v, (leaf) => (typeof leaf === 'number' ? 0 : leaf)),
    mapLeaves(v, (leaf) => (typeof leaf === 'number' ? leaf * 1000 + 1 : leaf)),
    null,
  );
  const own = JSON.stringify(v);
  const distinct = new Map(values.map((value) => [JSON.stringify(value), value]));
  distinct.delete(own);
  return [...distinct.values()];
}

/** For `DescribeTrails` in a region: one more trail homed there (like the ones it listed), or none of its own. */
function trailListWitnesses(site: Site): Witness[] {
  const a = Number(site.pointer[1]);
  const r = Number(site.pointer[3]);
  return [
    {
      name: `${site.pointer.join('/')}: one more trail homed in the region`,
      apply(s) {
        const account = s.accounts[a]!;
        const region = account.regions[r]!;
        const listed = Array.isArray(region.trailArns) ? region.trailArns : [];
        const template = account.trails.find((t) => listed.includes(t.arn)) ?? account.trails[0];
        if (!template) return;
        const arn = `arn:aws:cloudtrail:${region.name}:${account.accountId}:trail/probe-extra`;
        const extra: Trail = {
          ...structuredClone(template),
          arn,
          ownerAccountId: account.accountId,
          description: {...template.description, Name: 'probe-extra', TrailARN: arn, HomeRegion: region.name, IsMultiRegionTrail: false, IsOrganizationTrail: false},
        };
        account.trails.push(extra);
        region.trailArns = [...listed, arn];
      },
    },
    {
      name: `${site.pointer.join('/')}: lists no trail`,
      apply(s) {
        const before = structuredClone(s);
        s.accounts[a]!.regions[r]!.trailArns = [];
        dropUnseenTrails(s, before);
      },
    },
  ];
}

/** What a piece of evidence is about, beyond where it sits: a trail (by ARN) or a bucket (by name) and the path in it. */
interface Identity {
  collection: 'trails' | 'trailBuckets';
  id: string;
  rest: string[];
}

function identityOf(snapshot: Snapshot, pointer: string[]): Identity | undefined {
  const [, a, collection, i, ...rest] = pointer;
  const account = snapshot.accounts[Number(a)]!;
  if (collection === 'trails') return {collection, id: account.trails[Number(i)]!.arn, rest};
  if (collection === 'trailBuckets') return {collection, id: account.trailBuckets[Number(i)]!.name, rest};
  return undefined;
}

/**
 * Every place that holds the same evidence (not a marker): a trail or a bucket is recorded by each account that sees
 * it, and a possible value of its evidence is the value of every record that holds it.
 */
function holders(snapshot: Snapshot, identity: Identity): string[][] {
  const out: string[][] = [];
  snapshot.accounts.forEach((account, b) => {
    const records: {arn?: string; name?: string}[] = identity.collection === 'trails' ? account.trails : account.trailBuckets;
    records.forEach((record, j) => {
      const holder = ['accounts', String(b), identity.collection, String(j), ...identity.rest];
      if ((record.arn ?? record.name) === identity.id && !isMissing(getAt(snapshot, holder))) out.push(holder);
    });
  });
  return out;
}

/** Whether the variant still holds the site's evidence in another account's record of the same trail or bucket. */
function stillHeld(site: Site, base: Snapshot, variant: Snapshot): boolean {
  const identity = identityOf(base, site.pointer);
  return identity !== undefined && holders(variant, identity).length > 0;
}

function witnessesOf(site: Site, donors: Map<string, unknown[]>): Witness[] {
  const own = otherValues(site, donors).map((value, i) => ({
    name: `${site.pointer.join('/')} = ${JSON.stringify(value).slice(0, 80)} (#${i})`,
    apply(s: Snapshot) {
      const identity = identityOf(s, site.pointer);
      for (const holder of identity ? holders(s, identity) : [site.pointer]) setAt(s, holder, structuredClone(value));
    },
  }));
  return isTrailList(site) ? [...own, ...trailListWitnesses(site)] : own;
}

// ---- running the rules ----------------------------------------------------------------------------------------------

interface Verdicts {
  bySubject: Map<string, {status: Status; label: string; resourceKey: string}>;
  /** By rule, region and resource only: a subject can move to another account (see `statusOf`). */
  byResource: Map<string, Status>;
}

function verdicts(snapshot: Snapshot): Verdicts {
  const result = evaluate(normalize(snapshot), rules, {asOf: '2026-01-01'});
  const bySubject: Verdicts['bySubject'] = new Map();
  const byResource: Verdicts['byResource'] = new Map();
  for (const f of result.findings) {
    const resourceKey = `${f.ruleId}|${f.region}|${f.resource}`;
    bySubject.set(f.fingerprint, {status: f.status, label: `${f.ruleId} on ${f.resource} (${f.accountId}, ${f.region})`, resourceKey});
    if (!passLike(f.status) || !byResource.has(resourceKey)) byResource.set(resourceKey, f.status);
  }
  return {bySubject, byResource};
}

/**
 * The status of a finding's subject in other verdicts. A subject can move: an organization trail is judged in its
 * owner's account, or in a member's when the owner is not audited; the same rule on the same resource is then the
 * same judgement.
 */
function statusOf(verdicts: Verdicts, fingerprint: string, resourceKey: string): Status | undefined {
  return verdicts.bySubject.get(fingerprint)?.status ?? verdicts.byResource.get(resourceKey);
}

const passLike = (status: Status | undefined) => status === undefined || status === 'pass' || status === 'not_applicable';

/** The passes on each variant that some possible value of the lost evidence contradicts. */
function falsePasses(base: Base, allBases: Base[]): string[] {
  const sites = evidenceSites(snapshotSchema, base.snapshot);
  const donors = new Map<string, unknown[]>();
  for (const other of allBases) {
    for (const site of evidenceSites(snapshotSchema, other.snapshot)) donors.set(site.kind, [...(donors.get(site.kind) ?? []), site.value]);
  }
  const baseVerdicts = verdicts(base.snapshot);
  const witnessVerdicts = new Map<string, Verdicts | null>();
  const verdictsUnder = (witness: Witness): Verdicts | null => {
    if (!witnessVerdicts.has(witness.name)) {
      const snapshot = structuredClone(base.snapshot);
      witness.apply(snapshot);
      let valid = true;
      try {
        validateSnapshot(snapshot);
      } catch {
        valid = false;
      }
      witnessVerdicts.set(witness.name, valid ? verdicts(snapshot) : null);
    }
    return witnessVerdicts.get(witness.name)!;
  };
  const problems: string[] = [];
  for (const variant of variantsOf(base.snapshot, sites)) {
    const under = verdicts(variant.snapshot);
    const passes = [...under.bySubject].filter(([, v]) => v.status === 'pass');
    if (!passes.length) continue;
    const lost = variant.lost.filter((site) => !stillHeld(site, base.snapshot, variant.snapshot));
    const witnesses = lost.flatMap((site) => witnessesOf(site, donors));
    for (const [fingerprint, {label, resourceKey}] of passes) {
      const before = statusOf(baseVerdicts, fingerprint, resourceKey);
      if (before === undefined || !passLike(before)) {
        problems.push(`${variant.name}: ${label} passes, but is ${before ?? 'not judged'} on the snapshot as it was`);
        continue;
      }
      // The first possible value of the lost evidence under which the rule does not pass, if there is one.
      for (const witness of witnesses) {
        const other = verdictsUnder(witness);
        const status = other ? statusOf(other, fingerprint, resourceKey) : undefined;
        if (passLike(status)) continue;
        problems.push(`${variant.name}: ${label} passes, but is ${status} when ${witness.name}`);
        break;
      }
    }
  }
  return [...new Set(problems)];
}

describe('no rule passes on evidence that is missing', () => {
  const bases = baseSnapshots();

  it('walks every built-in rule over every fixture and example snapshot', () => {
    expect(rules.length).toBeGreaterThanOrEqual(40);
    expect(bases.length).toBeGreaterThanOrEqual(3);
    for (const base of bases) expect(evidenceSites(snapshotSchema, base.snapshot).length).toBeGreaterThan(10);
  });

  // A few hundred evaluations of the whole rule set per snapshot: seconds on an idle machine, more on a shared one.
  it.each(bases.map((b) => [b.name, b] as const))('%s: each piece of evidence, each region and each account in turn', (_name, base) => {
    expect(falsePasses(base, bases)).toEqual([]);
  }, 180_000);
});
