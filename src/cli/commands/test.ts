import path from 'node:path';
import {EXIT_GATE_FAILED, EXIT_OK, InputError} from '../../errors.js';
import {runPolicyTests} from '../../evaluate/policy-tests.js';
import type {Terminal} from '../terminal.js';

/**
 * `trailwise test [DIR…]`: runs the policy tests found under each folder (default: the built-in policies), with the
 * built-in policies plus those folders loaded, like `opa test`. Exit 1 when a case fails.
 */
export async function testCommand(dirs: string[], term: Terminal): Promise<number> {
  const run = await runPolicyTests(dirs);
  if (run.empty.length) throw new InputError(`${run.empty[0]}: no policy tests (*.test.yaml) found`);
  for (const result of run.failures) {
    term.out(`FAIL ${path.relative(process.cwd(), result.file)} › ${result.name}\n     ${result.problem}`);
  }
  term.out(`${run.passed} passed, ${run.failed} failed`);
  return run.failed ? EXIT_GATE_FAILED : EXIT_OK;
}
