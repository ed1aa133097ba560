/**
 * The Markdown report: for a GitHub job summary or a pull-request comment. Scores and counts first, then the failing
 * rules grouped by severity (new failures before the ones a baseline already knew), then the findings whose evidence
 * was missing. Long lists fold into `<details>`. Everything that comes from the snapshot or a policy (resource names,
 * messages) is escaped, and the whole text is kept under a size budget, ending with "N more" when it had to cut.
 */
import {SEVERITIES, type Severity} from '../evaluate/policy.js';
import type {AppliedRule, Finding} from '../evaluate/types.js';
import {changeHeadline} from './change.js';
import {markdownCode, markdownCodeBlock, markdownText} from './escape/markdown.js';
import {bound} from './escape/unicode.js';
import {inBaseline, type Baseline, type FormatOptions, type Report} from './report.js';

/** GitHub's limit for an issue or pull-request comment body (characters). */
export const COMMENT_LIMIT = 65_536;
/** The default budget: fits a PR comment with room for a marker line, and a job summary by far. */
export const DEFAULT_MARKDOWN_BUDGET = 60_000;

export interface MarkdownOptions extends FormatOptions {
  /** Size budget for the whole text, counted in UTF-8 bytes (so it also holds for byte limits). */
  maxChars?: number;
  /** The gate's verdict, shown in the heading when given. */
  gate?: {passed: boolean; reasons: string[]};
  /** Heading text (default "trailwise: AWS logging posture"). */
  title?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = {critical: '🔴 Critical', high: '🟠 High', medium: '🟡 Medium', low: '🔵 Low'};
/** One table cell never grows past this; a runaway message must not eat the budget of every other finding. */
const CELL_LIMIT = 400;


/** Bounded and escaped, for a table cell or a summary line. */
const cell = (text: string) => markdownText(bound(text, CELL_LIMIT));
/** A resource or other identifier, bounded, as inline code. */
const code = (text: string) => markdownCode(bound(text, CELL_LIMIT));

const fmtScore = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : String(n));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

interface Section {
  title: string;
  findings: Finding[];
  kind: 'fail' | 'incomplete';
  /** How many the section holds before the size limit cut it. */
  total?: number;
  /** Rules with findings in the section (all of them, shown or not). */
  rulesTotal?: number;
}

function remediationBlock(rule: AppliedRule | undefined, finding: Finding): string {
  const summary = rule?.remediation.summary ?? finding.remediation;
  const lines = [`**Remediation:** ${cell(summary)}`];
  const r = rule?.remediation;
  if (r?.console) lines.push('', `- Console: ${cell(r.console)}`);
  if (r?.cli) lines.push('', '<details><summary>AWS CLI</summary>', '', markdownCodeBlock(r.cli, 'sh'), ...(r.cliNote ? ['', `Note: ${cell(r.cliNote)}`] : []), '', '</details>');
  if (r?.terraform) lines.push('', '<details><summary>Terraform</summary>', '', markdownCodeBlock(r.terraform, 'hcl'), '', '</details>');
  return lines.join('\n');
}

function findingTable(findings: Finding[], kind: Section['kind']): string {
  const head =
    kind === 'fail'
      ? '| Account | Region | Resource | Finding |\n|---|---|---|---|'
      : '| Status | Account | Region | Resource | Why |\n|---|---|---|---|---|';
  const rows = findings.map((f) => {
    const cost = f.estimatedMonthlyCostUsd !== undefined ? ` (≈ $${f.estimatedMonthlyCostUsd.toFixed(2)}/month)` : '';
    if (kind === 'incomplete') return `| ${f.status} | ${cell(f.accountId)} | ${cell(f.region)} | ${code(f.resource)} | ${cell(f.message)} |`;
    return `| ${cell(f.accountId)} | ${cell(f.region)} | ${code(f.resource)} | ${cell(f.message)}${markdownText(cost)} |`;
  });
  return [head, ...rows].join('\n');
}

/** One rule's findings in a collapsible block: title, table, remediation. */
function ruleBlock(findings: Finding[], rules: Map<string, AppliedRule>, kind: Section['kind'], open: boolean, severityLabel?: string): string {
  const first = findings[0]!;
  const rule = rules.get(first.ruleId);
  const advisory = first.advisory ? ' _(advisory)_' : '';
  const summary = `${severityLabel ? `${severityLabel} ` : ''}${code(first.ruleId)} ${cell(rule?.title ?? first.title)}${advisory} (${findings.length})`;
  const body = [findingTable(findings, kind)];
  if (kind === 'fail') body.push(remediationBlock(rule, first));
  return [`<details${open ? ' open' : ''}><summary>${summary}</summary>`, '', ...body.flatMap((b) => [b, '']), '</details>'].join('\n');
}

function groupByRule(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.ruleId);
    if (group) group.push(f);
    else groups.set(f.ruleId, [f]);
  }
  return [...groups.values()];
}

/** "3 rules, 7 findings" (or "…, 5 of 7 findings" when cut): the title counts rules, as the section lists rules. */
function sectionCount(section: Section): string {
  const shown = section.findings.length;
  const rules = section.rulesTotal ?? new Set(section.findings.map((f) => f.ruleId)).size;
  const findings = section.total !== undefined && section.total !== shown ? `${shown} of ${section.total}` : `${shown}`;
  return `${rules} ${rules === 1 ? 'rule' : 'rules'}, ${findings} ${(section.total ?? shown) === 1 ? 'finding' : 'findings'}`;
}

function renderSection(section: Section, rules: Map<string, AppliedRule>, openFirst: boolean): string {
  const out = [`### ${section.title} (${sectionCount(section)})`, ''];
  if (section.kind === 'incomplete') {
    out.push(
      '_The evidence for these was missing: `error` means trailwise could not read it (permissions, throttling), `unknown` means it lives outside the audited accounts. Neither counts as a pass._',
      '',
    );
    for (const group of groupByRule(section.findings)) out.push(ruleBlock(group, rules, 'incomplete', false), '');
    return out.join('\n');
  }
  // Rules with a category (e.g. "Network and service logs") follow the others, under their own heading.
  const uncategorized = section.findings.filter((f) => !rules.get(f.ruleId)?.category);
  for (const severity of SEVERITIES) {
    const ofSeverity = uncategorized.filter((f) => f.severity === severity);
    if (!ofSeverity.length) continue;
    out.push(`#### ${SEVERITY_LABEL[severity]}`, '');
    for (const group of groupByRule(ofSeverity)) {
      out.push(ruleBlock(group, rules, 'fail', openFirst && (severity === 'critical' || severity === 'high')), '');
    }
  }
  for (const [category, findings] of byCategory(section.findings, rules)) {
    out.push(`#### ${markdownText(category)} (${findings.length})`, '');
    for (const severity of SEVERITIES) {
      for (const group of groupByRule(findings.filter((f) => f.severity === severity))) {
        out.push(ruleBlock(group, rules, 'fail', false, SEVERITY_LABEL[severity]), '');
      }
    }
  }
  return out.join('\n');
}

/** The findings of categorized rules, by category, in order of first appearance. */
function byCategory(findings: Finding[], rules: Map<string, AppliedRule>): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const category = rules.get(f.ruleId)?.category;
    if (category) out.set(category, [...(out.get(category) ?? []), f]);
  }
  return out;
}

function header(report: Report, options: MarkdownOptions, sections: Section[]): string {
  const s = report.score;
  const title = options.title ?? 'trailwise: AWS logging posture';
  const verdict = options.gate ? (options.gate.passed ? ' — ✅ passed' : ' — ❌ failed') : '';
  const lines = [`## ${markdownText(title)}${verdict}`, ''];
  const change = changeHeadline(report);
  if (change) lines.push(`**${cell(change.replace(/^this change/, 'This change'))}**`, '');
  if (options.gate && !options.gate.passed && options.gate.reasons.length) {
    lines.push(`**Gate:** ${options.gate.reasons.map(cell).join('; ')}`, '');
  }
  lines.push(
    '| Overall | SEC04 | Cost | Evidence coverage |',
    '|---:|---:|---:|---:|',
    `| **${fmtScore(s.overall)}** | ${fmtScore(s.sec04)} | ${fmtScore(s.cost)} | ${s.coverage === null ? 'n/a' : `${s.coverage}%`} |`,
    '',
  );
  const snap = report.snapshot;
  const where = snap.file ? ` from ${code(snap.file)}` : '';
  lines.push(
    `Pack ${code(report.pack)} · ${plural(snap.accounts.length, 'account')} · ${plural(snap.regions.length, 'region')} · collected ${cell(snap.collectedAt)}${where}${snap.interrupted ? ' · ⚠️ collection was interrupted' : ''}`,
    '',
  );
  const failing = report.findings.filter((f) => f.status === 'fail');
  const baseline = options.baseline;
  lines.push(`| Severity | Failing |${baseline ? ' New |' : ''}`, `|---|---:|${baseline ? '---:|' : ''}`);
  for (const severity of SEVERITIES) {
    const ofSeverity = failing.filter((f) => f.severity === severity);
    const fresh = baseline ? ` ${ofSeverity.filter((f) => !inBaseline(baseline, f)).length} |` : '';
    lines.push(`| ${SEVERITY_LABEL[severity]} | ${ofSeverity.length} |${fresh}`);
  }
  const c = report.counts.byStatus;
  lines.push(
    '',
    `${c.pass} passed · ${c.fail} failed · ${c.error} error · ${c.unknown} unknown · ${c.suppressed} suppressed · ${c.not_applicable} not applicable`,
    '',
  );
  const failedAccounts = snap.accounts.filter((a) => a.error);
  if (failedAccounts.length) {
    lines.push(`⚠️ Not audited: ${failedAccounts.map((a) => `${cell(a.accountId)} (${cell(a.error!)})`).join('; ')}`, '');
  }
  if (!sections.some((sec) => sec.findings.length)) lines.push('No failing rules and no missing evidence. 🎉', '');
  return lines.join('\n');
}

function footer(report: Report, hidden: number): string {
  const lines: string[] = [];
  const {expired, unused} = report.suppressions;
  if (expired.length || unused.length) {
    lines.push(
      `Suppressions: ${expired.length} expired (${expired.map((e) => `${code(e.rule)} since ${cell(e.expires)}`).join(', ') || 'none'}), ${unused.length} unused.`,
      '',
    );
  }
  if (hidden > 0) lines.push(`**${hidden} more** finding(s) not shown here; the JSON report and the SARIF file have them all.`, '');
  lines.push(`<sub>trailwise ${cell(report.version)} · report ${cell(report.generatedAt)}</sub>`);
  return lines.join('\n');
}

/** The sections to show, in order: new failures, then known ones (or all failures), then missing evidence. */
function planSections(report: Report, baseline?: Baseline): Section[] {
  const failing = report.findings.filter((f) => f.status === 'fail');
  const incomplete = report.findings.filter((f) => f.status === 'error' || f.status === 'unknown');
  const sections: Section[] = baseline
    ? [
        {title: 'New failures', findings: failing.filter((f) => !inBaseline(baseline, f)), kind: 'fail'},
        {title: 'Failures already in the baseline', findings: failing.filter((f) => inBaseline(baseline, f)), kind: 'fail'},
      ]
    : [{title: 'Failing rules', findings: failing, kind: 'fail'}];
  sections.push({title: 'Missing evidence: errors and unknowns', findings: incomplete, kind: 'incomplete'});
  return sections;
}

function render(report: Report, options: MarkdownOptions, sections: Section[], shown: number): string {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  const total = sections.reduce((n, s) => n + s.findings.length, 0);
  let left = shown;
  const parts = [header(report, options, sections)];
  for (const [i, section] of sections.entries()) {
    if (!section.findings.length) continue;
    const visible = section.findings.slice(0, Math.max(0, left));
    left -= visible.length;
    if (!visible.length) {
      parts.push(`### ${section.title} (${sectionCount(section)})\n\n_Not shown: size limit._\n`);
      continue;
    }
    const rulesTotal = new Set(section.findings.map((f) => f.ruleId)).size;
    parts.push(renderSection({...section, findings: visible, total: section.findings.length, rulesTotal}, rules, i === 0));
  }
  parts.push(footer(report, total - Math.min(shown, total)));
  return `${parts.join('\n')}\n`;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** A finding's table row is at least `| a | r | <code>x</code> | m |`: longer than this. */
const MIN_ROW_BYTES = 16;

/** The report as GitHub-flavoured Markdown, within `maxChars` (UTF-8 bytes) and `maxFindings`. */
export function formatMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const budget = options.maxChars ?? DEFAULT_MARKDOWN_BUDGET;
  const sections = planSections(report, options.baseline);
  const total = sections.reduce((n, s) => n + s.findings.length, 0);
  // Every finding shown adds a table row longer than MIN_ROW_BYTES, so no more than budget / MIN_ROW_BYTES can fit:
  // the renders below never format more findings than that, however many the report holds.
  const fits = Math.floor(budget / MIN_ROW_BYTES) + 1;
  const shown = Math.min(total, options.maxFindings ?? total);
  let text = render(report, options, sections, Math.min(shown, fits));
  if (shown <= fits && bytes(text) <= budget) return text;
  // The text grows with the number of findings shown: find the largest count that fits.
  let lo = 0;
  let hi = Math.min(shown, fits) - 1;
  let best = render(report, options, sections, 0);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = render(report, options, sections, mid);
    if (bytes(candidate) <= budget) {
      best = candidate;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  text = best;
  // Even the header alone may not fit a tiny budget (many failed accounts): cut it hard rather than overflow.
  if (bytes(text) > budget) {
    const note = `\n\n**${total} more** finding(s) not shown (size limit).\n`;
    let cut = Buffer.from(text, 'utf8').subarray(0, Math.max(0, budget - bytes(note))).toString('utf8');
    cut = cut.replace(/\uFFFD$/, '');
    text = cut + note;
  }
  return text;
}
