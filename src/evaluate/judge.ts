import type {ErrorObject, ValidateFunction} from 'ajv/dist/2020.js';
import {describeMissing, isMissing} from '../snapshot/evidence.js';
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

// A string no AWS value can be: a marker stands in for missing evidence while the schema runs.
const SENTINEL = '\u0000trailwise:missing';

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);

/**
 * Judges `value` with a compiled schema, three-valued over missing evidence: a failure on evidence that is there is
 * `fail`; otherwise, if the schema reads any missing evidence, `missing`; otherwise `pass`.
 */
export function judge(validate: ValidateFunction, value: unknown): Judgement {
  const markers = new Map<string, Missing>();
  const probe = replaceMissing(value, '', markers);
  const valid = validate(probe);
  if (!valid) {
    const leaves = (validate.errors ?? []).filter((e) => !COMBINATORS.has(e.keyword));
    const definite = leaves.filter((e) => !underMarker(e, markers));
    if (definite.length) return {kind: 'fail', reasons: describeFailures(definite, probe)};
  }
  if (markers.size === 0) return valid ? {kind: 'pass'} : {kind: 'fail', reasons: ['value: does not match the schema']};
  const touched: Missing[] = [];
  touchedMarkers(validate.schema, '', markers, touched);
  if (touched.length === 0) return valid ? {kind: 'pass'} : {kind: 'fail', reasons: ['value: does not match the schema']};
  // Report the most serious marker the rule depends on: an error beats an unknown.
  return {kind: 'missing', missing: touched.find((m) => 'error' in m) ?? touched[0]!};
}

const APPLICATORS_IN_PLACE = ['allOf', 'anyOf', 'oneOf'];
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/** Collects the markers that a schema reads: a constraint placed on, or a `required` naming, missing evidence. */
function touchedMarkers(schema: unknown, path: string, markers: Map<string, Missing>, out: Missing[]): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Record<string, unknown>;
  const here = markers.get(path);
  if (here) {
    if (Object.keys(s).some((k) => !ANNOTATIONS.has(k))) out.push(here);
    return;
  }
  for (const name of (s.required as string[] | undefined) ?? []) {
    const m = markers.get(`${path}/${escapePointer(name)}`);
    if (m) out.push(m);
  }
  for (const [name, sub] of Object.entries((s.properties as Record<string, unknown> | undefined) ?? {})) {
    touchedMarkers(sub, `${path}/${escapePointer(name)}`, markers, out);
  }
  for (const itemKey of ['items', 'contains']) {
    if (!s[itemKey] || typeof s[itemKey] !== 'object') continue;
    for (const key of markers.keys()) {
      const m = key.startsWith(`${path}/`) ? /^\/(\d+)/.exec(key.slice(path.length)) : null;
      if (m) touchedMarkers(s[itemKey], `${path}/${m[1]}`, markers, out);
    }
  }
  for (const key of APPLICATORS_IN_PLACE) {
    for (const sub of (s[key] as unknown[] | undefined) ?? []) touchedMarkers(sub, path, markers, out);
  }
  for (const key of ['if', 'then', 'else', 'not']) touchedMarkers(s[key], path, markers, out);
}

function replaceMissing(value: unknown, path: string, markers: Map<string, Missing>): unknown {
  if (isMissing(value)) {
    markers.set(path, value);
    return SENTINEL;
  }
  if (Array.isArray(value)) return value.map((v, i) => replaceMissing(v, `${path}/${i}`, markers));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = replaceMissing(v, `${path}/${escapePointer(k)}`, markers);
    return out;
  }
  return value;
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

export {describeMissing};
