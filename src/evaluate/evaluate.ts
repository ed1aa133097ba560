/**
 * The evaluator: policies × normalized snapshot → findings → score. Pure: no I/O, no clock except the `asOf` date
 * that decides which suppressions have expired.
 */
import type {ValidateFunction} from 'ajv/dist/2020.js';
import {describeAjvErrors} from '../ajv.js';
import {InputError} from '../errors.js';
import {describeMissing} from '../snapshot/evidence.js';
import type {NormalizedSnapshot, Subject} from '../snapshot/normalize.js';
import type {TrailwiseConfig, Suppression} from './config.js';
import {compileGlob} from './glob.js';
import {ruleFunctions, missingOutcome, type Checker, type Outcome} from './functions.js';
import {judge} from './judge.js';
import type {Pack, Policy, RuleOverride} from './policy.js';
import {computeScore} from './score.js';
import type {AppliedRule, EvaluationResult, Finding, Status} from './types.js';
import {createSchemaCompiler} from '../validators.js';

export interface CompiledRule {
  rule: AppliedRule;
  policy: Policy;
  when?: ValidateFunction;
  check: Checker;
}

export interface EvaluateOptions {
  config?: TrailwiseConfig;
  /** The day suppressions are judged against (`YYYY-MM-DD` or a Date); default today. */
  asOf?: Date | string;
}

const schemas = createSchemaCompiler();

/** Replaces every `{"$param": name}` in a schema or options object with the parameter's value. */
export function bindParameters(node: unknown, params: Record<string, unknown>, where: string): unknown {
  if (Array.isArray(node)) return node.map((n) => bindParameters(n, params, where));
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (typeof obj.$param === 'string' && Object.keys(obj).length === 1) {
      if (!(obj.$param in params)) throw new InputError(`${where}: refers to undeclared parameter "${obj.$param}"`);
      return params[obj.$param];
    }
    const bound = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, bindParameters(v, params, where)]));
    // An empty list parameter bound into `enum` means "matches nothing", which JSON Schema cannot say with `enum: []`.
    if (Array.isArray(bound.enum) && bound.enum.length === 0) {
      delete bound.enum;
      bound.not = {};
    }
    return bound;
  }
  return node;
}

function checkOverride(policy: Policy, override: RuleOverride, where: string): void {
  for (const [name, value] of Object.entries(override.parameters ?? {})) {
    const spec = policy.parameters?.[name];
    if (!spec) {
      const known = Object.keys(policy.parameters ?? {});
      throw new InputError(`${where}/parameters/${name}: rule ${policy.id} has no parameter "${name}"${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
    }
    const validate = schemas.compile(spec.schema);
    if (!validate(value)) {
      throw new InputError(`${where}/parameters/${name}: ${describeAjvErrors(validate.errors).join('; ')} (${spec.description})`);
    }
  }
}

/** Applies the pack and the config to the policies and compiles each enabled rule once. */
export function compileRules(policies: Policy[], pack?: Pack, config?: TrailwiseConfig): CompiledRule[] {
  const byId = new Map(policies.map((p) => [p.id, p]));
  for (const id of Object.keys(pack?.rules ?? {})) {
    if (!byId.has(id)) throw new InputError(`pack ${pack!.id}: at /rules/${id}: no such rule`);
  }
  for (const id of Object.keys(config?.rules ?? {})) {
    if (!byId.has(id)) throw new InputError(`${config?.source ?? 'config'}: at /rules/${id}: no such rule (see \`trailwise rules\`)`);
  }
  return policies.map((policy) => {
    const fromPack = pack?.rules[policy.id] ?? {};
    const fromConfig = config?.rules?.[policy.id] ?? {};
    if (pack) checkOverride(policy, fromPack, `pack ${pack.id}: at /rules/${policy.id}`);
    checkOverride(policy, fromConfig, `${config?.source ?? 'config'}: at /rules/${policy.id}`);
    const defaults = Object.fromEntries(Object.entries(policy.parameters ?? {}).map(([k, v]) => [k, v.default]));
    const parameters = {...defaults, ...fromPack.parameters, ...fromConfig.parameters};
    const rule: AppliedRule = {
      id: policy.id,
      title: policy.title,
      severity: fromConfig.severity ?? fromPack.severity ?? policy.severity,
      pillar: policy.pillar,
      bestPractices: policy.bestPractices,
      advisory: policy.advisory === true,
      enabled: fromConfig.enabled ?? fromPack.enabled ?? policy.enabled ?? true,
      parameters,
      rationale: policy.rationale,
      remediation: policy.remediation,
      equivalents: (policy.equivalents ?? {}) as Record<string, string[]>,
      source: policy.source,
    };
    if (policy.category) rule.category = policy.category;
    return {rule, policy, ...prepare(policy, parameters)};
  });
}

function prepare(policy: Policy, parameters: Record<string, unknown>): {when?: ValidateFunction; check: Checker} {
  const where = `${policy.source ?? policy.id}: at /then`;
  const fn = ruleFunctions[policy.then.function];
  if (!fn) {
    throw new InputError(`${where}/function: unknown function "${policy.then.function}", expected one of ${Object.keys(ruleFunctions).join(', ')}`);
  }
  const options = bindParameters(policy.then.options, parameters, `${where}/options`) as Record<string, unknown>;
  const validateOptions = schemas.compile(fn.optionsSchema);
  if (!validateOptions(options)) {
    throw new InputError(`${where}/options: ${describeAjvErrors(validateOptions.errors).join('; ')}`);
  }
  try {
    const check = fn.prepare(options, schemas);
    const when = policy.when ? schemas.compile(bindParameters(policy.when, parameters, `${where}/when`) as object) : undefined;
    return {check, when};
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${where}: not a valid JSON Schema: ${(err as Error).message}`);
  }
}

type TemplatePart = string | string[];
const compiledTemplates = new Map<string, TemplatePart[]>();

/** A template split once into literal text and placeholder paths (`{retentionInDays}` → ['retentionInDays']). */
function templateParts(template: string): TemplatePart[] {
  let parts = compiledTemplates.get(template);
  if (!parts) {
    parts = template.split(/\{([a-zA-Z0-9_.]+)\}/).map((piece, i) => (i % 2 ? piece.split('.') : piece));
    compiledTemplates.set(template, parts);
  }
  return parts;
}

/** Renders `{fact.path}`, `{param.name}`, `{count}`… placeholders, looking each name up in the scopes in order. */
export function renderMessage(template: string, ...scopes: Record<string, unknown>[]): string {
  let out = '';
  for (const part of templateParts(template)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    let node: unknown;
    for (const scope of scopes) {
      if (part[0]! in scope) {
        node = scope[part[0]!];
        break;
      }
    }
    for (let i = 1; i < part.length; i++) node = (node as Record<string, unknown> | undefined)?.[part[i]!];
    if (node === undefined) out += `{${part.join('.')}}`;
    else out += Array.isArray(node) ? node.join(', ') : typeof node === 'object' && node !== null ? JSON.stringify(node) : String(node);
  }
  return out;
}

/**
 * A stable fingerprint for a finding: rule id + account + region + resource, as a 53-bit cyrb53 hash in hex. Not a
 * security boundary, only an identity across runs (collisions are ~1e-5 likely at a million findings); a crypto
 * hash per finding cost a third of the evaluation time of a large organization.
 */
export function fingerprintOf(ruleId: string, accountId: string, region: string, resource: string): string {
  // The same as hashing `${ruleId}|${accountId}|${region}|${resource}`, without building that string.
  hashH1 = 0xdeadbeef ^ FINGERPRINT_SEED;
  hashH2 = 0x41c6ce57 ^ FINGERPRINT_SEED;
  hashInto(ruleId);
  hashInto('|');
  hashInto(accountId);
  hashInto('|');
  hashInto(region);
  hashInto('|');
  hashInto(resource);
  let h1 = hashH1;
  let h2 = hashH2;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  // The low 21 bits of h2 and the 32 of h1 as 6 + 8 hex digits, built as one string from a table of digits: a
  // number's toString(16) (h1 is no small integer) and padStart cost more than the hashing.
  return String.fromCharCode(
    HEX_DIGITS[(h2 >>> 20) & 1]!, HEX_DIGITS[(h2 >>> 16) & 15]!, HEX_DIGITS[(h2 >>> 12) & 15]!,
    HEX_DIGITS[(h2 >>> 8) & 15]!, HEX_DIGITS[(h2 >>> 4) & 15]!, HEX_DIGITS[h2 & 15]!,
    HEX_DIGITS[(h1 >>> 28) & 15]!, HEX_DIGITS[(h1 >>> 24) & 15]!, HEX_DIGITS[(h1 >>> 20) & 15]!,
    HEX_DIGITS[(h1 >>> 16) & 15]!, HEX_DIGITS[(h1 >>> 12) & 15]!, HEX_DIGITS[(h1 >>> 8) & 15]!,
    HEX_DIGITS[(h1 >>> 4) & 15]!, HEX_DIGITS[h1 & 15]!,
  );
}

const FINGERPRINT_SEED = 0x7261696c;
const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

// The hash state between the strings of one fingerprint (the function is synchronous): no object per finding.
let hashH1 = 0;
let hashH2 = 0;

/** The loop of cyrb53 (public domain, bryc): a fast string hash with good dispersion, fed one string at a time. */
function hashInto(text: string): void {
  let h1 = hashH1;
  let h2 = hashH2;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  hashH1 = h1;
  hashH2 = h2;
}

function runRule(compiled: CompiledRule, subject: Subject): {status: Exclude<Status, 'suppressed'>; outcome?: Outcome; detail: string} {
  const applicability = compiled.when ? judge(compiled.when, subject.facts) : undefined;
  if (applicability?.kind === 'fail') return {status: 'not_applicable', detail: applicability.reasons.join('; ')};
  let outcome: Outcome;
  try {
    outcome = compiled.check(subject.facts);
  } catch (err) {
    // A function that throws is a run error, never a silent pass.
    outcome = {status: 'error', detail: `rule function failed: ${(err as Error).message}`};
  }
  if (applicability?.kind === 'missing' && outcome.status === 'fail') {
    // Whether the rule applies at all is unknown: a failure might be no failure, so say why it cannot be decided.
    const missing = missingOutcome(applicability.missing);
    outcome = {...missing, detail: `cannot tell whether the rule applies: ${missing.detail}`, values: outcome.values};
  }
  return {status: outcome.status, outcome, detail: outcome.detail ?? ''};
}

function messageFor(compiled: CompiledRule, subject: Subject, status: Status, detail: string, values: Record<string, unknown>): string {
  // Scopes are looked up in order, without copying the (possibly large) facts for every finding.
  const scopes = [values, {param: compiled.rule.parameters, account: subject.accountId, region: subject.region, resource: subject.resource}, subject.facts as Record<string, unknown>];
  const templates = compiled.policy.message ?? {};
  switch (status) {
    case 'pass':
      return renderMessage(templates.pass ?? `${compiled.rule.title}.`, ...scopes);
    case 'fail': {
      const head = renderMessage(templates.fail ?? compiled.rule.title, ...scopes);
      return detail ? `${head} (${detail})` : head;
    }
    case 'not_applicable':
      return renderMessage(templates.not_applicable ?? `Not applicable: ${detail}`, ...scopes);
    case 'error':
      return `Could not be checked: ${detail}`;
    case 'unknown':
      return `Cannot be decided from the audited accounts: ${detail}`;
    default:
      return detail;
  }
}

interface SuppressionMatcher {
  suppression: Suppression;
  expired: boolean;
  matchResource: (resource: string) => boolean;
  used: boolean;
}

function suppressionMatchers(config: TrailwiseConfig | undefined, asOf: string): SuppressionMatcher[] {
  return (config?.suppressions ?? []).map((suppression) => ({
    suppression,
    expired: suppression.expires !== undefined && suppression.expires <= asOf,
    // `*` matches across `/` and `:`, which ARN patterns need; RE2 keeps it linear in the ARN's length.
    matchResource: suppression.resource ? compileGlob(suppression.resource) : () => true,
    used: false,
  }));
}

/** Evaluates the compiled rules on a normalized snapshot and scores the result. */
export function evaluate(normalized: NormalizedSnapshot, rules: CompiledRule[], options: EvaluateOptions = {}): EvaluationResult {
  const evaluator = new Evaluator(rules, options);
  const findings = evaluator.judge(normalized);
  findings.sort(compareFindings);
  return {findings, score: computeScore(findings, evaluator.appliedRules), ...evaluator.outcome()};
}

/**
 * The rules, options and suppressions of one evaluation, which may judge a snapshot in parts (one account at a time
 * for an organization too large to hold): which suppressions were used is known only once every part is judged.
 */
export class Evaluator {
  readonly appliedRules: AppliedRule[];
  private readonly enabled: CompiledRule[];
  private readonly suppressions: SuppressionMatcher[];
  private readonly naRegions: Set<string>;

  constructor(rules: CompiledRule[], options: EvaluateOptions = {}) {
    const asOf = (options.asOf instanceof Date ? options.asOf.toISOString() : (options.asOf ?? new Date().toISOString())).slice(0, 10);
    this.suppressions = suppressionMatchers(options.config, asOf);
    this.naRegions = new Set(options.config?.notApplicableRegions ?? []);
    this.enabled = rules.filter((r) => r.rule.enabled);
    this.appliedRules = rules.map((r) => r.rule);
  }

  /** The findings of every enabled rule on the subjects of `normalized`, unsorted. */
  judge(normalized: NormalizedSnapshot): Finding[] {
    const findings: Finding[] = [];
    for (const compiled of this.enabled) {
      const {rule} = compiled;
      const subjects = normalized[compiled.policy.given] as unknown as Subject[];
      for (const subject of subjects) {
        const judged = runRule(compiled, subject);
        const outcome = judged.outcome;
        let {status, detail} = judged;
        if (this.naRegions.has(subject.region) && status !== 'pass') {
          status = 'not_applicable';
          detail = `region ${subject.region} is marked not applicable in the config`;
        }
        const finding = newFinding(rule, subject, status, messageFor(compiled, subject, status, detail, outcome?.values ?? {}));
        const cost = compiled.policy.costFact ? (subject.facts as Record<string, unknown>)[compiled.policy.costFact] : undefined;
        if (status === 'fail' && typeof cost === 'number') finding.estimatedMonthlyCostUsd = cost;
        applySuppression(finding, this.suppressions);
        findings.push(finding);
      }
      // An account that could not be audited at all: every rule is an error there, so the score cannot hide it.
      for (const failed of normalized.failedAccounts) {
        const where = {accountId: failed.accountId, region: 'global', resource: `account/${failed.accountId}`, resourceType: 'AWS::::Account'};
        findings.push(newFinding(rule, where, 'error', `Could not be checked: the account was not audited: ${describeMissing(failed.error)}`));
      }
    }
    return findings;
  }

  /** The rules and the suppressions' fate, once every part is judged. */
  outcome(): Pick<EvaluationResult, 'rules' | 'expiredSuppressions' | 'unusedSuppressions'> {
    const {suppressions} = this;
    return {
      rules: this.appliedRules,
      expiredSuppressions: suppressions
        .filter((s) => s.expired)
        .map(({suppression: s}) => ({rule: s.rule, resource: s.resource, expires: s.expires!, justification: s.justification})),
      unusedSuppressions: suppressions.filter((s) => !s.expired && !s.used).map(({suppression: s}) => ({rule: s.rule, resource: s.resource})),
    };
  }
}

/** A finding of `rule` on a subject (or an account that could not be audited). */
function newFinding(
  rule: AppliedRule,
  where: Pick<Subject, 'accountId' | 'region' | 'resource' | 'resourceType'>,
  status: Status,
  message: string,
): Finding {
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    status,
    severity: rule.severity,
    pillar: rule.pillar,
    bestPractices: rule.bestPractices,
    accountId: where.accountId,
    region: where.region,
    resource: where.resource,
    resourceType: where.resourceType,
    message,
    remediation: rule.remediation.summary,
    fingerprint: fingerprintOf(rule.id, where.accountId, where.region, where.resource),
  };
  // Optional fields are set after creation: a spread in the literal made every finding a slow-path object.
  if (rule.advisory) finding.advisory = true;
  return finding;
}

function applySuppression(finding: Finding, suppressions: SuppressionMatcher[]): void {
  if (finding.status === 'pass' || finding.status === 'not_applicable') return;
  for (const s of suppressions) {
    const sup = s.suppression;
    if (sup.rule !== finding.ruleId || s.expired) continue;
    if (sup.account && sup.account !== finding.accountId) continue;
    if (sup.region && sup.region !== finding.region) continue;
    if (!s.matchResource(finding.resource)) continue;
    s.used = true;
    finding.status = 'suppressed';
    finding.suppression = {justification: sup.justification, ...(sup.expires ? {expires: sup.expires} : {})};
    return;
  }
}

const SEVERITY_ORDER = {critical: 0, high: 1, medium: 2, low: 3} as const;
const STATUS_ORDER: Record<Status, number> = {fail: 0, error: 1, unknown: 2, suppressed: 3, pass: 4, not_applicable: 5};

/** Worst first: status, then severity, then rule id, account, region, resource. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    byCodeUnit(a.ruleId, b.ruleId) ||
    byCodeUnit(a.accountId, b.accountId) ||
    byCodeUnit(a.region, b.region) ||
    byCodeUnit(a.resource, b.resource)
  );
}

// Code-unit order, not locale order: the same on every machine, and far cheaper over 300,000 findings.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

