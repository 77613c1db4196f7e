import { open } from 'node:fs/promises';
import { MAX_PASTE_CHARS } from '../parse/limits.js';
import { UsageError } from './errors.js';

/**
 * Bytes read from a file or standard input. One byte more than the parser reads is enough for it to
 * see that the paste was longer and say so; reading a 2 GB log whole would only waste memory.
 */
const MAX_READ_BYTES = MAX_PASTE_CHARS * 4 + 1;

/** Reads `path` (or standard input for `-`) as UTF-8, invalid sequences becoming U+FFFD. */
export async function readInput(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  const bytes = path === '-' ? await readStream(stdin) : await readFile(path);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

async function readFile(path: string): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(err)}`);
  }
  try {
    const buffer = Buffer.alloc(Math.min(MAX_READ_BYTES, (await handle.stat()).size + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(err)}`);
  } finally {
    await handle.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    chunks.push(buf);
    total += buf.length;
    if (total >= MAX_READ_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_READ_BYTES);
}

function describeFsError(err: unknown): string {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
      return 'permission denied';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
