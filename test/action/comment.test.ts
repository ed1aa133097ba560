// The PR comment path against a local HTTP server standing in for the GitHub REST API.
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest} from '@jest/globals';
import {COMMENT_MARKER} from '../../src/action/comment.js';
import {buildActionBundle, cleanupRuns, repoRoot, runAction} from './run-action.js';

interface Comment {
  id: number;
  body: string;
  user: string;
}

/** A fake of the three issue-comment endpoints, paginated like GitHub's (per_page, page). */
class FakeGitHub {
  comments: Comment[] = [];
  requests: {method: string; path: string; authorization?: string}[] = [];
  /** When set, every write answers with this status. */
  failWrites?: number;
  private nextId = 1000;
  readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({status, body}) => {
        res.writeHead(status, {'Content-Type': 'application/json'});
        res.end(JSON.stringify(body));
      });
    });
  }

  seed(count: number, user = 'someone'): void {
    for (let i = 0; i < count; i++) this.comments.push({id: this.nextId++, body: `comment ${i}`, user});
  }

  url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage): Promise<{status: number; body: unknown}> {
    const url = new URL(req.url!, 'http://localhost');
    this.requests.push({method: req.method!, path: url.pathname, authorization: req.headers.authorization});
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const view = (c: Comment) => ({id: c.id, body: c.body, user: {login: c.user}, html_url: `https://github.test/acme/infra/pull/7#issuecomment-${c.id}`});
    if (req.method === 'GET' && url.pathname === '/repos/acme/infra/issues/7/comments') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      return {status: 200, body: this.comments.slice((page - 1) * perPage, page * perPage).map(view)};
    }
    if (this.failWrites) return {status: this.failWrites, body: {message: 'Resource not accessible by integration'}};
    if (req.method === 'POST' && url.pathname === '/repos/acme/infra/issues/7/comments') {
      const comment = {id: this.nextId++, body: (JSON.parse(raw) as {body: string}).body, user: 'github-actions[bot]'};
      this.comments.push(comment);
      return {status: 201, body: view(comment)};
    }
    const patch = /^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (req.method === 'PATCH' && patch) {
      const comment = this.comments.find((c) => c.id === Number(patch[1]));
      if (!comment) return {status: 404, body: {message: 'Not Found'}};
      comment.body = (JSON.parse(raw) as {body: string}).body;
      return {status: 200, body: view(comment)};
    }
    return {status: 404, body: {message: `no route ${req.method} ${url.pathname}`}};
  }
}

// Each run starts node on a 3.6 MB bundle; on a loaded 2-CPU CI machine that takes seconds.
jest.setTimeout(120_000);

let bundle: string;
let cleanup: () => void;
let github: FakeGitHub;
let env: Record<string, string>;
const eventFile = path.join(repoRoot, '.tmp', `pull-request-event-${process.pid}.json`);

beforeAll(() => {
  ({bundle, cleanup} = buildActionBundle());
  writeFileSync(eventFile, JSON.stringify({action: 'synchronize', number: 7, pull_request: {number: 7}}));
  env = {GITHUB_EVENT_PATH: eventFile, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'acme/infra'};
});

afterAll(() => {
  cleanupRuns();
  cleanup?.();
  rmSync(eventFile, {force: true});
});

beforeEach(async () => {
  github = new FakeGitHub();
  await new Promise<void>((resolve) => github.server.listen(0, '127.0.0.1', resolve));
  env.GITHUB_API_URL = github.url();
});

afterEach(async () => {
  await new Promise((resolve) => github.server.close(resolve));
});

/** A local URL where nothing listens: the API "cannot be reached" (connection refused), as on a runner without network. */
async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const marked = () => github.comments.filter((c) => c.body.includes(COMMENT_MARKER));

describe('the PR comment', () => {
  it('is created on the first run and updated, not duplicated, on the next', async () => {
    // 120 comments already: the Action has to read past the first page to find its own.
    github.seed(120);
    const first = await runAction(bundle, {snapshot: 'examples/snapshots/neglected-account.json', comment: 'true', 'github-token': 'test-token'}, env);
    expect(first.status).toBe(1);
    expect(marked()).toHaveLength(1);
    const [comment] = marked();
    expect(comment!.body.startsWith(`${COMMENT_MARKER}\n## trailwise: AWS logging posture — ❌ failed`)).toBe(true);
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(github.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
    expect(first.stdout).toContain(`comment: created https://github.test/acme/infra/pull/7#issuecomment-${comment!.id}`);

    github.seed(3);
    const second = await runAction(bundle, {snapshot: 'examples/snapshots/well-configured-org.json', comment: 'true', 'github-token': 'test-token'}, env);
    expect(second.status).toBe(0);
    expect(marked()).toHaveLength(1);
    expect(marked()[0]!.id).toBe(comment!.id);
    expect(marked()[0]!.body).toContain('— ✅ passed');
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/repos/acme/infra/issues/comments/${comment!.id}`]);
    expect(github.comments).toHaveLength(124);
  });

  it('is only a warning when the token may not write (a fork\'s pull request)', async () => {
    github.failWrites = 403;
    const run = await runAction(bundle, {snapshot: 'examples/snapshots/well-configured-org.json', comment: 'true', 'github-token': 'read-only'}, env);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('::warning::comment: could not post the PR comment: POST /repos/acme/infra/issues/7/comments: HTTP 403 (Resource not accessible by integration)');
    expect(run.outputs.passed).toBe('true');
    expect(github.comments).toHaveLength(0);
  });

  it('is only a warning when the GitHub API cannot be reached, and the outputs are all set', async () => {
    const run = await runAction(
      bundle,
      {snapshot: 'examples/snapshots/neglected-account.json', comment: 'true', 'github-token': 'test-token', 'fail-on': 'none'},
      {...env, GITHUB_API_URL: await unreachableUrl()},
    );
    expect(run.status).toBe(0);
    expect(run.errorLines).toEqual([]);
    expect(run.stdout).toMatch(/^::warning::comment: could not post the PR comment: http:\/\/127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\)$/m);
    expect(run.stdout).not.toContain('trailwise bug');
    expect(Object.keys(run.outputs).sort()).toEqual(['cost-score', 'failed', 'html-report', 'new-failures', 'passed', 'report-json', 'sarif-file', 'score', 'sec04-score']);
    expect(run.outputs.passed).toBe('true');
  });

  it('a failing gate with an unreachable API: the outputs the SARIF upload needs are set before the comment is tried', async () => {
    const run = await runAction(
      bundle,
      {snapshot: 'examples/snapshots/neglected-account.json', comment: 'true', 'github-token': 'test-token'},
      {...env, GITHUB_API_URL: await unreachableUrl()},
    );
    expect(run.status).toBe(1);
    expect(run.outputs['sarif-file']).toMatch(/trailwise\.sarif$/);
    expect(run.outputs.passed).toBe('false');
    expect(run.errorLines.filter((l) => l.startsWith('::error::trailwise gate failed'))).toHaveLength(1);
    expect(run.stdout).not.toContain('trailwise bug');
  });

  it('is skipped outside a pull request', async () => {
    const run = await runAction(
      bundle,
      {snapshot: 'examples/snapshots/well-configured-org.json', comment: 'true', 'github-token': 'test-token'},
      {...env, GITHUB_EVENT_PATH: path.join(repoRoot, 'package.json')},
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('comment: this run is not for a pull request; no comment posted');
    expect(github.requests).toHaveLength(0);
  });
});
