/**
 * The pull-request comment: one per pull request, found again by a hidden marker and edited in place, so a PR that
 * is pushed twenty times still has one trailwise comment. Plain `fetch` against the REST API; the base URL comes
 * from `GITHUB_API_URL` (GitHub Enterprise Server, or a local server in tests).
 */
import {readFile} from 'node:fs/promises';
import {terminalText} from '../report/escape/terminal.js';

/** The hidden line that marks trailwise's comment. */
export const COMMENT_MARKER = '<!-- trailwise:pr-report -->';

export interface PullRequestTarget {
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  number: number;
}

export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The pull request this run is about, or undefined when the event is not a pull request. */
export async function pullRequestTarget(env: NodeJS.ProcessEnv = process.env): Promise<PullRequestTarget | undefined> {
  const eventPath = env.GITHUB_EVENT_PATH;
  const repository = env.GITHUB_REPOSITORY;
  if (!eventPath || !repository) return undefined;
  let payload: {pull_request?: {number?: number}; issue?: {number?: number; pull_request?: unknown}; number?: number};
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch {
    return undefined;
  }
  // pull_request and pull_request_target carry `pull_request`; a comment on a PR (issue_comment) carries `issue`.
  const number = payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
  if (typeof number !== 'number') return undefined;
  return {apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''), repository, number};
}

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
}

async function call<T>(token: string, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'trailwise-action',
      ...(body === undefined ? {} : {'Content-Type': 'application/json'}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let detail = text.slice(0, 200);
    try {
      detail = (JSON.parse(text) as {message?: string}).message ?? detail;
    } catch {
      // not JSON: keep the text
    }
    // The detail ends up in the log: it is the server's text, not ours.
    const shown = terminalText(detail, {singleLine: true, max: 200});
    throw new GitHubApiError(`${method} ${new URL(url).pathname}: HTTP ${response.status}${shown ? ` (${shown})` : ''}`, response.status);
  }
  return (await response.json()) as T;
}

/** Finds the comment that carries the marker, reading every page of the PR's comments. */
async function findMarkedComment(target: PullRequestTarget, token: string): Promise<IssueComment | undefined> {
  const base = `${target.apiUrl}/repos/${target.repository}/issues/${target.number}/comments`;
  for (let page = 1; ; page++) {
    const comments = await call<IssueComment[]>(token, 'GET', `${base}?per_page=100&page=${page}`);
    const marked = comments.find((c) => c.body?.includes(COMMENT_MARKER));
    if (marked) return marked;
    if (comments.length < 100) return undefined;
  }
}

/** Creates the trailwise comment on the pull request, or updates the one already there. */
export async function upsertComment(
  target: PullRequestTarget,
  token: string,
  markdown: string,
): Promise<{action: 'created' | 'updated'; id: number; url?: string}> {
  const body = `${COMMENT_MARKER}\n${markdown}`;
  const existing = await findMarkedComment(target, token);
  if (existing) {
    const updated = await call<IssueComment>(token, 'PATCH', `${target.apiUrl}/repos/${target.repository}/issues/comments/${existing.id}`, {body});
    return {action: 'updated', id: updated.id ?? existing.id, url: updated.html_url};
  }
  const created = await call<IssueComment>(token, 'POST', `${target.apiUrl}/repos/${target.repository}/issues/${target.number}/comments`, {body});
  return {action: 'created', id: created.id, url: created.html_url};
}
