/**
 * The architecture of reports whose own lines name none. A paste comes from one machine as a rule: a
 * panic line after an oops, a second report cut short, a trace without register dump all ran where the
 * paste's other reports ran. When no report of the paste names one, the paste's other lines may (the
 * register dump above an excerpt, `Modules linked in:`, the kernel release of a boot line).
 */
import { ArchTally } from './facts/arch.js';
import { readModules } from './facts/modules.js';
import type { PasteLine } from './paste.js';
import type { Arch, Report } from './report.js';

const MODULES = 'Modules linked in:';

export function shareArch(reports: readonly Report[], lines: readonly PasteLine[]): Report[] {
  if (reports.every((r) => r.arch !== 'unknown')) return [...reports];
  const arch = reportsArch(reports) ?? pasteArch(lines);
  if (arch === 'unknown') return [...reports];
  return reports.map((r) => (r.arch === 'unknown' ? { ...r, arch } : r));
}

/** The one architecture the paste's reports name, or null when they name none or disagree. */
function reportsArch(reports: readonly Report[]): Arch | null {
  const named = new Set(reports.map((r) => r.arch).filter((a) => a !== 'unknown'));
  if (named.size !== 1) return null;
  return [...named][0] ?? null;
}

/** The evidence of every line of the paste, foreign lines (other programs' syslog lines) excepted. */
function pasteArch(lines: readonly PasteLine[]): Arch {
  const tally = new ArchTally();
  for (const line of lines) {
    if (line.ctx === 'foreign') continue;
    const text = line.text.trimStart();
    if (text === '') continue;
    tally.line(text);
    tally.release(text);
    if (text.startsWith(MODULES)) tally.modules(readModules(text.slice(MODULES.length)).map((m) => m.name));
  }
  return tally.result();
}
