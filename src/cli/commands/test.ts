import path from 'node:path';
import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {builtinPolicyDir, loadPolicies} from '../../evaluate/policy.js';
import {findTestFiles, runTestFile} from '../../evaluate/policy-tests.js';
import type {Terminal} from '../terminal.js';

/**
 * `trailwise test [DIR…]`: runs the policy tests found under each folder (default: the built-in policies), with the
 * built-in policies plus those folders loaded, like `opa test`. Exit 1 when a case fails.
 */
export async function testCommand(dirs: string[], term: Terminal): Promise<number> {
  const builtin = builtinPolicyDir();
  const targets = dirs.length ? dirs.map((d) => path.resolve(d)) : [builtin];
  const policies = await loadPolicies([...new Set([builtin, ...targets])]);
  let passed = 0;
  let failed = 0;
  for (const dir of targets) {
    const files = await findTestFiles(dir);
    if (!files.length) throw new InputError(`${dir}: no policy tests (*.test.yaml) found`);
    for (const file of files) {
      for (const result of await runTestFile(file, policies)) {
        if (result.ok) {
          passed++;
        } else {
          failed++;
          term.out(`FAIL ${path.relative(process.cwd(), file)} › ${result.name}\n     ${result.problem}`);
        }
      }
    }
  }
  term.out(`${passed} passed, ${failed} failed`);
  return failed ? EXIT_GATE_FAILED : EXIT_OK;
}
