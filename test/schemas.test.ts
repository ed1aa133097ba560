import {readFileSync, readdirSync} from 'node:fs';
import {describe, expect, it} from '@jest/globals';
import {generateFactsSchema} from '../scripts/facts-schema.js';
import {FACT_SELECTORS} from '../src/evaluate/fact-names.js';
import {publishedSchemas} from '../src/schemas.js';
import {SELECTOR_NAMES} from '../src/snapshot/normalize.js';
import {validateSnapshot} from '../src/snapshot/load.js';
import {TOOL_VERSION} from '../src/version.js';

const root = new URL('../', import.meta.url);

describe('published schemas', () => {
  it.each(Object.entries(publishedSchemas()))('schema/%s matches its source (run `npm run schemas`)', (file, schema) => {
    const published = JSON.parse(readFileSync(new URL(`schema/${file}`, root), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  // The generator compiles the normalizer's types with TypeScript: seconds, more on a busy machine.
  it('schema/facts.schema.json matches the normalizer\'s types (run `npm run schemas`)', () => {
    const published = JSON.parse(readFileSync(new URL('schema/facts.schema.json', root), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(generateFactsSchema())));
  }, 180_000);

  it('the facts schema describes every selector a policy can name, and only those', () => {
    expect([...FACT_SELECTORS].sort()).toEqual([...SELECTOR_NAMES].sort());
  });

  it('the version constant is package.json\'s version', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});

describe('bundled example snapshots', () => {
  const dir = new URL('examples/snapshots/', root);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('there are at least three', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s is a valid snapshot', (file) => {
    const snapshot = validateSnapshot(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
    expect(snapshot.accounts.length).toBeGreaterThan(0);
  });
});
