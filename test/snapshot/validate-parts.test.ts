// validateSnapshotHeader and validateSnapshotAccount (per-account evaluation) against validateSnapshot: they accept
// and refuse what the whole-snapshot validator does, with the same sentences and JSON pointers.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {validateSnapshot, validateSnapshotAccount, validateSnapshotHeader} from '../../src/snapshot/load.js';
import type {Snapshot} from '../../src/snapshot/types.js';

const examples = readdirSync('examples/snapshots').map((f) => JSON.parse(readFileSync(path.join('examples/snapshots', f), 'utf8')) as Snapshot);
const org = examples.find((s) => s.accounts.length > 1)!;

/** The message of the error `check` throws, or 'valid'. */
function outcome(check: () => unknown): string {
  try {
    check();
    return 'valid';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('validateSnapshotHeader and validateSnapshotAccount', () => {
  it('accept every example snapshot, part by part', () => {
    expect(org.accounts.length).toBeGreaterThan(1);
    for (const snapshot of examples) {
      expect(outcome(() => validateSnapshot(snapshot, 'x.json'))).toBe('valid');
      expect(outcome(() => validateSnapshotHeader(snapshot, 'x.json'))).toBe('valid');
      snapshot.accounts.forEach((account, i) => expect(outcome(() => validateSnapshotAccount(account, i, 'x.json'))).toBe('valid'));
    }
  });

  it('refuse a broken account with the message and pointer of the whole-snapshot validator', () => {
    const broken = structuredClone(org);
    const account = broken.accounts[1] as unknown as Record<string, unknown>;
    account.accountId = '12345';
    account.collectedAt = 'yesterday';
    account.unexpected = true;
    delete account.trails;
    const whole = outcome(() => validateSnapshot(broken, 'org.json'));
    expect(whole).toMatch(/^org\.json: not a valid trailwise snapshot:\n {2}at \/accounts\/1/);
    expect(whole).toContain('at /accounts/1/accountId: expected a value matching ^[0-9]{12}$');
    expect(whole).toContain('at /accounts/1/collectedAt: expected format "date-time"');
    expect(whole).toContain('at /accounts/1: missing required property "trails"');
    expect(outcome(() => validateSnapshotAccount(account, 1, 'org.json'))).toBe(whole);
    expect(outcome(() => validateSnapshotAccount(broken.accounts[0], 0, 'org.json'))).toBe('valid');
    expect(outcome(() => validateSnapshotHeader(broken, 'org.json'))).toBe('valid');
  });

  it('refuse a deeper problem inside an account (evidence that is neither a value nor a marker) the same way', () => {
    const broken = structuredClone(org);
    const region = (broken.accounts[0] as unknown as {regions: Record<string, unknown>[]}).regions[0]!;
    const [key] = Object.keys(region).filter((k) => k !== 'region');
    region[key!] = {error: {kind: 'Bogus', message: 'm'}};
    const whole = outcome(() => validateSnapshot(broken, 'org.json'));
    expect(whole).toMatch(/at \/accounts\/0\/regions\/0\//);
    expect(outcome(() => validateSnapshotAccount(broken.accounts[0], 0, 'org.json'))).toBe(whole);
  });

  it('refuse a broken top level with the message of the whole-snapshot validator, and any account list that is not a list', () => {
    const broken = structuredClone(org) as unknown as Record<string, unknown>;
    (broken.collection as Record<string, unknown>).tool = 'other';
    (broken.collection as Record<string, unknown>).startedAt = 'soon';
    broken.extra = 1;
    const whole = outcome(() => validateSnapshot(broken, 'org.json'));
    expect(whole).toContain('at /collection/tool: expected "trailwise"');
    expect(outcome(() => validateSnapshotHeader(broken, 'org.json'))).toBe(whole);
    for (const accounts of [undefined, {}, 'all']) {
      const odd = {...structuredClone(org), accounts} as unknown;
      expect(outcome(() => validateSnapshotHeader(odd, 'org.json'))).toBe(outcome(() => validateSnapshot(odd, 'org.json')));
      expect(outcome(() => validateSnapshotHeader(odd, 'org.json'))).not.toBe('valid');
    }
  });

  it('do not look inside the accounts (header) or at other accounts (account): duplicates are the caller\'s to find', () => {
    const twice = {...structuredClone(org), accounts: [org.accounts[0], org.accounts[0]]};
    expect(outcome(() => validateSnapshot(twice, 'org.json'))).toMatch(/at \/accounts\/1\/accountId: account \d+ is already at \/accounts\/0/);
    expect(outcome(() => validateSnapshotHeader({...twice, accounts: [1, 'x']}, 'org.json'))).toBe('valid');
    expect(outcome(() => validateSnapshotAccount(twice.accounts[1], 1, 'org.json'))).toBe('valid');
  });
});
