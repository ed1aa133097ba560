import type {ErrorObject, ValidateFunction} from 'ajv/dist/2020.js';
import {createSchemaCompiler} from '../validators.js';
import {isMissing} from '../snapshot/evidence.js';
import type {Missing} from '../snapshot/types.js';

/**
 * The answer of a JSON Schema assertion on facts that may hold `Missing` markers: `pass`, `fail` with the reasons, or
 * `missing` when the schema could only fail because of evidence that is not there (so the rule says `error` or
 * `unknown`, never `pass`).
 */
export type Judgement =
  | {kind: 'pass'}
  | {kind: 'fail'; reasons: string[]}
  | {kind: 'missing'; missing: Missing};

// A string no AWS value can be: a marker stands in for missing evidence while ajv reports why a value failed.
const SENTINEL = '\u0000trailwise:missing';

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);

/**
 * Judges `value` with a compiled schema, three-valued (Kleene logic) over missing evidence: `pass` when the schema
 * holds whatever the missing evidence is, `fail` when it fails whatever the missing evidence is, and `missing`
 * otherwise — so "A or B" with A unreadable and B false is `missing`, not `fail`, and a fact read through a missing
 * object is `missing`, not `pass`.
 */
export function judge(validate: ValidateFunction, value: unknown): Judgement {
  if (!containsMissing(value)) {
    // Fast path (most subjects): no missing evidence, plain JSON Schema on the value as it is, no copy.
    return validate(value) ? {kind: 'pass'} : {kind: 'fail', reasons: failureReasons(validate, value, new Map())};
  }
  const touched: Missing[] = [];
  const verdict = evaluate3(validate.schema, value, sharedAjv, touched);
  if (verdict === 'T') return {kind: 'pass'};
  if (verdict === 'F') {
    // Only a failure needs ajv's own errors, on a copy where each marker is a sentinel it can point at.
    const markers = new Map<string, Missing>();
    const probe = replaceMissing(value, '', markers);
    validate(probe);
    return {kind: 'fail', reasons: failureReasons(validate, probe, markers)};
  }
  // Report the most serious marker the verdict depends on: an error beats an unknown. A `U` verdict always touched one.
  return {kind: 'missing', missing: touched.find((m) => 'error' in m) ?? touched[0]!};
}

function failureReasons(validate: ValidateFunction, probe: unknown, markers: Map<string, Missing>): string[] {
  const leaves = (validate.errors ?? []).filter((e) => !COMBINATORS.has(e.keyword));
  const definite = leaves.filter((e) => !underMarker(e, markers));
  const reasons = describeFailures(definite.length ? definite : leaves, probe);
  return reasons.length ? reasons : ['value: does not match the schema'];
}

type Tri = 'T' | 'F' | 'U';

const and = (values: Tri[]): Tri => (values.includes('F') ? 'F' : values.includes('U') ? 'U' : 'T');
const or = (values: Tri[]): Tri => (values.includes('T') ? 'T' : values.includes('U') ? 'U' : 'F');
const not = (v: Tri): Tri => (v === 'T' ? 'F' : v === 'F' ? 'T' : 'U');

const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id']);
// Keywords that apply subschemas: evaluate3 walks them itself; everything else is checked by ajv on the value.
const APPLICATORS = new Set([
  'properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems', 'contains', 'allOf', 'anyOf',
  'oneOf', 'not', 'if', 'then', 'else', 'dependentSchemas', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems',
  'minContains', 'maxContains',
]);

type AjvLike = {compile(schema: object): ValidateFunction};

// Keywords about a list's length or repeats: a list with a marker item has an unknown part, so evaluate3 judges
// these itself on such a list (see `sizeOfPartlyKnownList`).
const LIST_SIZE = new Set(['minItems', 'maxItems', 'uniqueItems']);

// Subschemas are compiled once, on their own instance (ajv keys compiled schemas by identity).
const sharedAjv: AjvLike = createSchemaCompiler();
const localValidators = new WeakMap<object, ValidateFunction | null>();
const localValidatorsWithoutSize = new WeakMap<object, ValidateFunction | null>();

/** The schema's own non-applicator keywords (without the list-size ones if asked), compiled once; null when none. */
function localValidator(ajv: AjvLike, schema: Record<string, unknown>, withoutSize = false): ValidateFunction | null {
  const cache = withoutSize ? localValidatorsWithoutSize : localValidators;
  if (cache.has(schema)) return cache.get(schema)!;
  const local = Object.fromEntries(
    Object.entries(schema).filter(([k]) => !APPLICATORS.has(k) && !ANNOTATIONS.has(k) && !(withoutSize && LIST_SIZE.has(k))),
  );
  const compiled = Object.keys(local).length ? ajv.compile(local) : null;
  cache.set(schema, compiled);
  return compiled;
}

/**
 * `minItems`, `maxItems` and `uniqueItems` on a list with marker items. A marker in a list stands for a part of the
 * list that could not be read (a region whose trails could not be listed): any number of items, so only the known
 * items can decide — at least `minItems` known, or more than `maxItems` or a repeat among them.
 */
function sizeOfPartlyKnownList(s: Record<string, unknown>, list: unknown[], touched: Missing[]): Tri[] {
  const known = list.filter((item) => !isMissing(item));
  const marker = list.find(isMissing) as Missing;
  const results: Tri[] = [];
  const open = (): Tri => {
    touched.push(marker);
    return 'U';
  };
  if (typeof s.minItems === 'number') results.push(known.length >= s.minItems ? 'T' : open());
  if (typeof s.maxItems === 'number') results.push(known.length > s.maxItems ? 'F' : open());
  if (s.uniqueItems === true) {
    const seen = new Set(known.map((item) => JSON.stringify(item)));
    results.push(seen.size < known.length ? 'F' : open());
  }
  return results;
}

const wholeValidators = new WeakMap<object, ValidateFunction | null>();

/** The whole schema compiled once (null when it cannot stand alone): what decides a part with no marker in it. */
function wholeValidator(ajv: AjvLike, schema: Record<string, unknown>): ValidateFunction | null {
  let compiled = wholeValidators.get(schema);
  if (compiled === undefined) {
    try {
      compiled = ajv.compile(schema);
    } catch {
      compiled = null;
    }
    wholeValidators.set(schema, compiled);
  }
  return compiled;
}

/** Three-valued validation of `value` (which may hold markers) against `schema`. */
function evaluate3(schema: unknown, value: unknown, ajv: AjvLike, touched: Missing[]): Tri {
  if (schema === true || schema === undefined) return 'T';
  if (schema === false) return 'F';
  if (typeof schema !== 'object' || schema === null) return 'T';
  const s = schema as Record<string, unknown>;
  const form = sentinelForm(value);
  if (form === value) {
    // A part with no marker in it is two-valued: ajv decides it in one call, without walking the schema.
    const whole = wholeValidator(ajv, s);
    if (whole) return whole(value) ? 'T' : 'F';
  }
  if (isMissing(value)) {
    if (Object.keys(s).some((k) => !ANNOTATIONS.has(k))) {
      touched.push(value);
      return 'U';
    }
    return 'T';
  }
  const results: Tri[] = [];
  const partlyKnownList = Array.isArray(value) && value.some(isMissing);
  const local = localValidator(ajv, s, partlyKnownList);
  if (local) results.push(local(form) ? 'T' : 'F');
  if (partlyKnownList) results.push(...sizeOfPartlyKnownList(s, value as unknown[], touched));
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const name of (s.required as string[] | undefined) ?? []) {
      if (isMissing(obj[name])) {
        touched.push(obj[name] as Missing);
        results.push('U');
      }
    }
    const props = (s.properties as Record<string, unknown> | undefined) ?? {};
    for (const [name, sub] of Object.entries(props)) if (name in obj) results.push(evaluate3(sub, obj[name], ajv, touched));
    if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') {
      for (const [name, v] of Object.entries(obj)) if (!(name in props)) results.push(evaluate3(s.additionalProperties, v, ajv, touched));
    }
  }
  if (Array.isArray(value)) {
    if (s.items !== undefined) for (const item of value) results.push(evaluate3(s.items, item, ajv, touched));
    if (s.contains !== undefined) results.push(containsCount(s, value, ajv, touched));
  }
  for (const sub of (s.allOf as unknown[] | undefined) ?? []) results.push(evaluate3(sub, value, ajv, touched));
  if (Array.isArray(s.anyOf)) results.push(or(s.anyOf.map((sub) => evaluate3(sub, value, ajv, touched))));
  if (Array.isArray(s.oneOf)) {
    const branches = s.oneOf.map((sub) => evaluate3(sub, value, ajv, touched));
    const sure = branches.filter((b) => b === 'T').length;
    const maybe = branches.filter((b) => b === 'U').length;
    results.push(sure > 1 ? 'F' : maybe ? 'U' : sure === 1 ? 'T' : 'F');
  }
  if (s.not !== undefined) results.push(not(evaluate3(s.not, value, ajv, touched)));
  if (s.if !== undefined) {
    const condition = evaluate3(s.if, value, ajv, touched);
    const then = evaluate3(s.then, value, ajv, touched);
    const otherwise = evaluate3(s.else, value, ajv, touched);
    results.push(condition === 'T' ? then : condition === 'F' ? otherwise : then === otherwise ? then : 'U');
  }
  return and(results);
}

/**
 * `contains` with `minContains` (default 1) and `maxContains`, three-valued: items that match for sure, items that may
 * match, and marker items, each of which stands for an unread part of the list (any number of items).
 */
function containsCount(s: Record<string, unknown>, list: unknown[], ajv: AjvLike, touched: Missing[]): Tri {
  let sure = 0;
  let maybe = 0;
  for (const item of list) {
    const v = evaluate3(s.contains, item, ajv, touched);
    if (v === 'T') sure++;
    else if (v === 'U') maybe++;
  }
  const unread = list.find(isMissing) as Missing | undefined;
  const min = typeof s.minContains === 'number' ? s.minContains : 1;
  const max = typeof s.maxContains === 'number' ? s.maxContains : Infinity;
  if (sure > max) return 'F';
  if (!unread && sure + maybe < min) return 'F';
  if (sure >= min && (max === Infinity || (!unread && sure + maybe <= max))) return 'T';
  if (unread) touched.push(unread);
  return 'U';
}

// Facts objects are shared (a trail's facts are judged in every region it covers, by many rules) and never change
// after normalization, so what a judgement needs to know of one — whether it holds a marker, and its copy with a
// sentinel for each marker — is worked out once per object: the object itself when it holds none, else the copy.
const sentinelForms = new WeakMap<object, unknown>();

/**
 * The value as ajv is shown it: the value itself when no marker sits anywhere in it, else a copy with a sentinel in
 * place of each marker, sharing every part that holds none.
 */
function sentinelForm(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // A list or record of plain values (most of the small parts of facts) is answered by a look, cheaper than the map.
  if (holdsOnlyPlainValues(value)) return isMarker(value) ? SENTINEL : value;
  let form = sentinelForms.get(value);
  if (form !== undefined) return form;
  form = value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      if (!copy && containsMissing(value[i])) copy = value.slice(0, i);
      copy?.push(sentinelForm(value[i]));
    }
    form = copy ?? value;
  } else if (isMarker(value)) {
    form = SENTINEL;
  } else {
    const obj = value as Record<string, unknown>;
    let marked = false;
    for (const key in obj) if (containsMissing(obj[key])) marked = true;
    if (marked) {
      const copy: Record<string, unknown> = {};
      for (const key in obj) copy[key] = sentinelForm(obj[key]);
      form = copy;
    }
  }
  sentinelForms.set(value, form);
  return form;
}

/** Whether no item or property of the value is an object (so no marker can sit deeper in it). */
function holdsOnlyPlainValues(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (typeof value[i] === 'object' && value[i] !== null) return false;
    return true;
  }
  const obj = value as Record<string, unknown>;
  for (const key in obj) if (typeof obj[key] === 'object' && obj[key] !== null) return false;
  return true;
}

/** `isMissing` without building a key list for every object that is plainly not a marker. */
function isMarker(value: object): boolean {
  return ('error' in value || 'unknown' in value) && isMissing(value);
}

/** Whether any `Missing` marker sits anywhere in the value. */
function containsMissing(value: unknown): boolean {
  return typeof value === 'object' && value !== null && sentinelForm(value) !== value;
}

/**
 * The value's sentinel form, each marker recorded under its JSON pointer (only failure reasons need the pointers, to
 * tell a failure under a marker from a definite one).
 */
function replaceMissing(value: unknown, path: string, markers: Map<string, Missing>): unknown {
  if (isMissing(value)) {
    markers.set(path, value);
    return SENTINEL;
  }
  if (Array.isArray(value)) return value.map((v, i) => (containsMissing(v) ? replaceMissing(v, `${path}/${i}`, markers) : v));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = containsMissing(v) ? replaceMissing(v, `${path}/${escapePointer(k)}`, markers) : v;
  }
  return out;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function markerFor(e: ErrorObject, markers: Map<string, Missing>): Missing | undefined {
  if (e.keyword === 'required') {
    const missingProperty = (e.params as {missingProperty?: string}).missingProperty ?? '';
    const m = markers.get(`${e.instancePath}/${escapePointer(missingProperty)}`);
    if (m) return m;
  }
  for (const [path, marker] of markers) {
    if (e.instancePath === path || e.instancePath.startsWith(`${path}/`)) return marker;
  }
  return undefined;
}

function underMarker(e: ErrorObject, markers: Map<string, Missing>): boolean {
  return markerFor(e, markers) !== undefined;
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  return node;
}

/** An item of a list as a reader knows it: its `name` or `arn`, else its JSON. */
function itemLabel(item: unknown): string {
  if (item === SENTINEL) return '(not read)';
  const named = item as {name?: unknown; arn?: unknown} | null;
  if (named && typeof named === 'object' && (typeof named.name === 'string' || typeof named.arn === 'string')) return String(named.name ?? named.arn);
  return JSON.stringify(item);
}

/** "logFileValidation: expected true, found false" — the property, what was expected and what was found. */
function describeFailures(errors: ErrorObject[], root: unknown): string[] {
  const seen = new Set<string>();
  for (const e of errors) {
    const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
    const p = e.params as Record<string, unknown>;
    const found = JSON.stringify(valueAt(root, e.instancePath));
    let text: string;
    switch (e.keyword) {
      case 'const':
        text = `${where}: expected ${JSON.stringify(p.allowedValue)}, found ${found}`;
        break;
      case 'enum':
        text = `${where}: expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, found ${found}`;
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        text = `${where}: expected ${String(p.comparison)} ${String(p.limit)}, found ${found}`;
        break;
      case 'required':
        text = `${where ? `${where}.` : ''}${String(p.missingProperty)}: expected to be set`;
        break;
      case 'type':
        text = `${where}: expected ${String(p.type)}, found ${found}`;
        break;
      case 'contains': {
        // Names the items (by `name` or `arn` when they have one), so "at most one copy" says which copies.
        const items = valueAt(root, e.instancePath);
        const names = Array.isArray(items) ? items.map(itemLabel).join(', ') : found;
        const bounds = p.maxContains === undefined ? `at least ${String(p.minContains)}` : p.minContains ? `${String(p.minContains)} to ${String(p.maxContains)}` : `at most ${String(p.maxContains)}`;
        text = `${where || 'value'}: expected ${bounds} matching item(s), among ${names || 'none'}`;
        break;
      }
      case 'maxItems':
      case 'minItems':
        text = `${where}: expected ${e.keyword === 'maxItems' ? 'at most' : 'at least'} ${String(p.limit)} item(s), found ${found === undefined ? 0 : (valueAt(root, e.instancePath) as unknown[]).length}`;
        break;
      default:
        text = `${where || 'value'}: ${e.message ?? e.keyword}`;
    }
    seen.add(text);
  }
  return [...seen];
}

