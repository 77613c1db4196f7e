import { RequestError } from 'octokit';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/github/events.js';
import { desiredLabels, LabelSettings, planLabels } from '../src/github/labels.js';
import { deliveryFailure } from '../src/github/request-failure.js';
import type { Duplicate } from '../src/github/outbox-items.js';
import { NOTE_MARKER, noteBody } from '../src/github/sticky-comment.js';
import { signatureVerifier } from '../src/github/webhook.js';
import { GITHUB_MAX_COMMENT } from '../src/render/limits.js';
import { renderMarkdown } from '../src/render/markdown.js';
import type { NoteSet } from '../src/triage/note-set.js';
import { sign } from './github-support/harness.js';
import { INVALID_WAIT, seedPaste } from './seed-notes.js';

describe('X-Hub-Signature-256', () => {
  const body = Buffer.from('{"action":"opened","issue":{"number":1,"body":"BUG: scheduling while atomic"}}');

  it('accepts the HMAC of the exact bytes and nothing else', async () => {
    const verifySignature = signatureVerifier('s3cret');
    expect(await verifySignature(body, sign('s3cret', body.toString()))).toBe(true);
    expect(await verifySignature(body, sign('other', body.toString()))).toBe(false);
    // The same JSON re-serialised with other spacing is other bytes.
    const reformatted = JSON.stringify(JSON.parse(body.toString()), null, 2);
    expect(await verifySignature(Buffer.from(reformatted), sign('s3cret', body.toString()))).toBe(false);
    expect(await verifySignature(body, undefined)).toBe(false);
    expect(await verifySignature(body, 'sha256=zz')).toBe(false);
    expect(await verifySignature(Buffer.alloc(0), sign('s3cret', ''))).toBe(false);
  });
});

describe('labels', () => {
  const settings = LabelSettings.parse({});

  it('adds the kind and pattern labels, removes only its own stale ones, whatever the case', () => {
    const desired = desiredLabels(settings, {
      kind: 'sleep-in-atomic',
      pattern: 'spinlock-gfp-kernel',
      duplicate: false,
    });
    const plan = planLabels(settings, desired, [
      'bug',
      'Kernel: Sleep-In-Atomic',
      'triage: get-cpu-var-leak',
      'possible duplicate',
      'needs-bisect',
    ]);
    expect(plan).toEqual({
      ensure: [
        {
          name: 'triage: spinlock-gfp-kernel',
          color: '5319e7',
          description: 'Likely root-cause pattern (set by ktriage)',
        },
      ],
      add: ['triage: spinlock-gfp-kernel'],
      remove: ['triage: get-cpu-var-leak', 'possible duplicate'],
    });
  });

  it('takes configured prefixes and colours, and refuses a blank prefix', () => {
    const custom = LabelSettings.parse({ kindPrefix: 'oops/', colors: { kind: '0e8a16' } });
    expect(desiredLabels(custom, { kind: 'kasan', pattern: null, duplicate: true })).toEqual([
      { name: 'oops/kasan', color: '0e8a16', description: 'Kernel report kind (set by ktriage)' },
      {
        name: 'possible duplicate',
        color: 'cfd3d7',
        description: 'An earlier issue has the same kernel report (ktriage)',
      },
    ]);
    expect(LabelSettings.safeParse({ patternPrefix: ' ' }).success).toBe(false);
    expect(LabelSettings.safeParse({ colors: { kind: '#b60205' } }).success).toBe(false);
  });
});

describe('commands', () => {
  it('reads /ktriage and /ktriage kb <words> on the first line only', () => {
    expect(parseCommand('/ktriage')).toEqual({ name: 'triage' });
    expect(parseCommand('  /ktriage kb  GFP_KERNEL under spin_lock \nthanks')).toEqual({
      name: 'kb',
      words: 'GFP_KERNEL under spin_lock',
    });
    expect(parseCommand('/ktriage kb')).toEqual({ name: 'help', asked: 'kb' });
    expect(parseCommand('/ktriage please')).toEqual({ name: 'help', asked: 'please' });
    expect(parseCommand('I ran it again\n/ktriage')).toBeNull();
    expect(parseCommand('/ktriagefoo')).toBeNull();
  });
});

/**
 * The invalid-wait-context seed with its guilty frame recurring, as a runaway recursion prints it, as
 * often as lets the note alone render to at most `chars`: each frame adds one line of the same length.
 */
function pasteRenderingTo(chars: number): NoteSet {
  const paste = seedPaste(INVALID_WAIT);
  const [lead] = paste.notes;
  const [frame] = lead?.suspect.frames ?? [];
  if (lead === undefined || frame === undefined) throw new Error('the seed has no stack');
  const withFrames = (n: number): NoteSet => ({
    ...paste,
    notes: [{ ...lead, suspect: { ...lead.suspect, frames: Array.from({ length: n }, () => frame) } }],
  });
  const one = renderMarkdown(withFrames(1)).length;
  const perFrame = renderMarkdown(withFrames(2)).length - one;
  return withFrames(1 + Math.floor((chars - one) / perFrame));
}

describe('the note body', () => {
  const duplicate: Duplicate = { number: 3, url: 'https://github.com/o/r/issues/3', same: 'title' };

  it("fits the note into what the marker and the duplicate line leave of GitHub's 65,536 characters, by showing less", () => {
    const paste = pasteRenderingTo(GITHUB_MAX_COMMENT);
    // Alone the note just fits, with every frame shown: the marker and the duplicate line would push it over.
    expect(renderMarkdown(paste).length).toBeGreaterThan(GITHUB_MAX_COMMENT - 100);
    expect(renderMarkdown(paste)).not.toContain('… and');

    const body = noteBody(paste, [duplicate]);
    expect(body.length).toBeLessThanOrEqual(GITHUB_MAX_COMMENT);
    expect(
      body.startsWith(
        `${NOTE_MARKER}\n> **Possible duplicate of [#3](https://github.com/o/r/issues/3)**: an earlier issue of this repository has the same report title.\n\n### `,
      ),
    ).toBe(true);
    expect(body).toMatch(/\n… and \d+ more\n```\n\n<\/details>/);
    expect(body).not.toContain('cut to fit');
    // It ends as every note does: the signature line, whole.
    expect(body).toMatch(/\n<sub>signature `[^`\n]+` · L\d+-L\d+<\/sub>\n$/);
  });

  it('leaves a note that fits alongside the marker untouched', () => {
    const paste = seedPaste(INVALID_WAIT);
    expect(
      noteBody(paste, [duplicate]).endsWith(
        `issue of this repository has the same report title.\n\n${renderMarkdown(paste)}`,
      ),
    ).toBe(true);
    expect(noteBody(paste, [])).toBe(`${NOTE_MARKER}\n\n${renderMarkdown(paste)}`);
  });
});

describe('delivery failures', () => {
  const failure = (status: number, headers: Record<string, string> = {}, message = 'Failure') =>
    deliveryFailure(
      new RequestError(message, status, {
        request: { method: 'POST', url: 'https://api.github.com/repos/o/r/issues/1/comments', headers: {} },
        response: { status, url: 'https://api.github.com/repos/o/r/issues/1/comments', headers, data: {} },
      }),
    );

  it("retries rate limits after GitHub's wait, 5xx soon, and gives up on what would fail again", () => {
    expect(failure(429, { 'retry-after': '30' })).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    const reset = Math.floor(Date.now() / 1000) + 600;
    const primary = failure(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    expect(primary.retryable).toBe(true);
    expect(primary.retryAfterMs).toBeGreaterThan(595_000);
    expect(failure(403, {}, 'You have exceeded a secondary rate limit')).toMatchObject({
      retryable: true,
      retryAfterMs: 60_000,
    });
    expect(failure(502)).toMatchObject({ retryable: true });
    expect(failure(403, {}, 'Resource not accessible by integration')).toMatchObject({ retryable: false });
    for (const status of [404, 410, 422]) expect(failure(status)).toMatchObject({ retryable: false });
    expect(failure(422).error).toBe('GitHub POST /repos/o/r/issues/1/comments: 422 Failure');
  });
});
