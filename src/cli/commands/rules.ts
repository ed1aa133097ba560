import {EXIT_OK} from '../../errors.js';
import {loadRuleSet} from '../../pipeline.js';
import type {Terminal} from '../terminal.js';

/** `trailwise rules`: the rules with id, severity, pillar, mapping and whether the pack enables them. */
export async function rulesCommand(flags: {pack?: string; policies?: string[]; config?: string; json?: boolean}, term: Terminal): Promise<number> {
  const ruleSet = await loadRuleSet({pack: flags.pack, policyDirs: flags.policies, config: flags.config});
  const rules = ruleSet.rules.map((r) => r.rule);
  if (flags.json) {
    term.out(JSON.stringify(rules.map(({id, title, severity, pillar, bestPractices, enabled, advisory, parameters, equivalents}) => ({id, title, severity, pillar, bestPractices, enabled, advisory, parameters, equivalents})), null, 2));
    return EXIT_OK;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => {
    const state = r.enabled ? '' : '  (off in this pack)';
    const advisory = r.advisory ? ' advisory' : '';
    return `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.pillar.padEnd(5)}  ${r.bestPractices.join(',').padEnd(22)}  ${r.title}${advisory}${state}`;
  });
  term.out([`pack: ${ruleSet.pack}`, ...lines].join('\n'));
  return EXIT_OK;
}
