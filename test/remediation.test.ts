// Remediation commands are pasted into a shell: every policy's `remediation.cli` (all folders, including policies
// added later) must be commands and nothing else — balanced quotes, no unquoted shell syntax beyond `&&` between
// commands, each command `aws <service> <operation> …`, no prose. Notes go in `remediation.cliNote`. The same holds for
// the commands in Markdown code blocks (docs/rules.md, the Markdown report).
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from '@jest/globals';
import {parse} from 'yaml';
import {evaluateSnapshot, loadRuleSet} from '../src/pipeline.js';
import {formatMarkdown} from '../src/report/markdown.js';
import {loadSnapshot} from '../src/snapshot/load.js';

/** Splits a command line into commands (separated by `&&`) of words; throws on anything a strict reader refuses. */
export function shellCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  let word: string | undefined;
  const end = () => {
    if (word !== undefined) commands.at(-1)!.push(word);
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      if (close === -1) throw new Error(`unbalanced ${c} at ${i}`);
      const quoted = line.slice(i + 1, close);
      // Inside double quotes the shell still expands $, ` and \: a command meant to be pasted must not rely on it.
      if (c === '"' && /[$`\\!]/.test(quoted)) throw new Error(`expansion inside double quotes at ${i}`);
      word = (word ?? '') + quoted;
      i = close;
    } else if (/\s/.test(c)) {
      end();
    } else if (c === '&' && line[i + 1] === '&') {
      end();
      if (!commands.at(-1)!.length) throw new Error(`&& with no command before it at ${i}`);
      commands.push([]);
      i++;
    } else if (c === '<') {
      // `<name>` is a placeholder the reader replaces (not a redirection): letters, digits and dashes only.
      const m = /^<[a-z][a-z0-9-]*>/.exec(line.slice(i));
      if (!m) throw new Error(`unquoted < at ${i}`);
      word = (word ?? '') + m[0];
      i += m[0].length - 1;
    } else if (/[|;&>()$`\\*?[\]#~!]/.test(c)) {
      throw new Error(`unquoted ${c} at ${i}: ${line.slice(Math.max(0, i - 20), i + 20)}`);
    } else if (c === '{') {
      // Unquoted braces are literal unless they hold a comma (brace expansion).
      const close = line.indexOf('}', i);
      if (close !== -1 && line.slice(i, close).includes(',') && !/\s/.test(line.slice(i, close))) throw new Error(`brace expansion at ${i}`);
      word = (word ?? '') + c;
    } else {
      word = (word ?? '') + c;
    }
  }
  end();
  if (!commands.at(-1)!.length) throw new Error('ends with && and no command');
  return commands;
}

const PROSE = /^(the|or|and|to|then|if|every|each|keep|repeat|replaces|same|call|with|for|of|in|on|it|this|that|instead|first|also|note)$/i;

/** Problems with a remediation command line, none when it can be pasted. */
function problems(cli: string): string[] {
  let commands: string[][];
  try {
    commands = shellCommands(cli.trim());
  } catch (err) {
    return [(err as Error).message];
  }
  const found: string[] = [];
  for (const words of commands) {
    const [program, service, operation] = words;
    if (program !== 'aws') found.push(`"${words.join(' ').slice(0, 40)}" does not start with aws`);
    if (!/^[a-z0-9-]+$/.test(service ?? '') || !/^[a-z0-9-]+$/.test(operation ?? '')) found.push(`aws ${service} ${operation}: not a service and an operation`);
    const prose = words.slice(3).filter((w) => PROSE.test(w));
    if (prose.length) found.push(`prose in the command: ${prose.join(', ')}`);
  }
  return found;
}

function policyFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return policyFiles(file);
    return /\.ya?ml$/.test(e.name) && !/\.test\.ya?ml$/.test(e.name) && !file.includes(`${path.sep}packs${path.sep}`) ? [file] : [];
  });
}

const policies = policyFiles('policies')
  .map((file) => ({file, policy: parse(readFileSync(file, 'utf8')) as {id?: string; remediation?: {cli?: string}} | null}))
  .filter((p) => p.policy?.id);

describe('the reader of commands', () => {
  it.each([
    ["aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled", []],
    ["aws cloudtrail update-trail --name <trail-name> && aws cloudtrail start-logging --name <trail-name>", []],
    ["aws logs x-y --pattern '{ $.a = \"b\" }'", []],
    ["aws cloudtrail put-event-selectors --trail-name t --event-selectors '[]' (replaces every selector)", ['unquoted (']],
    ["aws cloudtrail put-event-selectors --trail-name t --event-selectors '[]", ['unbalanced']],
    ['aws s3 ls; rm -rf /', ['unquoted ;']],
    ['aws s3 ls && ', ['ends with &&']],
    ['echo aws s3 ls', ['does not start with aws']],
    ['aws s3 ls "$HOME"', ['expansion']],
    ['aws cloudtrail delete-trail --name x then keep the other one', ['prose']],
    ['aws s3 ls > out.txt', ['unquoted >']],
    ['aws ec2 x --filters Name={a,b}', ['brace expansion']],
  ])('%s', (cli, expected) => {
    const found = problems(cli);
    expect(found.length).toBe(expected.length);
    for (const [i, e] of expected.entries()) expect(found[i]).toContain(e);
  });
});

describe('every policy\'s CLI remediation can be pasted', () => {
  it('finds the policies (all folders)', () => {
    expect(policies.length).toBeGreaterThanOrEqual(40);
  });

  it.each(policies.filter((p) => p.policy!.remediation?.cli).map((p) => [p.policy!.id!, p.policy!.remediation!.cli!]))('%s', (_id, cli) => {
    expect(problems(cli)).toEqual([]);
  });
});

/** The bodies of the ```sh blocks of a Markdown text. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})sh\n([\s\S]*?)\n\1$/gm)].map((m) => m[2]!);
}

describe('the commands in Markdown code blocks can be pasted', () => {
  it('docs/rules.md', () => {
    const blocks = shellBlocks(readFileSync('docs/rules.md', 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(30);
    for (const block of blocks) expect([block.slice(0, 60), problems(block)]).toEqual([block.slice(0, 60), []]);
  });

  it('the Markdown report', async () => {
    const report = evaluateSnapshot(await loadSnapshot('examples/snapshots/neglected-account.json'), await loadRuleSet());
    const blocks = shellBlocks(formatMarkdown(report));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const block of blocks) expect([block.slice(0, 60), problems(block)]).toEqual([block.slice(0, 60), []]);
  });
});
