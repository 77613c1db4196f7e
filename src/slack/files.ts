import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../log/logger.js';
import { SlackFile } from './payloads.js';

/**
 * Largest file read. A full boot log with a splat is a few hundred KiB; a file past 1 MiB is a core
 * dump, a trace capture or a whole journal, and reading it would hold the reply for little gain. Such
 * a file is not downloaded, and the reply says so.
 */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A download that takes longer than this is given up; the reply says the file could not be read. */
const DOWNLOAD_TIMEOUT_MS = 10_000;

/** The text of a file, or why it could not be read (shown in the reply). */
export type FileRead = { name: string; text: string } | { name: string; problem: string };

const FileInfo = z.looseObject({ file: SlackFile });

/** Text file types as Slack names them (`filetype`), for uploads whose mimetype is missing or generic. */
const TEXT_FILETYPES = new Set(['text', 'txt', 'log', 'plain']);

export interface FileReaderOptions {
  client: WebClient;
  botToken: string;
  /** The Web API base URL: its host is trusted with the token too (a proxy, or the test server). */
  apiUrl: string;
  log: Logger;
}

export class FileReader {
  constructor(private readonly options: FileReaderOptions) {}

  /** The file's text; null when it is not a text file (an image, a PDF), so it is no paste. */
  async read(shared: SlackFile): Promise<FileRead | null> {
    const file = shared.url_private_download || shared.url_private ? shared : await this.info(shared);
    if (file === null)
      return {
        name: shared.name ?? shared.id,
        problem: 'Slack did not say what the file holds (files.info failed)',
      };
    if (!isTextFile(file)) return null;
    const name = file.name ?? file.title ?? file.id;
    if ((file.size ?? 0) > MAX_FILE_BYTES) {
      return {
        name,
        problem: `${name} is ${mib(file.size ?? 0)}, over the ${mib(MAX_FILE_BYTES)} limit for files: not downloaded`,
      };
    }
    const url = file.url_private_download ?? file.url_private;
    if (!url) return { name, problem: `${name}: Slack gave no download link` };
    if (!this.trusted(url)) return { name, problem: `${name}: the download link is not a Slack address` };
    try {
      return { name, text: await this.download(url, name) };
    } catch (err) {
      this.options.log.warn({ err, file: file.id }, 'could not download a Slack file');
      return { name, problem: `${name}: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async info(file: SlackFile): Promise<SlackFile | null> {
    try {
      return FileInfo.parse(await this.options.client.files.info({ file: file.id })).file;
    } catch (err) {
      this.options.log.warn({ err, file: file.id }, 'files.info failed');
      return null;
    }
  }

  /**
   * The bot token goes only to Slack's file hosts (and the configured API host), never to whatever
   * URL a payload names.
   */
  private trusted(url: string): boolean {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.host === new URL(this.options.apiUrl).host) return true;
    const slackHost =
      target.hostname === 'slack.com' ||
      /\.(slack\.com|slack-edge\.com|slack-files\.com)$/.test(target.hostname);
    return target.protocol === 'https:' && slackHost;
  }

  private async download(url: string, name: string): Promise<string> {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${this.options.botToken}` },
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    if (!res.ok) throw new Error(`download failed (HTTP ${res.status})`);
    // Without a valid token (or without files:read) Slack answers 200 with its sign-in page.
    if (type.startsWith('text/html'))
      throw new Error(
        'Slack answered with a sign-in page instead of the file (is the files:read scope granted?)',
      );
    if (type !== '' && !type.startsWith('text/') && !type.startsWith('application/octet-stream')) {
      throw new Error(`not a text file (${type})`);
    }
    if (Number(res.headers.get('content-length') ?? 0) > MAX_FILE_BYTES) {
      await res.body?.cancel();
      throw new Error(`larger than the ${mib(MAX_FILE_BYTES)} limit for files`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body === null) return '';
    const body: AsyncIterable<Uint8Array> = res.body;
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > MAX_FILE_BYTES)
        throw new Error(`${name} is over the ${mib(MAX_FILE_BYTES)} limit for files`);
      chunks.push(chunk);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}

function isTextFile(file: SlackFile): boolean {
  const mime = (file.mimetype ?? '').toLowerCase();
  if (mime.startsWith('text/') && !mime.startsWith('text/html')) return true;
  if (file.mode === 'snippet') return true;
  if (TEXT_FILETYPES.has((file.filetype ?? '').toLowerCase())) return true;
  return /\.(txt|log)$/i.test(file.name ?? '');
}

function mib(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${value >= 10 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)} MiB`;
}
