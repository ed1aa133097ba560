import {readFileSync, readdirSync} from 'node:fs';
import {describe, expect, it} from '@jest/globals';
import {publishedSchemas} from '../src/schemas.js';
import {validateSnapshot} from '../src/snapshot/load.js';
import {TOOL_VERSION} from '../src/version.js';

const root = new URL('../', import.meta.url);

describe('published schemas', () => {
  it.each(Object.entries(publishedSchemas()))('schema/%s matches its source (run `npm run schemas`)', (file, schema) => {
    const published = JSON.parse(readFileSync(new URL(`schema/${file}`, root), 'utf8'));
    expect(published).toEqual(JSON.parse(JSON.stringify(schema)));
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
