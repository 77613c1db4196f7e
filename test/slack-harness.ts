import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNoteExplainer } from '../src/llm/note-explainer.js';
import { createSlackAdapter } from '../src/slack/adapter.js';
import { loadCore, type Core } from '../src/usecase/core.js';
import { startService, type Service } from '../src/server/serve.js';
import { LogSink } from './support/log-sink.js';

/*
 * Slack without Slack: a recording Web API on 127.0.0.1 (with file downloads and a Socket Mode
 * WebSocket endpoint), and the real service (`startService` with the Slack adapter, SQLite in a temp
 * folder, the real core and outbox worker, and the real model client when LLM_* are set) pointed at it
 * through SLACK_API_URL.
 */

export const TEAM = 'T024BE7LD';
export const CHANNEL = 'C024BE91L';
export const BOT_USER = 'U0KTRIAGE';
export const BOT_ID = 'B0KTRIAGE';
export const HUMAN = 'U061F7AUR';
export const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';
export const APP_TOKEN = 'xapp-1-A0KTRIAGE-1234567890-abcdef0123456789';
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const TEAM_URL = 'https://kernel-team.slack.com/';

/** One Web API call as the fake received it: form fields, with JSON fields (`blocks`, `view`) decoded. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | null;
  /** performance.now() when the request arrived. */
  at: number;
  /** What the fake answered. */
  response: Record<string, unknown>;
}

/** A message the fake holds in a channel, as conversations.replies lists it. */
export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts: string | null;
  text: string;
  metadata: unknown;
}

/** What the fake answers instead of success, once per call, in order. */
export type Scripted = { status: 429; retryAfter: number } | { error: string };

interface StoredFile {
  content: Buffer;
  contentType: string;
}

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Frames the app sent over Socket Mode (acks), decoded. */
  readonly socketFrames: unknown[] = [];
  private readonly scripts = new Map<string, Scripted[]>();
  private readonly holds = new Map<string, { held: Promise<void>; lost: boolean }[]>();
  /** Messages posted through chat.postMessage, in order. */
  readonly posted: PostedMessage[] = [];
  /** Private conversations and their members; any other channel is public. */
  private readonly privateChannels = new Map<string, Set<string>>();
  /** Members of public channels, for users.conversations. */
  private readonly publicMembers = new Map<string, Set<string>>();
  private readonly files = new Map<string, StoredFile>();
  private readonly fileInfo = new Map<string, Record<string, unknown>>();
  private readonly sockets = new Set<Socket>();
  private readonly listeners: ((call: RecordedCall) => void)[] = [];
  /** Per channel, as on Slack: a ts names a message only together with its channel. */
  private readonly tsCounters = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeSlack(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void fake.answer(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Socket) => fake.upgrade(req, socket));
    return fake;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  /** The next calls of `method` get these answers, one each, before success resumes. */
  script(method: string, ...answers: Scripted[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...answers]);
  }

  /**
   * The next call of `method` is recorded but answered only when the returned function is called: a
   * request in flight, for killing the process that made it. Slack has done its work by then (a post
   * is in its thread), unless `lost`: the request never reached Slack.
   */
  holdNext(method: string, options: { lost?: boolean } = {}): () => void {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(method, [...(this.holds.get(method) ?? []), { held, lost: options.lost === true }]);
    return release;
  }

  /** A private channel (or a DM: `D...`) and its members, as conversations.info and users.conversations tell. */
  privateChannel(channel: string, members: readonly string[]): void {
    this.privateChannels.set(channel, new Set(members));
  }

  /** Members of a public channel, as users.conversations tells. */
  publicChannel(channel: string, members: readonly string[]): void {
    this.publicMembers.set(channel, new Set(members));
  }

  /** The messages of a thread, its parent's ts given, in the order they were posted. */
  thread(channel: string, threadTs: string): PostedMessage[] {
    return this.posted.filter((m) => m.channel === channel && (m.thread_ts ?? m.ts) === threadTs);
  }

  /** A file Slack hosts: downloadable at the returned URL with the bot token, and known to files.info. */
  addFile(
    id: string,
    name: string,
    content: string | Buffer,
    contentType = 'text/plain',
  ): Record<string, unknown> {
    const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content);
    this.files.set(id, { content: buffer, contentType });
    const url = `${this.origin}/files-pri/${TEAM}-${id}/${encodeURIComponent(name)}`;
    const info = {
      id,
      name,
      title: name,
      mimetype: contentType,
      filetype: name.endsWith('.log') ? 'log' : 'text',
      size: buffer.length,
      mode: 'hosted',
      url_private: url,
      url_private_download: `${url}?download=1`,
    };
    this.fileInfo.set(id, info);
    return info;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `count` calls of `method` were received, or rejects after `timeoutMs`. */
  async waitFor(method: string, count = 1, timeoutMs = 5_000): Promise<RecordedCall[]> {
    const done = (): boolean => this.callsOf(method).length >= count;
    if (!done()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `waited ${timeoutMs} ms for ${count} ${method} call(s); got ${this.callsOf(method).length}`,
              ),
            ),
          timeoutMs,
        );
        const listener = (): void => {
          if (!done()) return;
          clearTimeout(timer);
          this.listeners.splice(this.listeners.indexOf(listener), 1);
          resolve();
        };
        this.listeners.push(listener);
      });
    }
    return this.callsOf(method);
  }

  onCall(listener: (call: RecordedCall) => void): void {
    this.listeners.push(listener);
  }

  /** Sends one Socket Mode envelope to every connected app. */
  sendSocket(envelope: unknown): void {
    for (const socket of this.sockets) socket.write(wsFrame(JSON.stringify(envelope)));
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname.startsWith('/files-pri/')) {
      this.download(req, res, url.pathname);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const body = decode(Buffer.concat(chunks).toString('utf8'), req.headers['content-type'] ?? '');
    const at = performance.now();
    const scripted = this.scripts.get(method)?.shift();
    const hold = this.holds.get(method)?.shift();
    const response =
      scripted === undefined
        ? this.success(method, body, hold?.lost !== true)
        : { ok: false, error: 'status' in scripted ? 'ratelimited' : scripted.error };
    const call: RecordedCall = {
      method,
      body,
      authorization: req.headers.authorization ?? null,
      at,
      response,
    };
    this.calls.push(call);
    for (const listener of [...this.listeners]) listener(call);
    if (hold !== undefined) await hold.held;
    if (res.destroyed) return;
    if (scripted !== undefined && 'status' in scripted)
      reply(res, 429, response, { 'retry-after': String(scripted.retryAfter) });
    else reply(res, 200, response);
  }

  private success(method: string, body: Record<string, unknown>, commit: boolean): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: TEAM_URL,
          team: 'Kernel Team',
          user: 'ktriage',
          team_id: TEAM,
          user_id: BOT_USER,
          bot_id: BOT_ID,
        };
      case 'chat.postMessage': {
        const count = (this.tsCounters.get(String(body.channel)) ?? 0) + 1;
        this.tsCounters.set(String(body.channel), count);
        const ts = `1741082500.${String(count).padStart(6, '0')}`;
        if (commit) {
          this.posted.push({
            channel: String(body.channel),
            ts,
            thread_ts: typeof body.thread_ts === 'string' ? body.thread_ts : null,
            text: String(body.text),
            metadata: body.metadata,
          });
        }
        return {
          ok: true,
          channel: body.channel,
          ts,
          message: { type: 'message', bot_id: BOT_ID, text: body.text, ts },
        };
      }
      case 'conversations.replies': {
        // Metadata only when asked for, as Slack does; `oldest` and paging are left out.
        const withMetadata = body.include_all_metadata === 'true' || body.include_all_metadata === true;
        const messages = this.thread(String(body.channel), String(body.ts)).map((m) => ({
          type: 'message',
          bot_id: BOT_ID,
          ts: m.ts,
          thread_ts: m.thread_ts,
          text: m.text,
          ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
        }));
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.info': {
        const channel = String(body.channel);
        const isPrivate = this.privateChannels.has(channel);
        const isIm = channel.startsWith('D');
        return {
          ok: true,
          channel: { id: channel, is_channel: !isIm, is_im: isIm, is_private: isPrivate || isIm },
        };
      }
      case 'users.conversations': {
        const user = String(body.user);
        const ids = [...this.privateChannels, ...this.publicMembers]
          .filter(([, members]) => members.has(user))
          .map(([id]) => id);
        return { ok: true, channels: ids.map((id) => ({ id })), response_metadata: { next_cursor: '' } };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'views.publish':
        return { ok: true, view: { id: 'V0HOME0001', type: 'home' } };
      case 'files.info': {
        const file = this.fileInfo.get(String(body.file));
        return file === undefined ? { ok: false, error: 'file_not_found' } : { ok: true, file };
      }
      case 'apps.connections.open':
        return { ok: true, url: `${this.origin.replace('http', 'ws')}/link/?ticket=fake` };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** Like files.slack.com: without the bot token, a 200 HTML sign-in page instead of the file. */
  private download(req: IncomingMessage, res: ServerResponse, path: string): void {
    const id = /^\/files-pri\/[^-]+-([^/]+)\//.exec(path)?.[1] ?? '';
    const file = this.files.get(id);
    if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) {
      const page =
        '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Kernel Team</body></html>';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    if (file === undefined) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': file.contentType, 'content-length': file.content.length })
      .end(file.content);
  }

  /** A WebSocket server just big enough for Socket Mode: handshake, text frames, ping/pong, close. */
  private upgrade(req: IncomingMessage, socket: Socket): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        '',
        '',
      ].join('\r\n'),
    );
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => this.sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on('data', (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      for (let frame = readFrame(pending); frame !== null; frame = readFrame(pending)) {
        pending = pending.subarray(frame.length);
        if (frame.opcode === 0x1) this.socketFrames.push(JSON.parse(frame.payload.toString('utf8')));
        else if (frame.opcode === 0x9) socket.write(wsFrame(frame.payload, 0xa));
        else if (frame.opcode === 0x8) socket.end(wsFrame(Buffer.alloc(0), 0x8));
      }
    });
    socket.write(
      wsFrame(
        JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0KTRIAGE' } }),
      ),
    );
  }
}

function decode(text: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json'))
    return JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(text))
    out[name] = JSON_FIELDS.has(name) ? JSON.parse(value) : value;
  return out;
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(body));
}

/** A server-to-client frame: FIN, unmasked. */
function wsFrame(payload: string | Buffer, opcode = 0x1): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head =
    data.length < 126
      ? Buffer.from([0x80 | opcode, data.length])
      : data.length < 65536
        ? Buffer.from([0x80 | opcode, 126, data.length >> 8, data.length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(data.length)]);
  return Buffer.concat([head, data]);
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

/** One client frame (always masked), or null when `buf` does not hold a whole one yet. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  const opcode = (buf[0] ?? 0) & 0x0f;
  let length = (buf[1] ?? 0) & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = ((buf[1] ?? 0) & 0x80) !== 0;
  const maskEnd = offset + (masked ? 4 : 0);
  if (buf.length < maskEnd + length) return null;
  const payload = Buffer.from(buf.subarray(maskEnd, maskEnd + length));
  if (masked)
    for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (buf[offset + (i % 4)] ?? 0);
  return { opcode, payload, length: maskEnd + length };
}

/** A clock tests can move; every part of the service reads it. */
export class Clock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface SlackStack {
  service: Service;
  fake: FakeSlack;
  clock: Clock;
  out: LogSink;
  /** POSTs a signed Events API body (JSON) to /slack/events. */
  postEvent(body: unknown, options?: PostOptions): Promise<Response>;
  /** POSTs signed form fields (a slash command, or `payload=` for block actions). */
  postForm(fields: Record<string, string>, options?: PostOptions): Promise<Response>;
  stop(): Promise<void>;
}

export interface PostOptions {
  retryNum?: number;
  /** Signs with this secret instead of the app's. */
  secret?: string;
  /** Overrides X-Slack-Request-Timestamp (seconds). */
  timestamp?: number;
}

/** Signs a body as Slack does: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface StackOptions {
  mode?: 'http' | 'socket';
  /** Extra environment, e.g. OUTBOX_POLL_MS. */
  env?: Record<string, string>;
  /**
   * The triage core, for a file that starts a stack per test: loading the knowledge base is most of
   * a start. By default it is loaded from the settings, as `ktriage serve` does.
   */
  core?: Core;
}

export async function startSlackStack(options: StackOptions = {}): Promise<SlackStack> {
  const fake = await FakeSlack.start();
  const dir = mkdtempSync(join(tmpdir(), 'ktriage-slack-'));
  const clock = new Clock();
  const out = new LogSink();
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    KTRIAGE_DB: join(dir, 'ktriage.db'),
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
    OUTBOX_POLL_MS: '10',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    ...(options.mode === 'socket'
      ? { SLACK_APP_TOKEN: APP_TOKEN }
      : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    ...options.env,
  };
  const core = options.core;
  let service: Service | null;
  try {
    service = await startService(
      {
        env,
        cwd: dir,
        stdout: out,
        loadCore: core === undefined ? loadCore : () => core,
        adapters: { slack: createSlackAdapter },
        // Used only when the test's env names a model (LLM_BASE_URL, LLM_MODEL), as `ktriage serve` does.
        loadExplainer: createNoteExplainer,
        now: clock.now,
      },
      new AbortController().signal,
    );
  } catch (err) {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  if (service === null) throw new Error('the service did not start');
  const started = service;

  const post = (body: string, contentType: string, o: PostOptions = {}): Promise<Response> =>
    postSlackEvent(started.url, body, contentType, {
      ...o,
      timestamp: o.timestamp ?? Math.floor(clock.now().getTime() / 1000),
    });
  return {
    service: started,
    fake,
    clock,
    out,
    postEvent: (body, o) => post(JSON.stringify(body), 'application/json', o),
    postForm: (fields, o) =>
      post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', o),
    async stop() {
      await started.shutdown('test over');
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Posts a body to `<url>/slack/events` signed as Slack signs it, now unless `o.timestamp` says otherwise. */
export function postSlackEvent(
  url: string,
  body: string,
  contentType: string,
  o: PostOptions = {},
): Promise<Response> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(o.secret ?? SIGNING_SECRET, timestamp, body),
      ...(o.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    },
    body,
  });
}

/** A member's message holding `text` in the test channel, as an Events API body. */
export function pasteMessageEvent(text: string, ts: string, eventId?: string): string {
  const event = {
    type: 'message',
    channel: CHANNEL,
    user: HUMAN,
    text: slackEscape(text),
    ts,
    event_ts: ts,
    channel_type: 'channel',
  };
  return JSON.stringify(eventId === undefined ? envelope(event) : envelope(event, eventId));
}

let eventSeq = 0;

/** An Events API envelope as Slack posts it. */
export function envelope(
  event: Record<string, unknown>,
  eventId = `Ev0${(++eventSeq).toString().padStart(8, '0')}`,
): Record<string, unknown> {
  return {
    token: 'XXYYZZ',
    team_id: TEAM,
    api_app_id: 'A0KTRIAGE',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context:
      '4-eyJldCI6Im1lc3NhZ2UiLCJ0aWQiOiJUMDI0QkU3TEQiLCJhaWQiOiJBMEtUUklBR0UiLCJjaWQiOiJDMDI0QkU5MUwifQ',
  };
}

/** Message text as Slack sends it: `&`, `<` and `>` entity-encoded. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

let tsSeq = 0;

/** A fresh message ts, increasing like Slack's. */
export function nextTs(): string {
  tsSeq += 1;
  return `1741082${String(400 + tsSeq).padStart(3, '0')}.${String(100 + tsSeq).padStart(6, '0')}`;
}
