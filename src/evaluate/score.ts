/**
 * The score. For each account and rule, the rule's pass ratio is passed / (passed + failed + error + unknown) over
 * its findings there; `not_applicable` and `suppressed` findings do not count. A score is the severity-weighted mean
 * of those ratios × 100, over the SEC04 rules, the COST rules, or both (overall). The snapshot's score pools every
 * (account, rule) pair, so an account with more applicable rules weighs more. `error` and `unknown` count as not
 * passed; coverage is the share of counted findings whose evidence was there. Rounded to one decimal.
 */
import type {Severity} from './policy.js';
import type {AppliedRule, Finding, PillarScores, Score} from './types.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = {critical: 10, high: 5, medium: 3, low: 1};

interface Tally {
  weighted: number;
  weights: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function ratioScore(t: Tally): number | null {
  return t.weights ? round1((100 * t.weighted) / t.weights) : null;
}

function pillarScores(findings: Finding[], severityOf: Map<string, Severity>): PillarScores {
  const perRule = new Map<string, {pass: number; counted: number; pillar: string; severity: Severity}>();
  let evidenced = 0;
  let counted = 0;
  for (const f of findings) {
    if (f.status === 'not_applicable' || f.status === 'suppressed') continue;
    const key = `${f.accountId}|${f.ruleId}`;
    const entry = perRule.get(key) ?? {pass: 0, counted: 0, pillar: f.pillar, severity: severityOf.get(f.ruleId) ?? f.severity};
    entry.counted++;
    if (f.status === 'pass') entry.pass++;
    perRule.set(key, entry);
    counted++;
    if (f.status === 'pass' || f.status === 'fail') evidenced++;
  }
  const all: Tally = {weighted: 0, weights: 0};
  const sec: Tally = {weighted: 0, weights: 0};
  const cost: Tally = {weighted: 0, weights: 0};
  for (const e of perRule.values()) {
    const w = SEVERITY_WEIGHTS[e.severity];
    const r = e.pass / e.counted;
    for (const t of [all, e.pillar === 'SEC04' ? sec : cost]) {
      t.weighted += w * r;
      t.weights += w;
    }
  }
  return {
    overall: ratioScore(all),
    sec04: ratioScore(sec),
    cost: ratioScore(cost),
    coverage: counted ? round1((100 * evidenced) / counted) : null,
  };
}

/** Scores the findings for the whole snapshot and for each account. */
export function computeScore(findings: Finding[], rules: AppliedRule[]): Score {
  const severityOf = new Map(rules.map((r) => [r.id, r.severity]));
  const grouped = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = grouped.get(f.accountId);
    if (list) list.push(f);
    else grouped.set(f.accountId, [f]);
  }
  const byAccount: Record<string, PillarScores> = {};
  for (const id of [...grouped.keys()].sort()) byAccount[id] = pillarScores(grouped.get(id)!, severityOf);
  return {...pillarScores(findings, severityOf), byAccount};
}
