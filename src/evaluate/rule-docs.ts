import type {Policy} from './policy.js';

const FAMILY_TITLES: Record<string, string> = {
  ct: 'CloudTrail',
  s3: 'Trail buckets (S3)',
  gd: 'GuardDuty',
  det: 'Detective',
  cfg: 'AWS Config',
  cwl: 'CloudWatch Logs',
  cost: 'Cost',
};

const EQUIVALENT_NAMES: Record<string, string> = {
  cis: 'CIS',
  securityHub: 'Security Hub',
  awsConfig: 'AWS Config',
  prowler: 'Prowler',
  steampipe: 'Steampipe',
  checkov: 'checkov',
};

/** docs/rules.md: every rule with its metadata, rationale, parameters and remediation, generated from the policies. */
export function renderRuleDocs(policies: Policy[]): string {
  const lines: string[] = [
    '# Rules',
    '',
    'Generated from `policies/` by `npm run docs:rules`; do not edit by hand.',
    '',
    '| id | severity | pillar | best practice | title |',
    '|---|---|---|---|---|',
    ...policies.map((p) => `| [\`${p.id}\`](#${p.id.replace(/\./g, '')}) | ${p.severity} | ${p.pillar} | ${p.bestPractices.join(', ')} | ${p.title}${p.enabled === false ? ' (off by default)' : ''} |`),
  ];
  let family = '';
  for (const p of policies) {
    const prefix = p.id.split('.')[0]!;
    if (prefix !== family) {
      family = prefix;
      lines.push('', `## ${FAMILY_TITLES[prefix] ?? prefix}`);
    }
    lines.push('', `### ${p.id}`, '', `**${p.title}** — ${p.severity}, ${p.pillar} (${p.bestPractices.join(', ')})${p.advisory ? ', advisory' : ''}${p.enabled === false ? ', off by default' : ''}${p.category ? `; reported under "${p.category}"` : ''}. Evaluated on: \`${p.given}\`.`, '', p.rationale.trim());
    const eq = Object.entries(p.equivalents ?? {}).filter(([, v]) => v?.length);
    if (eq.length) lines.push('', `Equivalents: ${eq.map(([k, v]) => `${EQUIVALENT_NAMES[k] ?? k} ${v!.map((x) => `\`${x}\``).join(', ')}`).join('; ')}.`);
    const params = Object.entries(p.parameters ?? {});
    if (params.length) {
      lines.push('', 'Parameters:', '');
      for (const [name, spec] of params) lines.push(`- \`${name}\` (default \`${JSON.stringify(spec.default)}\`): ${spec.description}`);
    }
    lines.push('', `Remediation: ${p.remediation.summary}`);
    if (p.remediation.console) lines.push('', `- Console: ${p.remediation.console.trim()}`);
    if (p.remediation.cli) lines.push('', '```sh', p.remediation.cli.trim(), '```');
    if (p.remediation.cliNote) lines.push('', `Note: ${p.remediation.cliNote.trim()}`);
    if (p.remediation.terraform) lines.push('', '```hcl', p.remediation.terraform.trim(), '```');
  }
  return `${lines.join('\n')}\n`;
}
