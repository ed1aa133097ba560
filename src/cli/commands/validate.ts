import {EXIT_OK, InputError} from '../../errors.js';
import {checkConfig} from '../../evaluate/config.js';
import {compileRules} from '../../evaluate/evaluate.js';
import {checkNotReserved, checkPolicy, packValidator, readDataFile, reservedRuleIds, type Pack} from '../../evaluate/policy.js';
import {loadRuleSet} from '../../pipeline.js';
import {loadTestFile} from '../../evaluate/policy-tests.js';
import {assertValid} from '../../ajv.js';
import {validateSnapshot} from '../../snapshot/load.js';
import type {Terminal} from '../terminal.js';

type Kind = 'snapshot' | 'policy' | 'policy test' | 'pack' | 'config';

/** Tells what a data file is meant to be from its top-level keys. */
function kindOf(value: unknown, file: string): Kind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${file}: at /: expected an object (a snapshot, policy, policy test, pack or config)`, file);
  }
  const keys = new Set(Object.keys(value));
  if (keys.has('accounts') || keys.has('schemaVersion')) return 'snapshot';
  if (keys.has('given') || keys.has('then')) return 'policy';
  if (keys.has('cases')) return 'policy test';
  if (keys.has('id') && keys.has('description') && keys.has('rules')) return 'pack';
  return 'config';
}

/** `trailwise validate FILE`: checks a snapshot, policy, policy test, pack or config file against its schema. */
export async function validateCommand(file: string, term: Terminal): Promise<number> {
  const value = await readDataFile(file);
  const kind = kindOf(value, file);
  switch (kind) {
    case 'snapshot': {
      const snapshot = validateSnapshot(value, file);
      term.out(`${file}: valid snapshot (${snapshot.accounts.length} account(s))`);
      break;
    }
    case 'policy': {
      // What evaluate would refuse, validate refuses: the schema, a reserved id, and the compiled options and `when`.
      const policy = checkPolicy(value, file);
      checkNotReserved(policy, await reservedRuleIds(), file);
      compileRules([policy]);
      term.out(`${file}: valid policy ${policy.id}`);
      break;
    }
    case 'policy test':
      await loadTestFile(file);
      term.out(`${file}: valid policy test`);
      break;
    case 'pack':
      assertValid<Pack>(packValidator(), value, file, 'trailwise pack');
      term.out(`${file}: valid pack`);
      break;
    case 'config': {
      checkConfig(value, file);
      // The whole rule set the config makes, as evaluate builds it: its pack, its policy folders, its rule ids and
      // overrides all have to exist and fit.
      const ruleSet = await loadRuleSet({config: file});
      term.out(`${file}: valid config (pack ${ruleSet.pack}, ${ruleSet.rules.length} rules)`);
      break;
    }
  }
  return EXIT_OK;
}
