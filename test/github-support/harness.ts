import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Core } from '../../src/usecase/core.js';
import { createCore } from '../../src/usecase/core.js';
import type { FakeGitHub } from './fake-github.js';

/** The real core, as `ktriage serve` builds it: built-in knowledge, parse → match → note → Markdown. */
export function realCore(): Core {
  return createCore([]);
}

/** Seed pastes: real kernel output from test/fixtures/seeds. */
export function seed(name: string): string {
  return readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url), 'utf8');
}

/** An issue report as people write them: some words, then the log in a fence. */
export function reportBody(
  log: string,
  words = 'Seen on our board after the driver update; dmesg below.',
): string {
  return `${words}\n\n\`\`\`\n${log.trimEnd()}\n\`\`\`\n`;
}

const Example = z.looseObject({
  action: z.string().optional(),
  issue: z.looseObject({}).optional(),
  comment: z.looseObject({}).optional(),
  sender: z.looseObject({}),
  repository: z.looseObject({ owner: z.looseObject({}) }),
});
const Examples = z.array(z.object({ name: z.string(), examples: z.array(z.unknown()) }));

/** GitHub's published example payloads (@octokit/webhooks-examples, api.github.com) of the two events ktriage reads. */
const EXAMPLES = Examples.parse(createRequire(import.meta.url)('@octokit/webhooks-examples'))
  .filter((e) => e.name === 'issues' || e.name === 'issue_comment')
  .map((e) => ({ name: e.name, examples: z.array(Example).parse(e.examples) }));

function example(name: string, action: string): z.infer<typeof Example> {
  const found = EXAMPLES.find((e) => e.name === name)?.examples.find((x) => x.action === action);
  if (found === undefined) throw new Error(`no ${name}.${action} example`);
  return structuredClone(found);
}

/**
 * A real example payload of `name.action` moved to the fake's repository and issue, with an
 * installation added (a GitHub App's deliveries always name one; some published examples predate it).
 * For `issue_comment`, `comment` is the fake's comment laid over the example's.
 */
export function payload(
  fake: FakeGitHub,
  name: 'issues' | 'issue_comment',
  action: string,
  target: { repo: string; number: number; installationId: number; comment?: object; sender?: object },
): Record<string, unknown> {
  const base = example(name, action);
  const [owner = '', repo = ''] = target.repo.split('/');
  return {
    ...base,
    repository: {
      ...base.repository,
      name: repo,
      full_name: target.repo,
      owner: { ...base.repository.owner, login: owner },
    },
    issue: { ...base.issue, ...fake.issue(target.repo, target.number) },
    ...(target.comment === undefined ? {} : { comment: { ...base.comment, ...target.comment } }),
    ...(target.sender === undefined ? {} : { sender: { ...base.sender, ...target.sender } }),
    installation: { id: target.installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' },
  };
}

export const WEBHOOK_SECRET = "It's a Secret to Everybody";

/** `X-Hub-Signature-256` as GitHub computes it. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a delivery as GitHub does: JSON body, event name, delivery GUID, signature. */
export async function postDelivery(
  url: string,
  event: string,
  body: unknown,
  options: { delivery?: string; secret?: string; signature?: string } = {},
): Promise<{ status: number; body: unknown; delivery: string }> {
  const text = JSON.stringify(body);
  const delivery = options.delivery ?? randomUUID();
  const res = await fetch(`${url}/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/044aadd',
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-github-hook-id': '292430182',
      'x-hub-signature-256': options.signature ?? sign(options.secret ?? WEBHOOK_SECRET, text),
    },
    body: text,
  });
  return { status: res.status, body: await res.json(), delivery };
}

/** An App key pair, as GitHub hands out the private half (PEM). */
export function appKeys() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
}

export async function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
