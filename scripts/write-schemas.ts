// Publishes the JSON Schemas in schema/ from their TypeScript sources (npm run schemas). A test fails when they drift.
import {writeFileSync} from 'node:fs';
import {publishedSchemas} from '../src/schemas.js';
import {generateFactsSchema} from './facts-schema.js';

const schemas: Record<string, object> = {...publishedSchemas(), 'facts.schema.json': generateFactsSchema()};
for (const [file, schema] of Object.entries(schemas)) {
  writeFileSync(new URL(`../schema/${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`schema/${file}`);
}
