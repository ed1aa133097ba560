/**
 * Rule selection on the command line (`--rules`, `--exclude-rules`, `--severity`, `--pillar`, `--services`), as
 * Prowler's `--checks`/`--severity` and Steampipe's `--where` users expect: the rule set is narrowed after the pack
 * and the config have been applied, without a config file. Every name and glob must match at least one loaded rule,
 * so a typo is an error and not an empty, passing report.
 */
import path from 'node:path';
import {InputError} from '../errors.js';
import type {CompiledRule} from './evaluate.js';
import {compileGlob} from './glob.js';
import {SEVERITIES, type Pillar, type Severity} from './policy.js';

const PILLARS: readonly Pillar[] = ['SEC04', 'COST'];

export interface RuleSelection {
  /** Rule ids or globs (`*` any run of characters, `?` one); a rule must match one of them. */
  rules?: string[];
  /** Rule ids or globs; a rule matching one is left out. */
  excludeRules?: string[];
  severities?: Severity[];
  pillars?: Pillar[];
  /** Rule families (`ct`, `s3`…) or policy folder names (`cloudtrail`, `guardduty`…). */
  services?: string[];
}

/** The selection flags as commander or the Action hands them over (comma-separated lists). */
export interface SelectionFlags {
  rules?: string;
  excludeRules?: string;
  severity?: string;
  pillar?: string;
  services?: string;
}

/** How each flag is called where the user typed it (`--rules`, or the Action's `input "rules"`). */
export type SelectionNames = Record<keyof SelectionFlags, string>;

export const SELECTION_FLAG_NAMES: SelectionNames = {
  rules: '--rules',
  excludeRules: '--exclude-rules',
  severity: '--severity',
  pillar: '--pillar',
  services: '--services',
};

const list = (value: string | undefined) => (value ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

// Rule ids are `family.slug`; a glob may add `*` and `?`. Nothing else, so no pattern can be costly or surprising.
const RULE_GLOB = /^[A-Za-z0-9._*?-]+$/;

/** Parses the selection flags; undefined when none is given. */
export function parseSelection(flags: SelectionFlags, names: SelectionNames = SELECTION_FLAG_NAMES): RuleSelection | undefined {
  const globs = (key: 'rules' | 'excludeRules') => {
    const values = list(flags[key]);
    const bad = values.find((g) => !RULE_GLOB.test(g));
    if (bad) throw new InputError(`${names[key]}: "${bad}" is not a rule id or glob (letters, digits, '.', '-', '*' and '?')`);
    return values;
  };
  const rules = globs('rules');
  const excludeRules = globs('excludeRules');
  const severities = list(flags.severity).map((s) => s.toLowerCase());
  const badSeverity = severities.find((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (badSeverity) throw new InputError(`${names.severity}: expected ${SEVERITIES.join(', ')}, got "${badSeverity}"`);
  const pillars = list(flags.pillar).map((p) => p.toUpperCase());
  const badPillar = pillars.find((p) => !(PILLARS as readonly string[]).includes(p));
  if (badPillar) throw new InputError(`${names.pillar}: expected ${PILLARS.join(', ')}, got "${badPillar}"`);
  const services = list(flags.services).map((s) => s.toLowerCase());
  if (!rules.length && !excludeRules.length && !severities.length && !pillars.length && !services.length) return undefined;
  return {
    ...(rules.length ? {rules} : {}),
    ...(excludeRules.length ? {excludeRules} : {}),
    ...(severities.length ? {severities: severities as Severity[]} : {}),
    ...(pillars.length ? {pillars: pillars as Pillar[]} : {}),
    ...(services.length ? {services} : {}),
  };
}

/** The services a rule belongs to: its id's family (`ct`) and the folder its policy file is in (`cloudtrail`). */
function servicesOf(rule: CompiledRule): string[] {
  const family = rule.rule.id.split('.')[0]!.toLowerCase();
  const folder = rule.policy.source ? path.basename(path.dirname(rule.policy.source)).toLowerCase() : undefined;
  return folder ? [family, folder] : [family];
}

/** The rules the selection keeps; every glob and service named must match a loaded rule. */
export function selectRules(rules: CompiledRule[], selection: RuleSelection | undefined, names: SelectionNames = SELECTION_FLAG_NAMES): CompiledRule[] {
  if (!selection) return rules;
  const ids = rules.map((r) => r.rule.id);
  const matchers = (key: 'rules' | 'excludeRules') =>
    (selection[key] ?? []).map((glob) => {
      const matches = compileGlob(glob);
      if (!ids.some(matches)) throw new InputError(`${names[key]}: "${glob}" matches no rule (see \`trailwise rules\`)`);
      return matches;
    });
  const include = matchers('rules');
  const exclude = matchers('excludeRules');
  const known = new Set(rules.flatMap(servicesOf));
  const unknownService = selection.services?.find((s) => !known.has(s));
  if (unknownService) throw new InputError(`${names.services}: no rule belongs to "${unknownService}" (known: ${[...known].sort().join(', ')})`);
  const services = selection.services ? new Set(selection.services) : undefined;
  const selected = rules.filter((r) => {
    const id = r.rule.id;
    if (include.length && !include.some((m) => m(id))) return false;
    if (exclude.some((m) => m(id))) return false;
    if (selection.severities && !selection.severities.includes(r.rule.severity)) return false;
    if (selection.pillars && !selection.pillars.includes(r.rule.pillar)) return false;
    if (services && !servicesOf(r).some((s) => services.has(s))) return false;
    return true;
  });
  if (!selected.length) throw new InputError(`the rule selection (${Object.values(names).join(', ')}) leaves no rule to evaluate`);
  return selected;
}
