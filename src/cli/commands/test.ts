import path from 'node:path';
import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {runPolicyTests} from '../../evaluate/policy-tests.js';
import type {Terminal} from '../terminal.js';

/**
 * `trailwise test [DIR…]`: runs the policy tests found under each folder (default: the built-in policies), with the
 * built-in policies plus those folders loaded, like `opa test`. Exit 1 when a case fails or a policy has no test file.
 */
export async function testCommand(dirs: string[], term: Terminal): Promise<number> {
  const run = await runPolicyTests(dirs);
  if (run.empty.length) throw new InputError(`${run.empty[0]}: no policy tests (*.test.yaml) found`);
  for (const result of run.failures) {
    term.out(`FAIL ${path.relative(process.cwd(), result.file)} › ${result.name}\n     ${result.problem}`);
  }
  for (const policy of run.untested) {
    const testFile = path.relative(process.cwd(), policy.file).replace(/\.(ya?ml|json)$/, '.test.yaml');
    term.out(`NO TEST ${path.relative(process.cwd(), policy.file)} (${policy.id}): add ${testFile} with at least two cases`);
  }
  const untested = run.untested.length ? `, ${run.untested.length} ${run.untested.length === 1 ? 'policy' : 'policies'} without tests` : '';
  term.out(`${run.passed} passed, ${run.failed} failed${untested}`);
  return run.failed || run.untested.length ? EXIT_GATE_FAILED : EXIT_OK;
}
