import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { testDir } from './support/temp-dir.js';

async function run(argv: string[], { env = {}, cwd = process.cwd() } = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    log: process.stdout,
    cwd,
    env,
  });
  return { code, out, err };
}

describe('the command line a new user meets', () => {
  it('prints the version from package.json', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v']) {
      expect(await run([flag])).toEqual({ code: 0, out: `ktriage ${version}\n`, err: '' });
    }
  });

  it('prints help and exits 2 when no command is given', async () => {
    const { code, out, err } = await run([]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('usage: ktriage <command>');
  });

  it("prints a command's own help for `<command> --help` and `help <command>`", async () => {
    const triage = await run(['triage', '--help']);
    expect(triage.code).toBe(0);
    expect(triage.out).toMatch(/^usage: ktriage triage \[FILE\|-\]/);
    expect(triage.out).toContain('--format');
    expect((await run(['help', 'kb'])).out).toMatch(/^usage: ktriage kb </);
    expect((await run(['kb', '-h'])).out).toContain('lint');
    expect((await run(['github-app', '--help'])).out).toContain('--webhook-url');
  });

  it('names the nearest valid flag or command in one line', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['triage', '--fromat', 'json'],
        "ktriage: unknown option '--fromat' for ktriage triage (did you mean '--format'?)\n",
      ],
      [['--verison'], "ktriage: unknown option '--verison' for ktriage (did you mean '--version'?)\n"],
      [['kb', '--format', 'json', 'list'], "ktriage: unknown option '--format' for ktriage kb\n"],
      [['traige', 'x.txt'], "ktriage: unknown command 'traige' (did you mean 'triage'?)\n"],
    ];
    for (const [argv, message] of cases) {
      expect(await run(argv)).toEqual({ code: 2, out: '', err: message });
    }
  });

  it('lists every knowledge entry with `kb list`', async () => {
    const { code, out } = await run(['kb', 'list']);
    expect(code).toBe(0);
    const ids = out
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    expect(ids).toContain('get-cpu-var-leak');
    expect(ids).toContain('spinlock-gfp-kernel');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * A stand-in for github.com and its REST API in the layout of GitHub Enterprise Server (web pages at
 * the root, the API under /api/v3), as GitHub answers the two steps of the manifest flow.
 */
async function fakeGitHub() {
  const seen: { manifest: Record<string, unknown> | null; conversions: string[] } = {
    manifest: null,
    conversions: [],
  };
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text;
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/organizations/acme/settings/apps/new') {
        const form = new URLSearchParams(await body(req));
        seen.manifest = JSON.parse(form.get('manifest') ?? 'null') as Record<string, unknown>;
        const redirect = new URL(String(seen.manifest.redirect_url));
        redirect.searchParams.set('code', 'a180b1a3d263c81bc6441d7b990bae27d4c10679');
        redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
        res.writeHead(302, { location: redirect.href }).end();
        return;
      }
      const conversion = /^\/api\/v3\/app-manifests\/([\w-]+)\/conversions$/.exec(url.pathname);
      if (req.method === 'POST' && conversion !== null) {
        seen.conversions.push(conversion[1] ?? '');
        res.writeHead(201, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 1424242,
            slug: 'ktriage-acme',
            node_id: 'MDM6QXBwNTk=',
            owner: { login: 'acme', id: 1, type: 'Organization' },
            name: 'ktriage',
            html_url: 'https://github.com/apps/ktriage-acme',
            pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAuEPzOUE+kiEH1WLiMeBytTEF\n-----END RSA PRIVATE KEY-----\n',
            webhook_secret: 'e340154128314309424b7c8e90325147d99fdafa',
            client_id: 'Iv1.8a61f9b3a7aba766',
            client_secret: '1726be1638095a19edd134c77bde3aa2ece1e5d8',
          }),
        );
        return;
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('ktriage github-app create', () => {
  it("runs GitHub's manifest flow, refuses a forged callback and writes the App's settings to .env", async () => {
    const github = await fakeGitHub();
    const cwd = testDir('ktriage-app-');
    writeFileSync(join(cwd, '.env'), 'LOG_LEVEL=debug\nGITHUB_APP_ID=1\n');
    const port = await freePort();
    const flow = run(
      [
        'github-app',
        'create',
        '--org',
        'acme',
        '--port',
        String(port),
        '--webhook-url',
        'https://smee.io/abc',
      ],
      { cwd, env: { GITHUB_API_URL: `${github.url}/api/v3` } },
    );
    // The page the person opens: a form that posts the manifest to GitHub's "new App" page.
    let start: Response | null = null;
    for (let i = 0; i < 50 && start === null; i++) {
      start = await fetch(`http://127.0.0.1:${port}/`).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return null;
      });
    }
    const html = await start!.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const manifest = (/name="manifest" value="([^"]+)"/.exec(html)?.[1] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    expect(action).toMatch(
      new RegExp(`^${github.url}/organizations/acme/settings/apps/new\\?state=[0-9a-f]{32}$`),
    );
    // A callback that does not carry this run's state is refused and converts nothing.
    const forged = await fetch(`http://127.0.0.1:${port}/callback?code=abc&state=forged`);
    expect(forged.status).toBe(400);
    expect(github.seen.conversions).toEqual([]);
    // The browser's part: post the form, follow GitHub's redirect back.
    const posted = await fetch(action, {
      method: 'POST',
      body: new URLSearchParams({ manifest }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(302);
    const back = await fetch(posted.headers.get('location') ?? '');
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('ktriage-acme');

    const { code, out } = await flow;
    github.close();
    expect(code).toBe(0);
    expect(out).toContain('https://github.com/apps/ktriage-acme/installations/new');
    expect(github.seen.manifest).toMatchObject({
      name: 'ktriage',
      redirect_url: `http://localhost:${port}/callback`,
      hook_attributes: { url: 'https://smee.io/abc/github/webhooks', active: true },
      default_permissions: { issues: 'write', metadata: 'read' },
      default_events: ['issues', 'issue_comment'],
    });
    expect(github.seen.conversions).toEqual(['a180b1a3d263c81bc6441d7b990bae27d4c10679']);
    const env = readFileSync(join(cwd, '.env'), 'utf8');
    expect(env).toContain('LOG_LEVEL=debug\n');
    expect(env).toContain('GITHUB_APP_ID="1424242"\n');
    expect(env).not.toContain('GITHUB_APP_ID=1\n');
    expect(env).toContain('GITHUB_PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\\nMIIE');
    expect(env).toContain('GITHUB_WEBHOOK_SECRET="e340154128314309424b7c8e90325147d99fdafa"\n');
    expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600);
  });
});
