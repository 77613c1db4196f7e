/**
 * The source file a report names in its header, for `get_maintainer.pl -f`: `kernel BUG at FILE:LINE!`
 * (include/asm-generic/bug.h, lib/bug.c `report_bug`), `WARNING: CPU: N PID: P at FILE:LINE f+0x1/0x2`
 * (kernel/panic.c `__warn`), `BUG: sleeping function called from invalid context at FILE:LINE`
 * (kernel/sched/core.c `__might_resched`) and `UBSAN: kind in FILE:LINE:COL` (lib/ubsan.c).
 */

/** `path/to/file.c:123` at the start of `text`: a path of safe characters, a colon and digits. */
const FILE_LINE = /^([A-Za-z0-9_./+-]{1,200}\.[A-Za-z]{1,4}):(\d{1,7})/;

export interface NamedFile {
  file: string;
  line: number | null;
}

export function readFileLine(text: string): NamedFile | null {
  const m = FILE_LINE.exec(text);
  if (!m) return null;
  return { file: m[1] ?? '', line: Number(m[2]) };
}

/** The `FILE:LINE` after the last ` at ` (WARNING, sleeping function) or ` in ` (UBSAN) of a header. */
export function fileAfter(text: string, marker: ' at ' | ' in '): NamedFile | null {
  const at = text.indexOf(marker);
  return at < 0 ? null : readFileLine(text.slice(at + marker.length));
}
