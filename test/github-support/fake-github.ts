import { createHash, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';

/*
 * A local stand-in for the GitHub REST API: the calls ktriage makes, answered with GitHub's JSON
 * shapes and headers (ETag and 304, Link pagination, x-ratelimit-*, 422 "already_exists", 404 for a
 * label not on the issue), and every call recorded. Time is the fake's own clock, which moves one
 * second per write, so `updated_at` and `since` behave as on GitHub (second precision, inclusive).
 */

/** The request bodies the fake reads, as the REST API documents them. */
const CommentBody = z.object({ body: z.string() });
const LabelBody = z.object({
  name: z.string(),
  color: z.string().optional(),
  description: z.string().optional(),
});
const LabelsBody = z.object({ labels: z.array(z.string()) });
const JwtClaims = z.object({ iss: z.union([z.string(), z.number()]) });

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  /** performance.now() when the request arrived. */
  at: number;
}

interface UserJson {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

interface CommentJson {
  id: number;
  body: string;
  user: UserJson;
  created_at: string;
  updated_at: string;
  html_url: string;
  issue_url: string;
  performed_via_github_app: { id: number; slug: string } | null;
}

interface LabelJson {
  name: string;
  color: string;
  description: string | null;
}

interface IssueState {
  number: number;
  title: string;
  body: string;
  user: UserJson;
  labels: LabelJson[];
  created_at: string;
  updated_at: string;
  pull: boolean;
  locked: boolean;
  comments: CommentJson[];
  /** The issue's events (labeled, unlabeled), as `GET .../issues/{n}/events` lists them. */
  events: IssueEventJson[];
}

interface IssueEventJson {
  id: number;
  event: 'labeled' | 'unlabeled';
  actor: UserJson;
  performed_via_github_app: { id: number; slug: string } | null;
  label: { name: string; color: string };
  created_at: string;
}

interface RepoState {
  issues: Map<number, IssueState>;
  labels: Map<string, LabelJson>;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** The request is carried out, and only its answer is the fault: a response lost on its way back. */
  performed?: boolean;
}

export const REPORTER: UserJson = { login: 'kernel-dev', id: 583231, type: 'User' };
export const WATCHER: UserJson = { login: 'kernel-watcher', id: 9919, type: 'User' };
const APP_BOT: UserJson = { login: 'ktriage[bot]', id: 41898282, type: 'Bot' };

export interface FakeGitHubOptions {
  appId?: number;
  /** Verifies the App's JWT on `POST /app/installations/{id}/access_tokens` when given. */
  appPublicKey?: KeyObject;
  /** Accepted personal access token (polling mode). */
  token?: string;
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
};

export class FakeGitHub {
  readonly calls: Call[] = [];
  private readonly server: Server;
  private readonly repos = new Map<string, RepoState>();
  private readonly faults: { method: string; path: RegExp; fault: Fault; times: number }[] = [];
  private readonly installationTokens = new Map<string, number>();
  private readonly listeners: ((call: Call) => void)[] = [];
  private clock = Date.parse('2026-03-02T09:00:00Z');
  private nextId = 1_000_000;
  url = '';

  constructor(private readonly options: FakeGitHubOptions = {}) {
    this.server = createServer((req, res) => {
      void this.answer(req, res);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the fake has no TCP address');
    this.url = `http://127.0.0.1:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The fake's current time, as GitHub stamps it (whole seconds). */
  now(): Date {
    return new Date(this.clock);
  }

  private stamp(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** The next `times` requests matching `method` and `path` get `fault` instead of an answer. */
  failNext(method: string, path: RegExp, fault: Fault, times = 1): void {
    this.faults.push({ method, path, fault, times });
  }

  /** Called with each call as it arrives, before it is answered. */
  onCall(listener: (call: Call) => void): void {
    this.listeners.push(listener);
  }

  callsTo(method: string, path: RegExp): Call[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Resolves with the first call (after `from` calls) matching, or rejects after `ms`. */
  async waitFor(method: string, path: RegExp, { from = 0, ms = 5_000 } = {}): Promise<Call> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.calls
        .slice(from)
        .find((c) => c.method === method && path.test(c.path) && c.status < 300);
      if (hit) return hit;
      if (Date.now() > deadline)
        throw new Error(
          `no ${method} ${path} within ${ms} ms; calls: ${this.calls.map((c) => `${c.method} ${c.path} ${c.status}`).join(', ')}`,
        );
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private repo(fullName: string): RepoState {
    let r = this.repos.get(fullName);
    if (r === undefined) {
      r = {
        issues: new Map(),
        labels: new Map([['bug', { name: 'bug', color: 'd73a4a', description: "Something isn't working" }]]),
      };
      this.repos.set(fullName, r);
    }
    return r;
  }

  addIssue(
    fullName: string,
    fields: { title: string; body: string; user?: UserJson; labels?: string[]; pull?: boolean },
  ): ReturnType<FakeGitHub['issueJson']> {
    const repo = this.repo(fullName);
    const number = repo.issues.size + 1;
    const at = this.stamp();
    const labels = (fields.labels ?? []).map(
      (name) => repo.labels.get(name.toLowerCase()) ?? { name, color: 'ededed', description: null },
    );
    const issue: IssueState = {
      number,
      title: fields.title,
      body: fields.body,
      user: fields.user ?? REPORTER,
      labels,
      created_at: at,
      updated_at: at,
      pull: fields.pull ?? false,
      locked: false,
      comments: [],
      events: [],
    };
    repo.issues.set(number, issue);
    return this.issueJson(fullName, issue);
  }

  editIssueBody(fullName: string, number: number, body: string): ReturnType<FakeGitHub['issueJson']> {
    const issue = this.mustIssue(fullName, number);
    issue.body = body;
    issue.updated_at = this.stamp();
    return this.issueJson(fullName, issue);
  }

  addComment(fullName: string, number: number, body: string, user: UserJson = REPORTER): CommentJson {
    return this.comment(fullName, this.mustIssue(fullName, number), body, user, null);
  }

  /** A person removes a label from the issue. */
  unlabel(fullName: string, number: number, name: string, user: UserJson = REPORTER): void {
    const issue = this.mustIssue(fullName, number);
    const label = issue.labels.find((l) => l.name === name);
    issue.labels = issue.labels.filter((l) => l.name !== name);
    issue.updated_at = this.stamp();
    if (label !== undefined) this.event(issue, 'unlabeled', label, { user, app: null });
  }

  private event(
    issue: IssueState,
    event: IssueEventJson['event'],
    label: LabelJson,
    by: { user: UserJson; app: number | null },
  ): void {
    issue.events.push({
      id: this.nextId++,
      event,
      actor: by.user,
      performed_via_github_app: by.app === null ? null : { id: by.app, slug: 'ktriage' },
      label: { name: label.name, color: label.color },
      created_at: issue.updated_at,
    });
  }

  lock(fullName: string, number: number): void {
    this.mustIssue(fullName, number).locked = true;
  }

  issue(fullName: string, number: number): ReturnType<FakeGitHub['issueJson']> {
    return this.issueJson(fullName, this.mustIssue(fullName, number));
  }

  commentsOf(fullName: string, number: number): CommentJson[] {
    return this.mustIssue(fullName, number).comments;
  }

  repoLabels(fullName: string): LabelJson[] {
    return [...this.repo(fullName).labels.values()];
  }

  private mustIssue(fullName: string, number: number): IssueState {
    const issue = this.repo(fullName).issues.get(number);
    if (issue === undefined) throw new Error(`no issue ${fullName}#${number}`);
    return issue;
  }

  private comment(
    fullName: string,
    issue: IssueState,
    body: string,
    user: UserJson,
    app: number | null,
  ): CommentJson {
    const at = this.stamp();
    const id = this.nextId++;
    const c: CommentJson = {
      id,
      body,
      user,
      created_at: at,
      updated_at: at,
      html_url: `https://github.com/${fullName}/issues/${issue.number}#issuecomment-${id}`,
      issue_url: `${this.url}/repos/${fullName}/issues/${issue.number}`,
      performed_via_github_app: app === null ? null : { id: app, slug: 'ktriage' },
    };
    issue.comments.push(c);
    // As on GitHub, a new comment moves its issue's `updated_at`.
    issue.updated_at = at;
    return c;
  }

  issueJson(fullName: string, issue: IssueState) {
    return {
      url: `${this.url}/repos/${fullName}/issues/${issue.number}`,
      html_url: `https://github.com/${fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
      id: 2_000_000 + issue.number,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      user: issue.user,
      labels: issue.labels.map((l, i) => ({
        id: 100 + i,
        name: l.name,
        color: l.color,
        default: false,
        description: l.description,
      })),
      state: 'open',
      locked: issue.locked,
      comments: issue.comments.length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: null,
      author_association: 'NONE',
      ...(issue.pull ? { pull_request: { url: `${this.url}/repos/${fullName}/pulls/${issue.number}` } } : {}),
    };
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const call: Call = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: text === '' ? null : JSON.parse(text),
      status: 0,
      at,
    };
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      call.status = status;
      json(res, status, body, { ...this.rateHeaders(), ...headers });
    };

    const fault = this.faults.find((f) => f.times > 0 && f.method === method && f.path.test(url.pathname));
    if (fault) {
      fault.times -= 1;
      const as = fault.fault.performed === true ? this.authenticate(req, method, url.pathname) : null;
      if (as !== null) this.route(method, url, call.body, as, () => undefined, req.headers['if-none-match']);
      send(
        fault.fault.status,
        fault.fault.body ?? { message: 'fault', documentation_url: 'https://docs.github.com/rest' },
        fault.fault.headers,
      );
      return;
    }
    const identity = this.authenticate(req, method, url.pathname);
    if (identity === null) {
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return;
    }
    try {
      this.route(method, url, call.body, identity, send, req.headers['if-none-match']);
    } catch (err) {
      send(500, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4990',
      'x-ratelimit-used': '10',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-github-api-version-selected': '2022-11-28',
    };
  }

  /** Who the request acts as: the App (JWT), an installation of it, or the watcher's token. */
  private authenticate(
    req: IncomingMessage,
    method: string,
    path: string,
  ): 'jwt' | { user: UserJson; app: number | null } | null {
    const auth = req.headers.authorization ?? '';
    const [scheme = '', credential = ''] = auth.split(' ');
    if (method === 'POST' && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return scheme.toLowerCase() === 'bearer' && this.validJwt(credential) ? 'jwt' : null;
    }
    if (scheme.toLowerCase() !== 'token') return null;
    const installation = this.installationTokens.get(credential);
    if (installation !== undefined) return { user: APP_BOT, app: this.options.appId ?? 1 };
    if (this.options.token !== undefined && credential === this.options.token)
      return { user: WATCHER, app: null };
    return null;
  }

  private validJwt(token: string): boolean {
    const [header, payload, signature] = token.split('.');
    if (header === undefined || payload === undefined || signature === undefined) return false;
    const claims = JwtClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!claims.success || String(claims.data.iss) !== String(this.options.appId)) return false;
    if (this.options.appPublicKey === undefined) return true;
    return verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      this.options.appPublicKey,
      Buffer.from(signature, 'base64url'),
    );
  }

  private route(
    method: string,
    url: URL,
    body: unknown,
    identity: 'jwt' | { user: UserJson; app: number | null },
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
    ifNoneMatch: string | undefined,
  ): void {
    const path = url.pathname;
    const notFound = (): void =>
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    let m: RegExpExecArray | null;

    if ((m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path)) && method === 'POST') {
      const token = `ghs_installation${m[1]}x${this.installationTokens.size}`;
      this.installationTokens.set(token, Number(m[1]));
      send(201, {
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: { issues: 'write', metadata: 'read' },
        repository_selection: 'all',
      });
      return;
    }
    if (identity === 'jwt') return notFound();
    if (path === '/user' && method === 'GET') return send(200, identity.user);

    m = /^\/repos\/([^/]+\/[^/]+)\/(.*)$/.exec(path);
    if (m === null) return notFound();
    const fullName = decodeURIComponent(m[1] ?? '');
    const rest = m[2] ?? '';
    const repo = this.repo(fullName);
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const paged = (all: unknown[]): void => {
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      // ETags are per URL and content, as on GitHub; a matching If-None-Match gets 304 and no body.
      const etag = `W/"${createHash('sha1').update(JSON.stringify(slice)).digest('hex')}"`;
      if (ifNoneMatch === etag) {
        send(304, null, { etag });
        return;
      }
      send(200, slice, { ...headers, etag });
    };
    const since = url.searchParams.get('since');
    const updatedSince = (t: string): boolean => since === null || t >= since.replace(/\.\d{3}Z$/, 'Z');

    if (rest === 'issues' && method === 'GET') {
      const list = [...repo.issues.values()]
        .filter((i) => updatedSince(i.updated_at))
        .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.number - b.number);
      return paged(list.map((i) => this.issueJson(fullName, i)));
    }
    if (rest === 'issues/comments' && method === 'GET') {
      const list = [...repo.issues.values()]
        .flatMap((i) => i.comments)
        .filter((c) => updatedSince(c.updated_at))
        .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
      return paged(list);
    }
    if ((m = /^issues\/comments\/(\d+)$/.exec(rest)) && method === 'PATCH') {
      const id = Number(m[1]);
      const issue = [...repo.issues.values()].find((i) => i.comments.some((c) => c.id === id));
      const c = issue?.comments.find((x) => x.id === id);
      if (issue === undefined || c === undefined) return notFound();
      if (c.user.login !== identity.user.login)
        return send(403, { message: 'Must have admin rights to Repository.' });
      c.body = CommentBody.parse(body).body;
      c.updated_at = this.stamp();
      issue.updated_at = c.updated_at;
      return send(200, c);
    }
    if (rest === 'labels' && method === 'POST') {
      const { name, color, description } = LabelBody.parse(body);
      if (repo.labels.has(name.toLowerCase())) {
        return send(422, {
          message: 'Validation Failed',
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
          documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
          status: '422',
        });
      }
      const label = { name, color: color ?? 'ededed', description: description ?? null };
      repo.labels.set(name.toLowerCase(), label);
      return send(201, { id: this.nextId++, ...label, default: false });
    }

    m = /^issues\/(\d+)(?:\/(.*))?$/.exec(rest);
    const issue = m === null ? undefined : repo.issues.get(Number(m[1]));
    if (m === null || issue === undefined) return notFound();
    const sub = m[2] ?? '';
    if (sub === '' && method === 'GET') return send(200, this.issueJson(fullName, issue));
    if (sub === 'comments' && method === 'GET') return paged(issue.comments);
    if (sub === 'events' && method === 'GET') return paged(issue.events);
    if (sub === 'comments' && method === 'POST') {
      if (issue.locked)
        return send(403, {
          message: 'Unable to create comment because issue is locked.',
          documentation_url: 'https://docs.github.com/articles/locking-conversations/',
        });
      return send(
        201,
        this.comment(fullName, issue, CommentBody.parse(body).body, identity.user, identity.app),
      );
    }
    if (sub === 'labels' && method === 'POST') {
      for (const name of LabelsBody.parse(body).labels) {
        const label = repo.labels.get(name.toLowerCase()) ?? { name, color: 'ededed', description: null };
        repo.labels.set(name.toLowerCase(), label);
        if (issue.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) continue;
        issue.labels.push(label);
        this.event(issue, 'labeled', label, identity);
      }
      issue.updated_at = this.stamp();
      return send(200, issue.labels);
    }
    if ((m = /^labels\/(.+)$/.exec(sub)) && method === 'DELETE') {
      const name = decodeURIComponent(m[1] ?? '');
      const index = issue.labels.findIndex((l) => l.name.toLowerCase() === name.toLowerCase());
      if (index < 0)
        return send(404, {
          message: 'Label does not exist',
          documentation_url: 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue',
          status: '404',
        });
      const [removed] = issue.labels.splice(index, 1);
      issue.updated_at = this.stamp();
      if (removed !== undefined) this.event(issue, 'unlabeled', removed, identity);
      return send(200, issue.labels);
    }
    return notFound();
  }
}
