// What `npm pack` ships and what the container image copies: both must run the CLI on a machine that has nothing but
// Node. The real global install of the tarball is scripts/check-pack.sh (run by .ci/run): it needs the registry.
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  bin: Record<string, string>;
  files: string[];
  engines: {node: string};
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};
const scratch = mkdtempSync(path.join(tmpdir(), 'trailwise-pack-'));
const cleanEnv = {PATH: process.env.PATH!, HOME: scratch, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'};

beforeAll(() => {
  // dist/cli.js is git-ignored: npm's `prepare` builds it on `npm pack`, `npm publish` and git installs.
  execFileSync(process.execPath, ['scripts/build.mjs', '--cli-only']);
}, 120_000);
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

describe('the npm package', () => {
  it('builds the CLI in `prepare` (git installs and npm pack), with esbuild a dev dependency npm installs for it', () => {
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs --cli-only');
    expect(pkg.devDependencies.esbuild).toBeDefined();
    expect(pkg.bin.trailwise).toBe('dist/cli.js');
    expect(readFileSync(pkg.bin.trailwise, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('declares Node 20 and Node 24 (the Action runs on node24)', () => {
    expect(pkg.engines.node).toMatch(/\^20\.19/);
    expect(pkg.engines.node).toMatch(/>=24|\^24/);
  });

  it('ships the CLI, schemas, policies, IAM policies and examples, and no tests or sources', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {encoding: 'utf8', env: {...process.env, npm_config_loglevel: 'silent'}})) as [{files: {path: string}[]}];
    const files = packed.files.map((f) => f.path);
    for (const wanted of [
      'dist/cli.js',
      'package.json',
      ...readdirSync('dist/cli-chunks').map((chunk) => `dist/cli-chunks/${chunk}`),
      'README.md',
      'schema/report.schema.json',
      'schema/snapshot.schema.json',
      'schema/policy.schema.json',
      'policies/packs/wa-sec04.yaml',
      'policies/cloudtrail/ct.region-coverage.yaml',
      'policies/cloudtrail/ct.region-coverage.test.yaml',
      'iam/trailwise-readonly-policy.json',
      'examples/snapshots/neglected-account.json',
      'examples/workflows/pr-gate.yml',
      'docs/install.md',
    ]) {
      expect(files).toContain(wanted);
    }
    const unwanted = files.filter((f) => /^(src|test|bench|scripts|node_modules|reports|\.tmp|\.ci|\.github)\//.test(f) || f === 'dist/index.js' || f === 'Dockerfile');
    expect(unwanted).toEqual([]);
  });

  it('the bundle runs outside the repository, with no node_modules beside it', () => {
    const tree = path.join(scratch, 'pkg');
    mkdirSync(path.join(tree, 'dist'), {recursive: true});
    for (const entry of ['package.json', 'dist/cli.js', 'dist/cli-chunks', 'policies', 'schema']) cpSync(entry, path.join(tree, entry), {recursive: true});
    const help = spawnSync(process.execPath, [path.join(tree, 'dist/cli.js'), '--help'], {cwd: scratch, env: cleanEnv, encoding: 'utf8'});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: trailwise');
  });

  it('does not print the AWS SDK\'s Node-version notice to users (nor to the test run)', () => {
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
    // An endpoint where nothing listens: the SDK clients are built (which is when the notice is printed), then fail.
    const env = {PATH: process.env.PATH!, HOME: scratch, AWS_ACCESS_KEY_ID: 'AKIA000000000000TEST', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1', AWS_MAX_ATTEMPTS: '1'};
    const scan = spawnSync(process.execPath, [path.resolve('dist/cli.js'), 'scan', '--regions', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9', '--output', path.join(scratch, 'r.json')], {cwd: scratch, env, encoding: 'utf8', timeout: 60_000});
    expect(scan.status).toBe(2);
    expect(scan.stderr).toMatch(/^trailwise: /m);
    expect(scan.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
  }, 90_000);
});

/** The Dockerfile's stages: each FROM with the instructions under it. */
function stages(text: string): {from: string; lines: string[]}[] {
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const result: {from: string; lines: string[]}[] = [];
  for (const line of logical) {
    if (/^FROM /i.test(line)) result.push({from: line, lines: []});
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

describe('the Dockerfile', () => {
  const text = readFileSync('Dockerfile', 'utf8');
  const all = stages(text);
  const final = all.at(-1)!;

  it('is multi-stage: the build tools stay in the build stage', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all[0]!.from).toMatch(/ AS build$/i);
    expect(final.lines.some((l) => /^RUN npm (ci|install)/.test(l))).toBe(false);
    expect(final.from).toMatch(/^FROM node:(20|22|24)[\w.-]*$/);
  });

  it('runs as a non-root user, with trailwise as the entrypoint', () => {
    const users = final.lines.filter((l) => /^USER /.test(l));
    expect(users.length).toBeGreaterThanOrEqual(1);
    expect(users.at(-1)).not.toMatch(/^USER (root|0)(:|$)/);
    expect(final.lines.filter((l) => /^ENTRYPOINT /.test(l)).at(-1)).toBe('ENTRYPOINT ["trailwise"]');
    expect(final.lines).toContain('RUN ln -s /opt/trailwise/dist/cli.js /usr/local/bin/trailwise');
  });

  it('the tree the image copies runs `trailwise --help` and evaluates a snapshot', () => {
    // Assemble /opt/trailwise as the COPY lines of the final stage do, from the build stage's output (the repository).
    const root = path.join(scratch, 'image', 'opt', 'trailwise');
    mkdirSync(root, {recursive: true});
    for (const line of final.lines.filter((l) => /^COPY /.test(l))) {
      const [source, destination] = line.replace(/^COPY (--from=build )?/, '').split(/\s+/);
      const from = source!.replace(/^\/src\//, '');
      cpSync(from, path.join(root, destination!), {recursive: true});
    }
    const cli = path.join(root, 'dist', 'cli.js');
    const help = spawnSync(process.execPath, [cli, '--help'], {cwd: scratch, env: cleanEnv, encoding: 'utf8'});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: trailwise');
    const evaluate = spawnSync(process.execPath, [cli, 'evaluate', '--snapshot', path.resolve('examples/snapshots/well-configured-org.json'), '--format', 'json'], {cwd: scratch, env: cleanEnv, encoding: 'utf8'});
    expect(evaluate.stderr).toMatch(/gate passed/);
    expect(evaluate.status).toBe(0);
    expect(JSON.parse(evaluate.stdout).rules.length).toBeGreaterThan(30);
  });
});
