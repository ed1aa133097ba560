// Writes docs/rules.md from the built-in policies (npm run docs:rules). The catalogue test fails when it drifts.
import {mkdirSync, writeFileSync} from 'node:fs';
import {builtinPolicyDir, loadPolicies} from '../src/evaluate/policy.js';
import {renderRuleDocs} from '../src/evaluate/rule-docs.js';

mkdirSync(new URL('../docs/', import.meta.url), {recursive: true});
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRuleDocs(await loadPolicies([builtinPolicyDir()])));
console.log('docs/rules.md');
