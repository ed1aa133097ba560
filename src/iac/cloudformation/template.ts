/**
 * CloudFormation templates: JSON or YAML, with every short-form intrinsic tag (`!Ref`, `!Sub`, `!GetAtt`, `!If`,
 * `!Join`, `!Select`, `!FindInMap`, `!Equals`, `!Not`, `!And`, `!Or`, `!Split`, `!Base64`, `!Cidr`, `!GetAZs`,
 * `!ImportValue`, `!Condition`) read by the `yaml` library's custom tags into their long form. The template is then
 * resolved: parameters (defaults, or a parameters file), pseudo parameters, mappings and conditions where they can be
 * evaluated. What cannot be (a resource attribute AWS assigns, an import from another stack) is `Unresolved`.
 */
import {LineCounter, parseDocument, type Scalar, type YAMLMap, type YAMLSeq} from 'yaml';
import {assertValid} from '../../ajv.js';
import {defineValidator} from '../../validators.js';
import {InputError} from '../../errors.js';
import {logGroupArn} from '../aws-defaults.js';
import {Unresolved, type Values} from '../model.js';

type Node = Scalar | YAMLMap | YAMLSeq;

const FN_NAMES: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!If': 'Fn::If',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!FindInMap': 'Fn::FindInMap',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Split': 'Fn::Split',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
};

/** The yaml custom tags for the short forms: each tag in scalar, sequence and mapping form. */
export const CLOUDFORMATION_TAGS = Object.entries(FN_NAMES).flatMap(([tag, fn]) => [
  // `!GetAtt Res.Attr` is the short string form of `Fn::GetAtt: [Res, Attr]`.
  {tag, resolve: (s: string) => ({[fn]: fn === 'Fn::GetAtt' ? splitGetAtt(s) : s})},
  {tag, collection: 'seq' as const, resolve: (seq: Node) => ({[fn]: (seq as YAMLSeq).toJSON()})},
  {tag, collection: 'map' as const, resolve: (map: Node) => ({[fn]: (map as YAMLMap).toJSON()})},
]);

function splitGetAtt(s: string): string[] {
  const dot = s.indexOf('.');
  return dot === -1 ? [s] : [s.slice(0, dot), s.slice(dot + 1)];
}

const templateSchema = {
  type: 'object',
  required: ['Resources'],
  properties: {
    AWSTemplateFormatVersion: {type: ['string']},
    Parameters: {type: 'object', additionalProperties: {type: 'object'}},
    Mappings: {type: 'object'},
    Conditions: {type: 'object'},
    Resources: {
      type: 'object',
      additionalProperties: {type: 'object', required: ['Type'], properties: {Type: {type: 'string'}, Properties: {type: 'object'}, Condition: {type: 'string'}}},
    },
  },
};
const validator = defineValidator('cloudformation-template', templateSchema);

export interface RawTemplate {
  Parameters?: Record<string, {Type?: string; Default?: unknown}>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, {Type: string; Properties?: Values; Condition?: string}>;
}

/** A parsed template with the 1-based line of each resource's logical id. */
export interface ParsedTemplate {
  template: RawTemplate;
  lines: Map<string, number>;
}

/** Parses a template (JSON or YAML; JSON is read as the YAML it is) and validates its shape. */
export function parseTemplate(text: string, file: string): ParsedTemplate {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {customTags: CLOUDFORMATION_TAGS, lineCounter, uniqueKeys: false});
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const at = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new InputError(`${file}: not a valid template${at}: ${e.message.split('\n')[0]}`, file);
  }
  const template = doc.toJS({maxAliasCount: 100}) as unknown;
  assertValid<RawTemplate>(validator(), template, file, 'CloudFormation template (a "Resources" map of resources with a "Type")');
  const lines = new Map<string, number>();
  const resources = doc.get('Resources', true) as YAMLMap | undefined;
  for (const pair of resources?.items ?? []) {
    const key = pair.key as Scalar | undefined;
    if (key && typeof key.value === 'string' && key.range) lines.set(key.value, lineCounter.linePos(key.range[0]).line);
  }
  return {template, lines};
}

/** Parameter values from a parameters file: `[{"ParameterKey","ParameterValue"}]` or `{"Parameters": {…}}`. */
export function parseParameters(text: string, file: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: not valid JSON: ${(err as Error).message}`, file);
  }
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const [i, p] of value.entries()) {
      const key = (p as {ParameterKey?: unknown})?.ParameterKey;
      const v = (p as {ParameterValue?: unknown})?.ParameterValue;
      if (typeof key !== 'string' || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) {
        throw new InputError(`${file}: at /${i}: expected {"ParameterKey": "...", "ParameterValue": "..."}`, file);
      }
      out[key] = String(v);
    }
    return out;
  }
  const params = (value as {Parameters?: unknown})?.Parameters;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InputError(`${file}: expected [{"ParameterKey","ParameterValue"}] (aws cloudformation deploy) or {"Parameters": {...}} (CodePipeline)`, file);
  }
  for (const [key, v] of Object.entries(params)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new InputError(`${file}: at /Parameters/${key}: expected a string`, file);
    out[key] = String(v);
  }
  return out;
}

export interface StackContext {
  stack: string;
  region?: string;
  accountId?: string;
  partition: string;
  parameters: Record<string, string>;
}

const NO_VALUE = Symbol('AWS::NoValue');

/** Resolves a template's intrinsics: `resolve(value)` returns plain values with `Unresolved` where AWS decides. */
export class TemplateResolver {
  private readonly conditions = new Map<string, boolean | undefined>();

  constructor(
    private readonly template: RawTemplate,
    private readonly context: StackContext,
  ) {}

  private pseudo(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.context.region ?? new Unresolved('the stack region is not known (pass --region)');
      case 'AWS::AccountId':
        return this.context.accountId ?? new Unresolved('the account id is not known (pass --account-id)');
      case 'AWS::Partition':
        return this.context.partition;
      case 'AWS::URLSuffix':
        return this.context.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName':
        return this.context.stack;
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return new Unresolved(`${name} is known only after deployment`);
    }
  }

  private parameter(name: string): unknown {
    const p = this.template.Parameters?.[name];
    if (!p) return undefined;
    const value = this.context.parameters[name] ?? p.Default;
    if (value === undefined) return new Unresolved(`parameter ${name} has no value (give it in --parameters)`);
    if ((typeof p.Type === 'string' && p.Type.startsWith('List<')) || p.Type === 'CommaDelimitedList') return String(value).split(',');
    return value;
  }

  /** The value `!Ref` gives for a resource: its name where the template sets it, else assigned by AWS. */
  private resourceRef(logicalId: string): unknown {
    const r = this.template.Resources[logicalId]!;
    const nameProperty: Record<string, string> = {
      'AWS::S3::Bucket': 'BucketName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::CloudTrail::Trail': 'TrailName',
      'AWS::Config::ConfigurationRecorder': 'Name',
      'AWS::Config::DeliveryChannel': 'Name',
    };
    const property = nameProperty[r.Type];
    const name = property ? this.resolve(r.Properties?.[property]) : undefined;
    if (typeof name === 'string') return name;
    return new Unresolved(`the name of ${logicalId} is assigned by CloudFormation`, `${this.context.stack}/${logicalId}`);
  }

  private getAtt(logicalId: string, attribute: string): unknown {
    const r = this.template.Resources[logicalId];
    const ref = `${this.context.stack}/${logicalId}`;
    if (!r) return new Unresolved(`Fn::GetAtt names ${logicalId}, which is not a resource of the template`);
    const name = this.resourceRef(logicalId);
    if (attribute === 'Arn' && typeof name === 'string') {
      if (r.Type === 'AWS::S3::Bucket') return `arn:${this.context.partition}:s3:::${name}`;
      const region = this.pseudo('AWS::Region');
      const account = this.pseudo('AWS::AccountId');
      if (r.Type === 'AWS::Logs::LogGroup' && typeof region === 'string' && typeof account === 'string') return `${logGroupArn(this.context.partition, region, account, name)}:*`;
    }
    return new Unresolved(`${logicalId}.${attribute} is known only after deployment`, ref);
  }

  /** The truth of a named condition, or undefined when it cannot be evaluated. */
  condition(name: string): boolean | undefined {
    if (this.conditions.has(name)) return this.conditions.get(name);
    this.conditions.set(name, undefined); // a cycle evaluates to "cannot tell"
    const value = this.truth(this.template.Conditions?.[name]);
    this.conditions.set(name, value);
    return value;
  }

  private truth(expr: unknown): boolean | undefined {
    const o = expr as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) return typeof o === 'boolean' ? o : undefined;
    if ('Condition' in o && typeof o.Condition === 'string') return this.condition(o.Condition);
    const args = (key: string) => (Array.isArray(o[key]) ? (o[key] as unknown[]) : undefined);
    const eq = args('Fn::Equals');
    if (eq && eq.length === 2) {
      const [a, b] = eq.map((x) => this.resolve(x));
      if (a instanceof Unresolved || b instanceof Unresolved || a === undefined || b === undefined) return undefined;
      return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
    }
    const not = args('Fn::Not');
    if (not) {
      const v = this.truth(not[0]);
      return v === undefined ? undefined : !v;
    }
    const and = args('Fn::And');
    if (and) {
      const vs = and.map((x) => this.truth(x));
      return vs.includes(false) ? false : vs.includes(undefined) ? undefined : true;
    }
    const or = args('Fn::Or');
    if (or) {
      const vs = or.map((x) => this.truth(x));
      return vs.includes(true) ? true : vs.includes(undefined) ? undefined : false;
    }
    return undefined;
  }

  /** A value with every intrinsic resolved, `Unresolved` where it cannot be, and `AWS::NoValue` dropped. */
  resolve(value: unknown, depth = 0): unknown {
    if (depth > 64) return new Unresolved('the value nests intrinsic functions too deeply');
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, depth + 1)).filter((v) => v !== NO_VALUE);
    if (typeof value !== 'object' || value === null) return value;
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const fn = keys[0]!;
      const arg = o[fn];
      const r = (x: unknown) => this.resolve(x, depth + 1);
      switch (fn) {
        case 'Ref': {
          if (typeof arg !== 'string') break;
          if (arg.startsWith('AWS::')) return this.pseudo(arg);
          const param = this.parameter(arg);
          if (param !== undefined) return param;
          if (this.template.Resources[arg]) return this.resourceRef(arg);
          return new Unresolved(`Ref ${arg} names nothing in the template`);
        }
        case 'Fn::GetAtt': {
          const [res, ...attr] = Array.isArray(arg) ? arg.map(r) : [];
          return typeof res === 'string' ? this.getAtt(res, attr.join('.')) : new Unresolved('Fn::GetAtt cannot be resolved');
        }
        case 'Fn::Sub':
          return this.sub(arg, depth);
        case 'Fn::Join': {
          const [delimiter, items] = Array.isArray(arg) ? [r(arg[0]), r(arg[1])] : [];
          if (typeof delimiter !== 'string' || !Array.isArray(items)) return new Unresolved('Fn::Join cannot be resolved');
          const bad = items.find((i) => i instanceof Unresolved);
          return bad ?? items.map(String).join(delimiter);
        }
        case 'Fn::Select': {
          const [index, items] = Array.isArray(arg) ? [r(arg[0]), r(arg[1])] : [];
          const i = Number(index);
          return Array.isArray(items) && Number.isInteger(i) && i >= 0 && i < items.length ? items[i] : new Unresolved('Fn::Select cannot be resolved');
        }
        case 'Fn::Split': {
          const [delimiter, source] = Array.isArray(arg) ? [r(arg[0]), r(arg[1])] : [];
          return typeof delimiter === 'string' && typeof source === 'string' && delimiter ? source.split(delimiter) : new Unresolved('Fn::Split cannot be resolved');
        }
        case 'Fn::FindInMap': {
          const [map, top, second] = Array.isArray(arg) ? arg.map(r) : [];
          const found = typeof map === 'string' && typeof top === 'string' && typeof second === 'string' ? this.template.Mappings?.[map]?.[top]?.[second] : undefined;
          return found === undefined ? new Unresolved('Fn::FindInMap cannot be resolved') : r(found);
        }
        case 'Fn::If': {
          if (!Array.isArray(arg) || typeof arg[0] !== 'string') break;
          const truth = this.condition(arg[0]);
          if (truth === undefined) return new Unresolved(`condition ${arg[0]} cannot be evaluated before deployment`);
          return r(truth ? arg[1] : arg[2]);
        }
        case 'Fn::Base64':
          return ((v) => (typeof v === 'string' ? Buffer.from(v).toString('base64') : new Unresolved('Fn::Base64 cannot be resolved')))(r(arg));
        case 'Fn::ImportValue':
          return new Unresolved('Fn::ImportValue: the value is exported by another stack');
        case 'Fn::GetAZs':
        case 'Fn::Cidr':
          return new Unresolved(`${fn} is known only at deployment`);
        case 'Condition':
          break;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) {
      const resolved = this.resolve(v, depth + 1);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  private sub(arg: unknown, depth: number): unknown {
    const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
    if (typeof text !== 'string') return new Unresolved('Fn::Sub cannot be resolved');
    const locals = (typeof vars === 'object' && vars !== null ? vars : {}) as Record<string, unknown>;
    let unresolved: Unresolved | undefined;
    // `${!Literal}` is a literal `${Literal}`; one pass over the string, so linear in its length.
    const out = text.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, name: string) => {
      if (bang) return `\${${name}}`;
      let v: unknown;
      if (name in locals) v = this.resolve(locals[name], depth + 1);
      else if (name.includes('.') && !name.startsWith('AWS::')) v = this.getAtt(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1));
      else v = this.resolve({Ref: name}, depth + 1);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
      unresolved ??= v instanceof Unresolved ? v : new Unresolved(`\${${name}} cannot be resolved`);
      return whole;
    });
    return unresolved ?? out;
  }
}
