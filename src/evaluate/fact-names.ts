/**
 * Fact names in policies, checked against the published facts schema (schema/facts.schema.json, generated from the
 * normalizer's types). JSON Schema ignores a property the value does not have, so a policy that names a fact that
 * does not exist (`IsMultiRegionTrail` for `isMultiRegion`) would pass every subject silently; here it is an
 * `InputError` naming the file, the JSON pointer in the policy and the closest known name.
 *
 * The schema is bundled as data (a JSON import) and only walked, never compiled: loading policies stays cheap.
 */
import factsSchemaFile from '../../schema/facts.schema.json' with {type: 'json'};
import {InputError} from '../errors.js';
import type {Policy} from './policy.js';

type Node = Record<string, unknown> | boolean;

const factsSchema = factsSchemaFile as unknown as {$ref: string; definitions: Record<string, Node>};

/** A schema node without its `$ref`s, and without the marker branch (`Missing`) a fact may take instead of its value. */
function resolve(node: Node): Node[] {
  if (typeof node === 'boolean') return [node];
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const name = decodeURIComponent(ref.replace('#/definitions/', ''));
    if (name === 'Missing') return [];
    return resolve(factsSchema.definitions[name]!);
  }
  const branches = (node.anyOf ?? node.oneOf) as Node[] | undefined;
  if (branches) return branches.flatMap(resolve);
  return [node];
}

const root = resolve({$ref: factsSchema.$ref})[0] as Record<string, unknown>;

/** The selectors (`given`) the facts schema describes. */
export const FACT_SELECTORS: string[] = Object.keys(root.properties as object);

/** A fact named `name` inside `node`: its schema, `true` when the node takes any name, or undefined when unknown. */
function factNamed(node: Node, name: string): Node | undefined {
  const found: Node[] = [];
  for (const branch of resolve(node)) {
    if (branch === true) return true;
    if (branch === false) continue;
    const props = branch.properties as Record<string, Node> | undefined;
    if (props && Object.hasOwn(props, name)) found.push(props[name]!);
    else if (branch.additionalProperties !== undefined && branch.additionalProperties !== false) found.push(branch.additionalProperties as Node);
  }
  if (!found.length) return undefined;
  return found.length === 1 ? found[0] : {anyOf: found};
}

/** The schema of the items of a list fact (`true` when it is not a list: then nothing inside it is checked). */
function itemsOf(node: Node): Node {
  const items = resolve(node).flatMap((b) => (typeof b === 'object' && b.items !== undefined ? [b.items as Node] : []));
  if (!items.length) return true;
  return items.length === 1 ? items[0]! : {anyOf: items};
}

/** The names known inside a node, for suggestions. */
function namesIn(node: Node): string[] {
  return [...new Set(resolve(node).flatMap((b) => (typeof b === 'object' && b.properties ? Object.keys(b.properties) : [])))];
}

// Names longer than this are not compared (a hostile 1 MB property name must not cost a quadratic comparison).
const LONGEST_COMPARED = 100;

/** Levenshtein distance of two short strings, case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({length: t.length + 1}, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length]!;
}

/** The known name closest to `name`, when one is close enough to be what was meant. */
export function closestName(name: string, known: string[]): string | undefined {
  if (name.length > LONGEST_COMPARED) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // Close enough: a few edits, or about half of the name (IsMultiRegionTrail → isMultiRegion is 5 of 18).
  return bestDistance <= Math.max(2, Math.floor(name.length / 2)) ? best : undefined;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Why a name is unknown, with the closest known one, or the known ones when none is close. */
function unknownName(file: string, pointer: string, what: string, name: string, of: string, known: string[]): InputError {
  const shown = name.length > LONGEST_COMPARED ? `${name.slice(0, LONGEST_COMPARED)}…` : name;
  const close = closestName(name, known);
  const hint = close ? `; did you mean "${close}"?` : known.length ? `; known: ${known.slice(0, 40).join(', ')}` : '';
  return new InputError(`${file}: at ${pointer}: unknown ${what} ${JSON.stringify(shown)} of ${of}${hint}`, file);
}

const SAME_VALUE = ['allOf', 'anyOf', 'oneOf'];
const SAME_VALUE_ONE = ['not', 'if', 'then', 'else'];
const ITEMS = ['items', 'contains', 'additionalItems', 'unevaluatedItems'];

/**
 * Walks a JSON Schema of a policy along the facts it is judged on, and throws at the first property name (in
 * `properties`, `required`, `dependentRequired`) that the facts do not have.
 */
function checkSchema(schema: unknown, facts: Node, pointer: string, of: string, file: string): void {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema) || facts === true) return;
  const s = schema as Record<string, unknown>;
  // A `{$param: name}` is bound later from the parameters: its names are the parameter's, not checked here.
  if (typeof s.$param === 'string') return;
  const fact = (name: string, at: string): Node => {
    const found = factNamed(facts, name);
    if (found === undefined) throw unknownName(file, at, 'fact', name, of, namesIn(facts));
    return found;
  };
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, sub] of Object.entries(s.properties)) {
      const at = `${pointer}/properties/${escapePointer(name)}`;
      checkSchema(sub, fact(name, at), at, `${of}.${name}`, file);
    }
  }
  if (Array.isArray(s.required)) s.required.forEach((name, i) => typeof name === 'string' && fact(name, `${pointer}/required/${i}`));
  if (s.dependentRequired && typeof s.dependentRequired === 'object') {
    for (const [name, list] of Object.entries(s.dependentRequired)) {
      fact(name, `${pointer}/dependentRequired/${escapePointer(name)}`);
      if (Array.isArray(list)) list.forEach((other, i) => typeof other === 'string' && fact(other, `${pointer}/dependentRequired/${escapePointer(name)}/${i}`));
    }
  }
  for (const keyword of SAME_VALUE) {
    if (Array.isArray(s[keyword])) (s[keyword] as unknown[]).forEach((sub, i) => checkSchema(sub, facts, `${pointer}/${keyword}/${i}`, of, file));
  }
  for (const keyword of SAME_VALUE_ONE) checkSchema(s[keyword], facts, `${pointer}/${keyword}`, of, file);
  if (s.dependentSchemas && typeof s.dependentSchemas === 'object') {
    for (const [name, sub] of Object.entries(s.dependentSchemas)) checkSchema(sub, facts, `${pointer}/dependentSchemas/${escapePointer(name)}`, of, file);
  }
  for (const keyword of ITEMS) checkSchema(s[keyword], itemsOf(facts), `${pointer}/${keyword}`, `${of}[]`, file);
  if (Array.isArray(s.prefixItems)) s.prefixItems.forEach((sub, i) => checkSchema(sub, itemsOf(facts), `${pointer}/prefixItems/${i}`, `${of}[]`, file));
  // `additionalProperties` of a policy schema applies to the facts its `properties` do not name, and to the values of
  // the facts' open-ended maps (`managementEventCopies`).
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const named = new Set(Object.keys((s.properties as object | undefined) ?? {}));
    const others = resolve(facts).flatMap((b) => {
      if (typeof b !== 'object') return [];
      const listed = Object.entries((b.properties as Record<string, Node> | undefined) ?? {}).filter(([k]) => !named.has(k)).map(([, v]) => v);
      return b.additionalProperties && typeof b.additionalProperties === 'object' ? [...listed, b.additionalProperties as Node] : listed;
    });
    for (const values of others) checkSchema(s.additionalProperties, values, `${pointer}/additionalProperties`, `${of}.*`, file);
  }
}

/** Throws an `InputError` with the closest known selector when `given` names none. */
export function checkSelector(given: string, file: string): void {
  if (!FACT_SELECTORS.includes(given)) throw unknownName(file, '/given', 'selector', given, 'the normalized snapshot', FACT_SELECTORS);
}

/**
 * Checks every fact a policy names — its selector, `when`, `then.options.field`/`label`/`schema` and `costFact` —
 * against the facts schema; throws an `InputError` at the first unknown one.
 */
export function checkFactNames(policy: Policy, file: string): void {
  checkSelector(policy.given, file);
  const selector = factNamed(root, policy.given)!;
  const of = policy.given;
  checkSchema(policy.when, selector, '/when', of, file);
  const options = policy.then.options;
  let judged = selector;
  let judgedOf: string = of;
  // `field` names a list fact of the subject: `schema` and `label` then apply to its items (the `count` function).
  if (typeof options.field === 'string') {
    const list = factNamed(selector, options.field);
    if (list === undefined) throw unknownName(file, '/then/options/field', 'fact', options.field, of, namesIn(selector));
    judged = itemsOf(list);
    judgedOf = `${of}.${options.field}[]`;
  }
  if (typeof options.label === 'string' && factNamed(judged, options.label) === undefined) {
    throw unknownName(file, '/then/options/label', 'fact', options.label, judgedOf, namesIn(judged));
  }
  checkSchema(options.schema, judged, '/then/options/schema', judgedOf, file);
  if (policy.costFact !== undefined && factNamed(selector, policy.costFact) === undefined) {
    throw unknownName(file, '/costFact', 'fact', policy.costFact, of, namesIn(selector));
  }
}
