// The scheduled workflow is an example users copy: it must stay consistent with itself and with the commands.
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from '@jest/globals';
import {parse} from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

const workflow = parse(await readFile(new URL('../../examples/workflows/scheduled-audit.yml', import.meta.url), 'utf8'));
const runs = (job: string) => (workflow.jobs[job].steps as Step[]).map((s) => s.run ?? '').join('\n');

describe('examples/workflows/scheduled-audit.yml', () => {
  it('runs on a schedule with OIDC and only the permissions it uses', () => {
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(workflow.permissions).toEqual({'contents': 'read', 'id-token': 'write', 'security-events': 'write', 'issues': 'write', 'actions': 'read'});
    const steps = workflow.jobs.shard.steps as Step[];
    expect(steps.some((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))).toBe(true);
    expect(JSON.stringify(workflow)).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/i);
  });

  it('shards with a matrix as long as SHARDS, and merges even when a shard failed', () => {
    expect(workflow.jobs.shard.strategy.matrix.shard).toEqual(Array.from({length: workflow.env.SHARDS}, (_, i) => i + 1));
    expect(workflow.jobs.shard.strategy['fail-fast']).toBe(false);
    expect(runs('shard')).toContain('--shard "${{ matrix.shard }}/${SHARDS}"');
    expect(workflow.jobs.report.needs).toBe('shard');
    expect(workflow.jobs.report.if).toBe('always()');
    expect(runs('report')).toContain('trailwise merge shards/* --output reports');
  });

  it('fetches the previous report before the upload moves latest, then diffs, uploads SARIF and raises one issue', () => {
    const steps = workflow.jobs.report.steps as Step[];
    const index = (pattern: RegExp) => steps.findIndex((s) => pattern.test(`${s.name ?? ''} ${s.run ?? ''} ${s.uses ?? ''}`));
    expect(index(/previous audit's report/)).toBeLessThan(index(/trailwise merge/));
    expect(index(/trailwise merge/)).toBeLessThan(index(/trailwise diff/));
    const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(sarif.with).toEqual({sarif_file: 'reports/latest/report.sarif'});
    const issue = runs('report');
    expect(issue).toContain(".regression.alert");
    expect(issue).toContain('gh issue list --repo "$GITHUB_REPOSITORY" --label trailwise-audit --state open');
    expect(issue).toMatch(/gh issue edit[\s\S]*gh issue create/);
  });
});
