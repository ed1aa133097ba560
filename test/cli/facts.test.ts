import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {runCli} from '../../src/cli/program.js';
import {SELECTOR_NAMES} from '../../src/snapshot/normalize.js';
import {fakeTerminal} from './fake-terminal.js';

const org = path.resolve('policies/fixtures/org.json');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'trailwise-facts-'));

const TYPO_POLICY = `id: acme.multi-region
title: Every trail is multi-Region
severity: medium
pillar: SEC04
bestPractices: [SEC04-BP01]
rationale: A single-Region trail must never be reported as multi-Region.
remediation: {summary: Make the trail multi-Region.}
given: trails
then:
  function: schema
  options:
    schema:
      properties:
        IsMultiRegionTrail: {const: true}
`;
const TYPO_MESSAGE = 'at /then/options/schema/properties/IsMultiRegionTrail: unknown fact "IsMultiRegionTrail" of trails; did you mean "isMultiRegion"?';

describe('a policy that names a fact that does not exist is refused (exit 2), never passes', () => {
  it('validate', async () => {
    const file = path.join(tmp(), 'acme.multi-region.yaml');
    writeFileSync(file, TYPO_POLICY);
    const term = fakeTerminal();
    expect(await runCli(['validate', file], term)).toBe(2);
    expect(term.stderr).toContain(`${file}: ${TYPO_MESSAGE}`);
    expect(term.stderr).not.toMatch(/\n\s+at /);
  });

  it('evaluate, with the policy folder on --policies', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'acme.multi-region.yaml'), TYPO_POLICY);
    const term = fakeTerminal();
    expect(await runCli(['evaluate', '--snapshot', org, '--policies', dir, '--format', 'json'], term)).toBe(2);
    expect(term.stderr).toContain(`${path.join(dir, 'acme.multi-region.yaml')}: ${TYPO_MESSAGE}`);
    expect(term.stdout).toBe('');
  });

  it('the corrected policy validates', async () => {
    const file = path.join(tmp(), 'acme.multi-region.yaml');
    writeFileSync(file, TYPO_POLICY.replace('IsMultiRegionTrail', 'isMultiRegion'));
    expect(await runCli(['validate', file], fakeTerminal())).toBe(0);
  });
});

describe('trailwise facts', () => {
  it('--json prints every selector\'s subjects with their facts', async () => {
    const term = fakeTerminal();
    expect(await runCli(['facts', '--snapshot', org, '--json'], term)).toBe(0);
    const facts = JSON.parse(term.stdout);
    for (const name of SELECTOR_NAMES) expect(Array.isArray(facts[name])).toBe(true);
    const trail = facts.trails.find((t: {resource: string}) => t.resource.endsWith('trail/org-trail'));
    expect(trail.facts).toMatchObject({name: 'org-trail', isMultiRegion: true, isOrganizationTrail: true});
    expect(facts.regions).toHaveLength(4);
  });

  it('--account narrows to one account', async () => {
    const term = fakeTerminal();
    expect(await runCli(['facts', '--snapshot', org, '--account', '222222222222', '--json'], term)).toBe(0);
    const facts = JSON.parse(term.stdout);
    const accounts = new Set(SELECTOR_NAMES.flatMap((name) => facts[name].map((s: {accountId: string}) => s.accountId)));
    expect([...accounts]).toEqual(['222222222222']);
    expect(facts.regions).toHaveLength(2);
  });

  it('the text listing names each selector and the facts, markers included', async () => {
    const dir = tmp();
    const file = path.join(dir, 'snapshot.json');
    const snapshot = JSON.parse(readFileSync(org, 'utf8'));
    snapshot.accounts[0].trails[0].status = {error: {kind: 'AccessDenied', code: 'AccessDeniedException', message: 'not authorized', operation: 'cloudtrail:GetTrailStatus'}};
    writeFileSync(file, JSON.stringify(snapshot));
    const term = fakeTerminal();
    expect(await runCli(['facts', '--snapshot', file, '--account', '111111111111'], term)).toBe(0);
    for (const name of SELECTOR_NAMES) expect(term.stdout).toMatch(new RegExp(`^${name} \\(\\d+ subjects?\\)$`, 'm'));
    expect(term.stdout).toMatch(/^ {4}isMultiRegion: true$/m);
    expect(term.stdout).toMatch(/^ {4}isLogging: <error: AccessDeniedException on cloudtrail:GetTrailStatus: not authorized>$/m);
    // A trail seen again (in its regions' lists) is referred to, not repeated.
    expect(term.stdout).toMatch(/^ {6}\[0\] \(as in accounts\[0\]\.trails\[0\]\)$/m);
  });

  it('names from the snapshot cannot drive the terminal: control characters, escapes and bidi controls are neutralized', async () => {
    const dir = tmp();
    const file = path.join(dir, 'snapshot.json');
    const snapshot = JSON.parse(readFileSync(org, 'utf8'));
    snapshot.accounts[0].trails[0].description.Name = 'evil\u001b]0;owned\u0007\u001b[2J\u202ename\r\nnext';
    writeFileSync(file, JSON.stringify(snapshot));
    const term = fakeTerminal();
    expect(await runCli(['facts', '--snapshot', file], term)).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(term.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(term.stdout).toContain('name: "evil<U+202E>name next"');
  });

  it.each([
    [['facts', '--snapshot', org, '--account', 'abc'], /--account: expected a 12-digit account id/],
    [['facts', '--snapshot', org, '--account', '999999999999'], /--account: account 999999999999 is not in .*org\.json \(it holds 111111111111, 222222222222\)/],
    [['facts', '--snapshot', 'does-not-exist.json'], /does-not-exist\.json: cannot read/],
  ])('%j is an input error', async (argv, message) => {
    const term = fakeTerminal();
    expect(await runCli(argv as string[], term)).toBe(2);
    expect(term.stderr).toMatch(message as RegExp);
  });
});
