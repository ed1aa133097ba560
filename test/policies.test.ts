// Runs every policy's test cases (the same runner as `trailwise test`), one jest test per case.
import {describe, expect, it} from '@jest/globals';
import {builtinPolicyDir, loadPolicies} from '../src/evaluate/policy.js';
import {findTestFiles, runTestFile, type CaseResult} from '../src/evaluate/policy-tests.js';

const dir = builtinPolicyDir();
const policies = await loadPolicies([dir]);
const files = await findTestFiles(dir);
const results = new Map<string, CaseResult[]>();
for (const file of files) results.set(file, await runTestFile(file, policies));

for (const [file, cases] of results) {
  describe(file.slice(dir.length + 1), () => {
    for (const c of cases) {
      it(c.name, () => {
        expect(c.problem ?? 'ok').toBe('ok');
      });
    }
  });
}
