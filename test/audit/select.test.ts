import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {parseAccountList, parseShard, selectAccounts, shardOf} from '../../src/audit/select.js';
import type {OrgAccount} from '../../src/audit/types.js';
import {InputError} from '../../src/errors.js';

const ids = (n: number, from = 100000000000) => Array.from({length: n}, (_, i) => String(from + i * 7919));
const active = (list: string[]): OrgAccount[] => list.map((id) => ({id, name: `acct-${id.slice(-4)}`, state: 'ACTIVE'}));

describe('parseShard', () => {
  it('reads I/N, 1-based', () => {
    expect(parseShard('1/4')).toEqual({index: 1, count: 4});
    expect(parseShard('4/4')).toEqual({index: 4, count: 4});
  });
  it.each(['0/4', '5/4', '1/0', 'a/b', '2', '1/2/3'])('rejects %s with an InputError', (value) => {
    expect(() => parseShard(value)).toThrow(InputError);
  });
});

describe('sharding', () => {
  const accounts = ids(400);

  it('puts every account in exactly one shard, for every shard count', () => {
    for (const count of [1, 2, 3, 4, 7, 16]) {
      const seen = new Map<string, number>();
      for (let index = 1; index <= count; index++) {
        for (const a of selectAccounts(active(accounts), {shard: {index, count}}).targets) {
          expect(seen.has(a.id)).toBe(false);
          seen.set(a.id, index);
        }
      }
      expect([...seen.keys()].sort()).toEqual([...accounts].sort());
    }
  });

  it('is stable: the same account lands in the same shard whatever the order and whatever else is in the organization', () => {
    const before = new Map(accounts.map((id) => [id, shardOf(id, 4)]));
    const shuffled = [...accounts].reverse().concat(ids(50, 900000000000));
    for (let index = 1; index <= 4; index++) {
      for (const a of selectAccounts(active(shuffled), {shard: {index, count: 4}}).targets) {
        if (before.has(a.id)) expect(before.get(a.id)).toBe(index);
      }
    }
  });

  it('splits roughly evenly (each of 4 shards holds 20–30% of 400 accounts)', () => {
    const sizes = [1, 2, 3, 4].map((index) => selectAccounts(active(accounts), {shard: {index, count: 4}}).targets.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(400);
    for (const size of sizes) {
      expect(size).toBeGreaterThanOrEqual(80);
      expect(size).toBeLessThanOrEqual(120);
    }
  });
});

describe('selectAccounts', () => {
  const org: OrgAccount[] = [
    {id: '111111111111', name: 'management', state: 'ACTIVE'},
    {id: '222222222222', name: 'log-archive', state: 'ACTIVE'},
    {id: '333333333333', name: 'old', state: 'SUSPENDED'},
    {id: '444444444444', name: 'gone', state: 'CLOSED'},
    {id: '555555555555', name: 'closing', state: 'PENDING_CLOSURE'},
    {id: '666666666666', name: 'sandbox', state: 'ACTIVE'},
  ];

  it('skips suspended and closed accounts and lists them with the reason', () => {
    const s = selectAccounts(org, {});
    expect(s.targets.map((a) => a.id)).toEqual(['111111111111', '222222222222', '666666666666']);
    expect(s.skipped.map((a) => [a.id, a.reason])).toEqual([
      ['333333333333', 'suspended'],
      ['444444444444', 'closed'],
      ['555555555555', 'pending-closure'],
    ]);
  });

  it('applies --exclude and --accounts, and lists what they left out', () => {
    const s = selectAccounts(org, {include: ['111111111111', '222222222222', '666666666666'], exclude: ['666666666666']});
    expect(s.targets.map((a) => a.id)).toEqual(['111111111111', '222222222222']);
    expect(s.skipped.find((a) => a.id === '666666666666')?.reason).toBe('excluded');
    expect(s.skipped.find((a) => a.id === '333333333333')?.reason).toBe('not-selected');
  });

  it('rejects --accounts naming an account outside the organization', () => {
    expect(() => selectAccounts(org, {include: ['999999999999']})).toThrow(/not accounts of this organization: 999999999999/);
  });

  it('lists each skipped account in exactly one shard, and counts the others', () => {
    const shards = [1, 2, 3].map((index) => selectAccounts(org, {shard: {index, count: 3}}));
    const skipped = shards.flatMap((s) => s.skipped.map((a) => a.id)).sort();
    expect(skipped).toEqual(['333333333333', '444444444444', '555555555555']);
    for (const s of shards) expect(s.otherShards).toBe(3 - s.targets.length);
  });
});

describe('parseAccountList', () => {
  it('reads a comma list', async () => {
    expect(await parseAccountList('111111111111, 222222222222,111111111111')).toEqual(['111111111111', '222222222222']);
  });

  it('reads @file with new lines and comments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trailwise-accounts-'));
    const file = join(dir, 'accounts.txt');
    await writeFile(file, '# production\n111111111111\n222222222222 # log archive\n\n333333333333,444444444444\n');
    expect(await parseAccountList(`@${file}`)).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
  });

  it('names the flag and the bad token', async () => {
    await expect(parseAccountList('12345', '--exclude')).rejects.toThrow('--exclude: "12345" is not a 12-digit AWS account id');
    await expect(parseAccountList('@/no/such/file')).rejects.toThrow(InputError);
  });
});
