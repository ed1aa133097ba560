// A snapshot file read account by account gives the accounts and header that reading it whole gives, and refuses
// every malformed file with one line naming the file, where, and what was expected — never a crash or a silent gap.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {InputError} from '../../src/errors.js';
import {openSnapshotSource} from '../../src/snapshot/large-file.js';
import {loadSnapshot} from '../../src/snapshot/load.js';
import type {AccountSnapshot} from '../../src/snapshot/types.js';

const dir = mkdtempSync(join(tmpdir(), 'trailwise-large-'));
const example = (name: string) => new URL(`../../examples/snapshots/${name}`, import.meta.url).pathname;
const org = JSON.parse(readFileSync(example('well-configured-org.json'), 'utf8'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function readLarge(path: string): Promise<{header: unknown; accounts: AccountSnapshot[]; reread: AccountSnapshot[]}> {
  const source = await openSnapshotSource(path, {largeAbove: 0});
  try {
    const accounts: AccountSnapshot[] = [];
    for await (const account of source.scan()) accounts.push(account);
    const reread = await Promise.all(accounts.map((a) => source.read(a.accountId)));
    return {header: source.header, accounts, reread};
  } finally {
    await source.close();
  }
}

async function refusal(text: string): Promise<string> {
  const path = file('bad.json', text);
  try {
    await readLarge(path);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message.startsWith(`${path}: `)).toBe(true);
    return message;
  }
  throw new Error('the file was accepted');
}

describe('a snapshot file read account by account', () => {
  for (const name of ['neglected-account.json', 'costly-account.json', 'well-configured-org.json']) {
    it(`${name}: the same header and accounts as reading it whole`, async () => {
      const whole = await loadSnapshot(example(name));
      const {accounts: _accounts, ...header} = whole;
      const large = await readLarge(example(name));
      expect(large.header).toEqual(header);
      expect(large.accounts).toEqual(whole.accounts);
      expect(large.reread).toEqual(whole.accounts);
    });
  }

  it('reads any layout: compact, accounts first, white space and escaped quotes and braces in strings', async () => {
    const tricky = structuredClone(org);
    tricky.accounts[0].alias = 'a "quoted" {alias} [with] \\ back,slash';
    const {accounts, ...rest} = tricky;
    const layouts = [
      JSON.stringify(tricky),
      JSON.stringify({accounts, ...rest}, null, 4),
      `\n\t {"accounts" :\r\n [ ${accounts.map((a: unknown) => JSON.stringify(a)).join(' ,\n ')} ] , "schemaVersion":"1.0","collection":${JSON.stringify(rest.collection)}}\n\n`,
    ];
    for (const [i, text] of layouts.entries()) {
      const large = await readLarge(file(`layout-${i}.json`, text));
      expect(large.accounts).toEqual(tricky.accounts);
      expect(large.header).toEqual(rest);
    }
  });

  it('reads a snapshot with no account', async () => {
    const large = await readLarge(file('empty.json', JSON.stringify({...org, accounts: []})));
    expect(large.accounts).toEqual([]);
  });

  it('names the account and the JSON pointer of a schema error', async () => {
    const bad = structuredClone(org);
    bad.accounts[1].regions[0].optInStatus = 'sometimes';
    const message = await refusal(JSON.stringify(bad, null, 2));
    expect(message).toMatch(/at \/accounts\/1\/regions\/0\/optInStatus/);
    expect(message).not.toMatch(/\/accounts\/0\//);
  });

  it('refuses a header that is not a snapshot', async () => {
    expect(await refusal(JSON.stringify({...org, schemaVersion: 7}))).toMatch(/schemaVersion/);
    expect(await refusal(JSON.stringify({accounts: org.accounts}))).toMatch(/collection/);
  });

  it('refuses a malformed structure with what was expected', async () => {
    const text = JSON.stringify(org, null, 2);
    const [a, b] = org.accounts.map((x: unknown) => JSON.stringify(x));
    const head = `{"schemaVersion":"1.0","collection":${JSON.stringify(org.collection)},"accounts":`;
    expect(await refusal('[1, 2]')).toMatch(/expected a JSON object/);
    expect(await refusal(text.slice(0, text.length / 2))).toMatch(/ends inside a value|ends before/);
    expect(await refusal(`${text} {}`)).toMatch(/unexpected text after the snapshot object/);
    expect(await refusal(`${head}[${a} ${b}]}`)).toMatch(/\/accounts\/1: expected "," or "\]"/);
    expect(await refusal(`${head}[${a},]}`)).toMatch(/\/accounts\/1: expected an account object/);
    expect(await refusal(`${head}{"x": 1}}`)).toMatch(/\/accounts: expected an array/);
    expect(await refusal(`${head}[${a}], "accounts": [${b}]}`)).toMatch(/"accounts" appears twice/);
    expect(await refusal(JSON.stringify({schemaVersion: '1.0', collection: org.collection}))).toMatch(/expected a member "accounts"/);
    // An escaped key is not the accounts member: the file has none, rather than accounts read past the scanner.
    expect(await refusal(`{"schemaVersion":"1.0","collection":${JSON.stringify(org.collection)},"acc\\u006funts":[${a}]}`)).toMatch(/expected a member "accounts"/);
  });

  it('refuses an item that is not an account, and a JSON error inside an account, by line', async () => {
    const head = `{"schemaVersion":"1.0","collection":${JSON.stringify(org.collection)},"accounts":[`;
    expect(await refusal(`${head}${JSON.stringify(org.accounts[0])}, 42]}`)).toMatch(/\/accounts\/1/);
    const broken = JSON.stringify(org.accounts[1], null, 2).replace('"regions"', '"regions" oops');
    const message = await refusal(`${head}\n${JSON.stringify(org.accounts[0])},\n${broken}]}`);
    expect(message).toMatch(/not valid JSON in \/accounts\/1\b/);
    // Where JSON.parse gives a position, the line is the file's, not the item's.
    const line = /\(line (\d+), column \d+\)/.exec(message);
    if (line) expect(`${head}\n${JSON.stringify(org.accounts[0])},\n${broken}]}`.split('\n')[Number(line[1]) - 1]).toContain('oops');
  });

  it('refuses an account listed twice', async () => {
    const twice = {...org, accounts: [org.accounts[0], org.accounts[1], org.accounts[0]]};
    expect(await refusal(JSON.stringify(twice))).toMatch(/at \/accounts\/2\/accountId: account \d+ is already at \/accounts\/0/);
  });

  it('is linear: a deep, long hostile file is scanned without blowing the stack or the time', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const message = await refusal(`{"schemaVersion":"1.0","collection":${JSON.stringify(org.collection)},"accounts":[${deep}]}`);
    expect(message).toMatch(/\/accounts\/0/);
  });
});
