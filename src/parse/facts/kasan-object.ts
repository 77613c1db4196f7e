/**
 * KASAN's object description and the real address behind a KASAN general protection fault
 * (mm/kasan/report.c, v6.12):
 * - `describe_object_addr`: `The buggy address belongs to the object at %px` / ` which belongs to the
 *   cache %s of size %d`, then `The buggy address is located %d bytes %s of` / ` %s%zu-byte region [%px, %px)`
 *   where `%s` is `inside`, `to the left` or `to the right` and the region state `freed `, `allocated ` or ``;
 * - `kasan_non_canonical_hook`: `KASAN: null-ptr-deref in range [0x%016lx-0x%016lx]` (also
 *   `probably user-memory-access`, `probably wild-memory-access`, `maybe wild-memory-access`).
 */
import type { KasanObject, KasanRange } from '../report.js';
import { decimal } from './text.js';

const CACHE = /^which belongs to the cache (\S{1,128}) of size (\d{1,10})$/;
const LOCATED = /^(\d{1,10}) bytes (inside|to the left|to the right) of$/;
const REGION = /^(freed |allocated |)(\d{1,10})-byte region \[/;
const RANGE = /^(.{1,40}) in range \[(0x[0-9a-f]{1,16})-(0x[0-9a-f]{1,16})\]$/;

type Expect = 'region' | null;

export class KasanReader {
  object: KasanObject | null = null;
  range: KasanRange | null = null;
  private expect: Expect = null;

  /** The text after `which belongs to the cache ` is on its own line under `The buggy address belongs to the object at`. */
  cacheLine(text: string, line: number): void {
    const m = CACHE.exec(text);
    if (!m || this.object !== null) return;
    this.object = {
      cache: m[1] ?? '',
      objectSize: decimal(m[2] ?? '') ?? 0,
      offset: null,
      relation: null,
      regionState: null,
      regionSize: null,
      line,
    };
  }

  /** The text after `The buggy address is located `. */
  located(rest: string): void {
    const m = LOCATED.exec(rest.trim());
    const object = this.object;
    if (!m || object === null || object.offset !== null) return;
    object.offset = decimal(m[1] ?? '');
    const relation = m[2];
    object.relation =
      relation === 'inside' || relation === 'to the left' || relation === 'to the right' ? relation : null;
    this.expect = 'region';
  }

  /** Any line: the region line that follows `located`. */
  next(text: string): boolean {
    if (this.expect !== 'region') return false;
    this.expect = null;
    const m = REGION.exec(text);
    const object = this.object;
    if (!m || object === null) return false;
    object.regionState = (m[1] ?? '').trim();
    object.regionSize = decimal(m[2] ?? '');
    return true;
  }

  /** The text after `KASAN: `. */
  rangeLine(rest: string, line: number): void {
    const m = RANGE.exec(rest.trim());
    if (!m || this.range !== null) return;
    this.range = { type: m[1] ?? '', start: m[2] ?? '', end: m[3] ?? '', line };
  }
}
