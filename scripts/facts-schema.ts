// The facts schema (schema/facts.schema.json) is generated from the normalizer's TypeScript types, so that it cannot
// drift from what policies really see: `npm run schemas` writes it, and test/schemas.test.ts fails when it is stale.
import {fileURLToPath} from 'node:url';
import {createGenerator} from 'ts-json-schema-generator';

export const FACTS_SCHEMA_ID = 'https://trailwise.dev/schema/facts-1.0.json';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The JSON Schema of `FactsBySelector` (src/snapshot/normalize.ts): each selector's facts; `Evidence<T>` is T or a marker. */
export function generateFactsSchema(): Record<string, unknown> {
  const generated = createGenerator({
    path: `${root}src/snapshot/normalize.ts`,
    tsconfig: `${root}tsconfig.json`,
    type: 'FactsBySelector',
    // tsc checks the types already (npm run typecheck); the generator only needs their shapes.
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema('FactsBySelector');
  const {$schema, ...rest} = inlineEvidence(generated as Record<string, unknown>);
  return {
    $schema,
    $id: FACTS_SCHEMA_ID,
    title: 'trailwise facts',
    description:
      'The normalized facts a policy sees, for one subject of each selector (`given`). Generated from the ' +
      "normalizer's types by `npm run schemas`; `trailwise facts --snapshot FILE` prints them for a snapshot. " +
      'Evidence that could not be collected is a marker ({"error": …} or {"unknown": …}) in place of the value.',
    ...rest,
  };
}

type Definitions = Record<string, unknown>;

/**
 * Inlines each `Evidence<…>` definition where it is used, so a fact reads as "T or a marker" in place, and so that no
 * definition keeps a name the generator derives from source positions (`structure-3905…`), which would change with
 * every edit of the types.
 */
function inlineEvidence(schema: Record<string, unknown>): Record<string, unknown> {
  const definitions = schema.definitions as Definitions;
  const inlined = (name: string) => name.startsWith('Evidence<');
  const replace = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(replace);
    if (!node || typeof node !== 'object') return node;
    const ref = (node as {$ref?: unknown}).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = decodeURIComponent(ref.slice('#/definitions/'.length));
      if (inlined(name)) return replace(definitions[name]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v)]));
  };
  const kept = Object.fromEntries(Object.entries(definitions).filter(([name]) => !inlined(name)).map(([name, def]) => [name, replace(def)]));
  const unstable = Object.keys(kept).filter((name) => /structure-|def-/.test(name));
  if (unstable.length) throw new Error(`facts schema: name these types (an interface or a type alias): ${unstable.join(', ')}`);
  return {...schema, definitions: kept};
}
