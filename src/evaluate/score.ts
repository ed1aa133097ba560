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

interface RuleTally {
  pass: number;
  counted: number;
  pillar: string;
  severity: Severity;
}

interface AccountTally {
  rules: Map<string, RuleTally>;
  counted: number;
  evidenced: number;
}

function pillarScores(tallies: AccountTally[]): PillarScores {
  const all: Tally = {weighted: 0, weights: 0};
  const sec: Tally = {weighted: 0, weights: 0};
  const cost: Tally = {weighted: 0, weights: 0};
  let counted = 0;
  let evidenced = 0;
  for (const account of tallies) {
    counted += account.counted;
    evidenced += account.evidenced;
    // In rule id order (and accounts in id order, below): floating-point sums then do not depend on the order the
    // findings came in, so an organization scored in parts gets exactly the whole snapshot's score.
    for (const ruleId of [...account.rules.keys()].sort()) {
      const e = account.rules.get(ruleId)!;
      const w = SEVERITY_WEIGHTS[e.severity];
      const r = e.pass / e.counted;
      for (const t of [all, e.pillar === 'SEC04' ? sec : cost]) {
        t.weighted += w * r;
        t.weights += w;
      }
    }
  }
  return {
    overall: ratioScore(all),
    sec04: ratioScore(sec),
    cost: ratioScore(cost),
    coverage: counted ? round1((100 * evidenced) / counted) : null,
  };
}

/** Scores the findings for the whole snapshot and for each account (one pass over the findings). */
export function computeScore(findings: Finding[], rules: AppliedRule[]): Score {
  const tally = new ScoreTally(rules);
  tally.add(findings);
  return tally.score();
}

/**
 * The score's counters, fed findings in any order and any number of parts (an organization evaluated one account at
 * a time keeps only these, not its findings). The same findings give the same score however they are split.
 */
export class ScoreTally {
  private readonly severityOf: Map<string, Severity>;
  private readonly accounts = new Map<string, AccountTally>();

  constructor(rules: AppliedRule[]) {
    this.severityOf = new Map(rules.map((r) => [r.id, r.severity]));
  }

  add(findings: Iterable<Finding>): void {
    const {accounts, severityOf} = this;
    for (const f of findings) {
      let account = accounts.get(f.accountId);
      if (!account) accounts.set(f.accountId, (account = {rules: new Map(), counted: 0, evidenced: 0}));
      if (f.status === 'not_applicable' || f.status === 'suppressed') continue;
      let entry = account.rules.get(f.ruleId);
      if (!entry) account.rules.set(f.ruleId, (entry = {pass: 0, counted: 0, pillar: f.pillar, severity: severityOf.get(f.ruleId) ?? f.severity}));
      entry.counted++;
      if (f.status === 'pass') entry.pass++;
      account.counted++;
      if (f.status === 'pass' || f.status === 'fail') account.evidenced++;
    }
  }

  score(): Score {
    const byAccount: Record<string, PillarScores> = {};
    const ids = [...this.accounts.keys()].sort();
    for (const id of ids) byAccount[id] = pillarScores([this.accounts.get(id)!]);
    return {...pillarScores(ids.map((id) => this.accounts.get(id)!)), byAccount};
  }
}
