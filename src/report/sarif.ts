/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`). One `rules[]` entry per applied rule,
 * one result per failing finding. Code scanning wants a file and a line for every alert, and trailwise's findings are
 * about AWS resources, not source lines: each result points at the snapshot file and the line where the resource
 * appears in it, and carries the resource as a logical location. The finding's fingerprint (rule id + account +
 * region + resource) keeps an alert the same alert when the snapshot is re-collected and lines move.
 */
import path from 'node:path';
import type {Severity} from '../evaluate/policy.js';
import type {AppliedRule, Finding} from '../evaluate/types.js';
import {markdownCodeBlock, markdownText} from './escape/markdown.js';
import {sarifText} from './escape/sarif.js';
import {inBaseline, type FormatOptions, type Report} from './report.js';

/** Above this size the snapshot's text is not searched for SARIF line numbers (each result points at line 1). */
export const MAX_LOCATOR_BYTES = 64 * 1024 * 1024;

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const TRAILWISE_INFORMATION_URI = 'https://trailwise.dev';
/** The key of trailwise's own fingerprint in `partialFingerprints`; versioned in case the recipe ever changes. */
export const FINGERPRINT_KEY = 'trailwiseFingerprint/v1';

/** GitHub maps these to its critical/high/medium/low labels (≥9.0, 7.0–8.9, 4.0–6.9, 0.1–3.9). */
export const SECURITY_SEVERITY: Record<Severity, string> = {critical: '9.5', high: '8.0', medium: '5.5', low: '3.0'};

export type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, SarifLevel> = {critical: 'error', high: 'error', medium: 'warning', low: 'note'};

export interface SarifOptions extends FormatOptions {
  /** The snapshot path relative to the repository root; default `report.snapshot.file`. */
  artifactUri?: string;
}

// Only the parts of the SARIF object model trailwise writes.
interface MultiformatMessage {
  text: string;
  markdown?: string;
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: MultiformatMessage;
  fullDescription: MultiformatMessage;
  help: MultiformatMessage & {markdown: string};
  defaultConfiguration: {enabled: boolean; level: SarifLevel};
  /** `category`: the report heading the rule is shown under (e.g. "Network and service logs"). */
  properties: {tags: string[]; 'security-severity': string; precision: string; 'problem.severity': string; category?: string};
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: {text: string};
  locations: {
    physicalLocation: {artifactLocation: {uri: string}; region: {startLine: number}};
    logicalLocations: {name: string; fullyQualifiedName: string; kind: string}[];
  }[];
  partialFingerprints: Record<string, string>;
  baselineState?: 'new' | 'unchanged';
  properties: {accountId: string; region: string; resourceType: string; severity: Severity; advisory?: boolean; estimatedMonthlyCostUsd?: number; category?: string};
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {driver: {name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[]}};
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
    properties: {pack: string; score: Report['score']; counts: Report['counts']; collectedAt: string};
  }[];
}

/** `ct.region-coverage` → `CtRegionCoverage`: SARIF's `name` is an identifier, the title goes in the descriptions. */
function ruleName(id: string): string {
  return id
    .split(/[.\-_]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

function helpFor(rule: AppliedRule): {text: string; markdown: string} {
  const r = rule.remediation;
  const text = [rule.rationale, '', `Remediation: ${r.summary}`];
  const markdown = [markdownText(rule.rationale), '', `**Remediation:** ${markdownText(r.summary)}`];
  if (r.console) {
    text.push(`Console: ${r.console}`);
    markdown.push('', `**Console:** ${markdownText(r.console)}`);
  }
  if (r.cli) {
    text.push(`AWS CLI: ${r.cli}`);
    markdown.push('', '**AWS CLI:**', '', markdownCodeBlock(r.cli, 'sh'));
  }
  if (r.cliNote) {
    text.push(`Note: ${r.cliNote}`);
    markdown.push('', `**Note:** ${markdownText(r.cliNote)}`);
  }
  if (r.terraform) {
    text.push('Terraform:', r.terraform.trimEnd());
    markdown.push('', '**Terraform:**', '', markdownCodeBlock(r.terraform, 'hcl'));
  }
  const equivalents = Object.entries(rule.equivalents).filter(([, ids]) => ids.length);
  if (equivalents.length) {
    const list = equivalents.map(([tool, ids]) => `${tool}: ${ids.join(', ')}`).join('; ');
    text.push('', `Equivalents: ${list}`);
    markdown.push('', `**Equivalents:** ${markdownText(list)}`);
  }
  return {text: sarifText(text.join('\n')), markdown: markdown.join('\n')};
}

function sarifRule(rule: AppliedRule): SarifRule {
  const tags = ['security', 'aws', 'logging', rule.pillar, ...rule.bestPractices, ...(rule.advisory ? ['advisory', 'cost'] : []), ...(rule.category ? [rule.category] : [])];
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: {text: sarifText(rule.title)},
    fullDescription: {text: sarifText(rule.rationale)},
    help: helpFor(rule),
    defaultConfiguration: {enabled: rule.enabled, level: rule.advisory ? 'note' : LEVEL[rule.severity]},
    properties: {
      tags: [...new Set(tags)],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'very-high',
      'problem.severity': rule.advisory ? 'recommendation' : LEVEL[rule.severity],
      ...(rule.category ? {category: rule.category} : {}),
    },
  };
}

/** Line starts of a text, for offset → line lookups. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Longer resource names are located by their account only. */
const MAX_LOCATED_NAME = 2_048;

const quoteRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `"key": "value"` with any JSON whitespace, as a regex. */
const keyValue = (key: string, value: string, prefix = false) => new RegExp(`"${quoteRe(key)}"\\s*:\\s*"${quoteRe(value)}${prefix ? '' : '"'}`);
/** The value as a JSON string, or as the start of one. */
const stringValue = (value: string, prefix = false) => new RegExp(`"${quoteRe(value)}${prefix ? '' : '"'}`);

/**
 * Finds resources in a snapshot's text. The text is searched, not parsed, so the line is the one the user sees in the
 * file they committed; each account's block is found first, so a bucket name that two accounts mention resolves to
 * the account the finding is about.
 */
export class SnapshotLocator {
  private readonly starts: number[];
  private readonly accountRanges = new Map<string, [number, number]>();

  constructor(private readonly text: string) {
    this.starts = lineStarts(text);
    const found = [...text.matchAll(/"accountId"\s*:\s*"(\d{12})"/g)].map((m) => ({id: m[1]!, at: m.index}));
    // The first `"accountId"` of each id opens its block; the next account's opening closes it.
    const seen = new Set<string>();
    const openings = found.filter((f) => !seen.has(f.id) && seen.add(f.id));
    openings.forEach((o, i) => this.accountRanges.set(o.id, [o.at, openings[i + 1]?.at ?? text.length]));
  }

  private search(pattern: RegExp, range?: [number, number]): number | undefined {
    const [from, to] = range ?? [0, this.text.length];
    const match = pattern.exec(this.text.slice(from, to));
    return match ? from + match.index : undefined;
  }

  /** The 1-based line where the finding's resource is declared, or its account, or 1. */
  lineOf(finding: Pick<Finding, 'accountId' | 'region' | 'resource' | 'resourceType'>): number {
    const range = this.accountRanges.get(finding.accountId);
    const patterns: RegExp[] = [];
    const r = finding.resource;
    // A name longer than any AWS allows is not searched for (a pattern of it would cost its length times the file's).
    if (r.length > MAX_LOCATED_NAME) return range ? lineAt(this.starts, range[0]) : 1;
    const regionScoped = /^(\d{12})\/([a-z0-9-]+)$/.exec(r);
    const bucket = /^arn:[^:]+:s3:::([^/]+)$/.exec(r);
    if (regionScoped) {
      patterns.push(keyValue('name', regionScoped[2]!));
    } else if (bucket) {
      patterns.push(keyValue('name', bucket[1]!), keyValue('S3BucketName', bucket[1]!), stringValue(bucket[1]!));
    } else if (finding.resourceType === 'AWS::CloudTrail::Trail') {
      patterns.push(keyValue('TrailARN', r), stringValue(r));
    } else if (r.startsWith('arn:')) {
      // Log group ARNs are stored with a `:*` suffix; a prefix match finds both forms.
      patterns.push(keyValue('arn', r, true), stringValue(r, true));
      const logGroup = /:log-group:(.+)$/.exec(r);
      if (logGroup) patterns.push(keyValue('logGroupName', logGroup[1]!));
    } else {
      patterns.push(stringValue(r));
    }
    for (const pattern of patterns) {
      const at = (range && this.search(pattern, range)) ?? this.search(pattern);
      if (at !== undefined) return lineAt(this.starts, at);
    }
    if (range) return lineAt(this.starts, range[0]);
    return 1;
  }
}

/** The first failing finding of each rule, in report order: which rules SARIF must describe, before any result. */
export function firstFailures(findings: Iterable<Finding>): Map<string, Finding> {
  const first = new Map<string, Finding>();
  for (const f of findings) if (f.status === 'fail' && !first.has(f.ruleId)) first.set(f.ruleId, f);
  return first;
}

/**
 * Turns failing findings into SARIF results: the rules are described up front (enabled rules, rules that fail, and
 * rules a finding names that the report does not describe), so that `rules` can be written before any result.
 */
export class SarifResults {
  readonly rules: SarifRule[];
  private readonly index = new Map<string, number>();
  private readonly uri: string;
  private readonly locator?: SnapshotLocator;

  constructor(
    frame: Pick<Report, 'rules' | 'snapshot'>,
    failures: Map<string, Finding>,
    private readonly options: SarifOptions = {},
  ) {
    const applied = frame.rules.filter((r) => r.enabled || failures.has(r.id));
    this.rules = applied.map(sarifRule);
    applied.forEach((r, i) => this.index.set(r.id, i));
    for (const [id, f] of failures) {
      if (this.index.has(id)) continue;
      // A finding whose rule the report does not describe (hand-edited report): describe it from the finding.
      this.index.set(id, this.rules.length);
      this.rules.push(
        sarifRule({
          id: f.ruleId,
          title: f.title,
          severity: f.severity,
          pillar: f.pillar,
          bestPractices: f.bestPractices,
          advisory: f.advisory === true,
          enabled: true,
          parameters: {},
          rationale: f.title,
          remediation: {summary: f.remediation},
          equivalents: {},
        }),
      );
    }
    this.uri = toArtifactUri(options.artifactUri ?? frame.snapshot.file ?? 'trailwise-snapshot.json');
    this.locator = options.snapshotText !== undefined ? new SnapshotLocator(options.snapshotText) : undefined;
  }

  /** The result for a failing finding. */
  result(f: Finding): SarifResult {
    const where = f.region === 'global' ? f.accountId : `${f.accountId}/${f.region}`;
    const ruleIndex = this.index.get(f.ruleId)!;
    const category = this.rules[ruleIndex]!.properties.category;
    return {
      ruleId: f.ruleId,
      ruleIndex,
      level: f.advisory ? 'note' : LEVEL[f.severity],
      message: {text: sarifText(`${f.message} (${f.resource}, ${where})`)},
      locations: [
        {
          // A finding about planned infrastructure code points at the block that declares the resource, so the
          // annotation lands on the pull request's diff; any other finding points into the snapshot.
          physicalLocation: f.source?.file
            ? {artifactLocation: {uri: toArtifactUri(f.source.file)}, region: {startLine: f.source.line ?? 1}}
            : {artifactLocation: {uri: this.uri}, region: {startLine: this.locator?.lineOf(f) ?? 1}},
          logicalLocations: [
            {name: shortName(f.resource), fullyQualifiedName: f.resource, kind: 'resource'},
            ...(f.source ? [{name: f.source.address, fullyQualifiedName: f.source.address, kind: 'declaration'}] : []),
          ],
        },
      ],
      // upload-sarif computes `primaryLocationLineHash` from the line's text only when it is missing; the line text
      // changes with every re-collection, so trailwise's own fingerprint stands in for it.
      partialFingerprints: {[FINGERPRINT_KEY]: f.fingerprint, primaryLocationLineHash: f.fingerprint},
      ...(this.options.baseline ? {baselineState: inBaseline(this.options.baseline, f) ? ('unchanged' as const) : ('new' as const)} : {}),
      properties: {
        accountId: f.accountId,
        region: f.region,
        resourceType: f.resourceType,
        severity: f.severity,
        ...(f.advisory ? {advisory: true} : {}),
        ...(f.estimatedMonthlyCostUsd !== undefined ? {estimatedMonthlyCostUsd: f.estimatedMonthlyCostUsd} : {}),
        ...(category ? {category} : {}),
      },
    };
  }
}

/** The SARIF log around its results (an array, or the marker a streamed writer puts in their place). */
export function sarifLog<R>(frame: Omit<Report, 'findings'>, rules: SarifRule[], results: R): Omit<SarifLog, 'runs'> & {runs: (Omit<SarifLog['runs'][number], 'results'> & {results: R})[]} {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {name: 'trailwise', version: frame.version, semanticVersion: frame.version, informationUri: TRAILWISE_INFORMATION_URI, rules},
        },
        results,
        columnKind: 'utf16CodeUnits',
        properties: {pack: frame.pack, score: frame.score, counts: frame.counts, collectedAt: frame.snapshot.collectedAt},
      },
    ],
  };
}

/** The SARIF log object for a report. */
export function buildSarif(report: Report, options: SarifOptions = {}): SarifLog {
  const failing = report.findings.filter((f) => f.status === 'fail');
  const results = new SarifResults(report, firstFailures(failing), options);
  return sarifLog(report, results.rules, failing.map((f) => results.result(f)));
}

/** The last segment of an ARN or id, for a short display name. */
function shortName(resource: string): string {
  const tail = resource.split(/[/:]/).filter(Boolean).pop();
  return tail ?? resource;
}

/** A repository-relative path as a SARIF URI reference: forward slashes, no `./`, each segment percent-encoded. */
export function toArtifactUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** The report as a SARIF 2.1.0 JSON document. */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}

/**
 * A file's path as SARIF and annotations should carry it: relative to `root` (the workspace or the working directory)
 * when the file is under it, with forward slashes; otherwise the path as given.
 */
export function relativeTo(root: string, file: string): string {
  const relative = path.relative(path.resolve(root), path.resolve(root, file));
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return file.split(path.sep).join('/');
  return relative.split(path.sep).join('/');
}
