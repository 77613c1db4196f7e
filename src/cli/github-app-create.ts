import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { Octokit } from 'octokit';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from './errors.js';
import type { Command } from './args.js';
import type { CliIo } from './io.js';

/*
 * GitHub's manifest flow ("Registering a GitHub App from a manifest", docs.github.com): a page POSTs
 * the manifest to GitHub's "new App" form; after the person confirms, GitHub redirects to the
 * manifest's redirect_url with a one-hour `code` and our `state`; POST /app-manifests/{code}/conversions
 * (no authentication) returns the App's id, private key and webhook secret.
 */

type CreateCommand = Extract<Command, { name: 'github-app-create' }>;

/** The fields of github/app.yml we pass on; GitHub rejects a manifest with unknown keys. */
const Manifest = z.object({
  name: z.string(),
  description: z.string().optional(),
  url: z.string(),
  hook_attributes: z.object({ url: z.string(), active: z.boolean().optional() }).optional(),
  public: z.boolean().optional(),
  default_permissions: z.record(z.string(), z.string()),
  default_events: z.array(z.string()),
});
type Manifest = z.infer<typeof Manifest> & { redirect_url?: string };

/** The part of the conversion's answer we keep (GitHub REST: "Create a GitHub App from a manifest"). */
const Conversion = z.object({
  id: z.number().int(),
  slug: z.string(),
  html_url: z.string(),
  pem: z.string(),
  webhook_secret: z.string().nullable(),
});

/** Runs the flow until GitHub redirects back and the settings are written; 0 on success. */
export async function createGitHubApp(command: CreateCommand, io: CliIo): Promise<number> {
  const apiUrl = io.env.GITHUB_API_URL ?? 'https://api.github.com';
  const webUrl = webUrlOf(apiUrl);
  const manifest = manifestFor(command);
  const state = randomBytes(16).toString('hex');
  const envFile = resolve(io.cwd, command.envFile);
  const octokit = new Octokit({ baseUrl: apiUrl.replace(/\/+$/, '') });
  const newAppUrl =
    command.owner === null
      ? `${webUrl}/settings/apps/new?state=${state}`
      : `${webUrl}/organizations/${command.owner}/settings/apps/new?state=${state}`;

  return new Promise<number>((done, fail) => {
    const server = createServer((req, res) => {
      handle(req, res).catch((err: unknown) => {
        page(res, 502, 'Could not create the App', err instanceof Error ? err.message : String(err));
      });
    });

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/') {
        startPage(res, newAppUrl, manifest);
        return;
      }
      if (req.method === 'GET' && url.pathname === '/callback') {
        const code = url.searchParams.get('code');
        if (url.searchParams.get('state') !== state || code === null || !/^[\w-]{1,100}$/.test(code)) {
          page(res, 400, 'Not this flow', 'The state or code does not belong to this ktriage run.');
          return;
        }
        const { data } = await octokit.rest.apps.createFromManifest({ code });
        const app = Conversion.parse(data);
        writeSettings(envFile, {
          GITHUB_APP_ID: String(app.id),
          GITHUB_PRIVATE_KEY: app.pem.trim().replaceAll('\n', '\\n'),
          GITHUB_WEBHOOK_SECRET: app.webhook_secret ?? '',
        });
        const install = `${app.html_url}/installations/new`;
        page(
          res,
          200,
          `GitHub App ${app.slug} created`,
          `Its id, key and webhook secret are in ${envFile}. Install it on your repositories: ${install}`,
        );
        io.stdout.write(
          `Created GitHub App ${app.slug} (id ${app.id}); settings written to ${envFile}.\n` +
            `Install it on the repositories to triage: ${install}\nThen start the service: ktriage serve\n`,
        );
        server.close();
        done(0);
        return;
      }
      page(res, 404, 'Not found', 'Open / to start.');
    }

    server.once('error', (err: NodeJS.ErrnoException) => {
      fail(
        err.code === 'EADDRINUSE'
          ? new UsageError(`port ${command.port} is in use; choose another with --port`)
          : err,
      );
    });
    server.listen(command.port, '127.0.0.1', () => {
      io.stdout.write(
        `Open http://localhost:${command.port}/ in your browser to create the GitHub App "${manifest.name}"` +
          `${command.owner === null ? '' : ` for ${command.owner}`}.\n`,
      );
    });
  });
}

/** github.com for api.github.com; https://HOST for GitHub Enterprise Server's https://HOST/api/v3. */
function webUrlOf(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}

function manifestFor(command: CreateCommand): Manifest {
  const file = new URL('../../github/app.yml', import.meta.url);
  const { hook_attributes: _exampleHook, ...manifest } = Manifest.parse(
    parseYaml(readFileSync(file, 'utf8')),
  );
  return {
    ...manifest,
    // Without a public address GitHub could not deliver; the person sets one on the App's page later.
    ...(command.webhookUrl === null
      ? {}
      : {
          hook_attributes: { url: `${command.webhookUrl.replace(/\/+$/, '')}/github/webhooks`, active: true },
        }),
    redirect_url: `http://localhost:${command.port}/callback`,
  };
}

function startPage(res: ServerResponse, action: string, manifest: Manifest): void {
  const json = JSON.stringify(manifest);
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; form-action https: http:; style-src 'unsafe-inline'",
  });
  res.end(`<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Create the ktriage GitHub App</title>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Create the ktriage GitHub App</h1>
<p>GitHub will show the App's name, permissions (issues: read and write) and events (issues, issue
comments) for you to confirm, then send you back here.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="manifest" value="${escapeHtml(json)}">
<button type="submit">Create on GitHub</button>
</form>
</body></html>
`);
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></html>\n`,
  );
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Replaces these variables' lines in the env file (or appends them), keeping every other line. */
function writeSettings(file: string, values: Record<string, string>): void {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const kept = lines.filter((line) => !Object.keys(values).some((name) => line.startsWith(`${name}=`)));
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  const added = Object.entries(values).map(([name, value]) => `${name}="${value}"`);
  writeFileSync(file, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
  // The file holds a private key: readable by its owner only, also when it existed before.
  chmodSync(file, 0o600);
}
