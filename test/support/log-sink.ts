import { Writable } from 'node:stream';
import { z } from 'zod';

const LogRecord = z.looseObject({ level: z.number(), msg: z.string() });
export type LogRecord = z.infer<typeof LogRecord>;

/** Collects what a service writes to stdout; with LOG_FORMAT=json, one log record per line. */
export class LogSink extends Writable {
  text = '';

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  records(): LogRecord[] {
    return this.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => LogRecord.parse(JSON.parse(line)));
  }

  messages(): string[] {
    return this.records().map((r) => r.msg);
  }
}
