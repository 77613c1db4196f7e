/**
 * The parts of a lockdep splat that tell its story (kernel/locking/lockdep.c, v6.12):
 * - `print_circular_bug_header`/`print_deadlock_bug`: `but task is already holding lock:` and the lock;
 * - `print_circular_bug_entry`: `-> #N (class){usage}-{o:i}:`, one per link of the dependency chain;
 * - `print_circular_lock_scenario`/`print_irq_lock_scenario`: `Chain exists of:` `A --> B --> C`;
 * - the `Possible [interrupt ]unsafe locking scenario:` table, CPU0 on the left and CPU1 at column 31,
 *   up to ` *** DEADLOCK ***`;
 * - `print_usage_bug`: `inconsistent {IN-HARDIRQ-W} -> {HARDIRQ-ON-W} usage.` and the task's irq tag
 *   `[HC%u[%lu]:SC%u[%lu]:HE%u:SE%u]`;
 * - `print_bad_irq_dependency`: `and this task is already holding:`, the irq-safe and irq-unsafe classes.
 */
import type { LockdepFacts, LockdepTag, LockRecord, ScenarioStep } from '../report.js';
import { readLockRecord } from './locks.js';
import { LOCKDEP_STACK_HEADERS } from './stacks.js';
import { PrefixTable, rowsOf } from './prefix-table.js';
import { endsWithChar } from './text.js';

type Expect = 'holding' | 'chain-exists' | 'irq-safe' | 'irq-unsafe' | null;

type LineReader = (reader: LockdepReader, rest: string, line: number) => void;

const TAG = /\[HC(\d)\[(\d{1,3})\]:SC(\d)\[(\d{1,3})\]:HE(\d):SE(\d)\]/;
const CHAIN_ENTRY = /^(\d{1,3}) /;
const USAGE = /^\{([A-Z -]{1,24})\} -> \{([A-Z -]{1,24})\} usage\./;
const SCENARIO_END = '*** DEADLOCK ***';
const HEADER_INITIALS = '-{IHS.';
/** `print_circular_lock_scenario` puts CPU1's rows at column 31 and CPU0's at 2 or 4. */
const CPU1_COLUMN = 16;

const LINES = new PrefixTable<LineReader>([
  ...rowsOf<LineReader>(
    (r) => {
      r.expect = 'holding';
    },
    'but task is already holding lock:',
    'and this task is already holding:',
  ),
  { prefix: '-> #', value: (r, rest, line) => r.chainEntry(rest, line) },
  {
    prefix: 'Chain exists of:',
    value: (r) => {
      r.expect = 'chain-exists';
    },
  },
  ...rowsOf<LineReader>(
    (r) => {
      r.inScenario = true;
    },
    'Possible unsafe locking scenario:',
    'Possible interrupt unsafe locking scenario:',
  ),
  {
    prefix: 'inconsistent {',
    value: (r, rest, line) => {
      const m = USAGE.exec(`{${rest}`);
      if (m) r.usage ??= { from: m[1] ?? '', to: m[2] ?? '', line };
    },
  },
  {
    prefix: 'but this new dependency connects a ',
    value: (r) => {
      r.expect = 'irq-safe';
    },
  },
  {
    prefix: 'to a ',
    value: (r, rest) => {
      if (rest.endsWith('-irq-unsafe lock:')) r.expect = 'irq-unsafe';
    },
  },
]);

/** The line starts `LockdepReader.line` looks up; a line with none of them skips the look-ups. */
export const LOCKDEP_LINE_STARTS: readonly string[] = [...LINES.prefixes, ...LOCKDEP_STACK_HEADERS];

export class LockdepReader {
  expect: Expect = null;
  inScenario = false;
  usage: LockdepFacts['usage'] = null;
  private tag: LockdepTag | null = null;
  private holding: LockRecord | null = null;
  private readonly chain: LockdepFacts['chain'] = [];
  private readonly stacks: LockdepFacts['stacks'] = [];
  private chainExists: string[] | null = null;
  private readonly scenario: ScenarioStep[] = [];
  private cpu1Column = CPU1_COLUMN;
  private irqSafe: LockdepFacts['irqSafe'] = null;
  private irqUnsafe: LockdepFacts['irqUnsafe'] = null;
  private seen = false;

  /**
   * `text` is the line without leading spaces; `raw` keeps them, for the scenario's columns. `keyed`:
   * whether `text` starts with one of `LOCKDEP_LINE_STARTS`.
   */
  line(text: string, raw: string, line: number, keyed: boolean): void {
    if (this.expect !== null) {
      const expect = this.expect;
      this.expect = null;
      if (this.readExpected(expect, text, line)) return;
    }
    if (this.inScenario) {
      this.scenarioLine(text, raw, line);
      return;
    }
    if (!keyed) {
      this.readTagLine(text, line);
      return;
    }
    if (HEADER_INITIALS.includes(text.charAt(0)) && LOCKDEP_STACK_HEADERS.some((h) => text.startsWith(h)))
      this.stacks.push({ title: text, line });
    const hit = LINES.match(text);
    if (hit) {
      this.seen = true;
      hit.value(this, hit.rest, line);
      return;
    }
    this.readTagLine(text, line);
  }

  /** The task's irq tag, on a line that ends the header of an inconsistent-state or irq-inversion splat. */
  private readTagLine(text: string, line: number): void {
    if (this.tag === null && endsWithChar(text, ':') && text.includes(' [HC')) this.readTag(text, line);
  }

  chainEntry(rest: string, line: number): void {
    const m = CHAIN_ENTRY.exec(rest);
    if (!m) return;
    const lock = readLockRecord(rest.slice(m[0].length), null, line);
    if (lock) this.chain.push({ depth: Number(m[1]), lock });
  }

  result(): LockdepFacts | null {
    if (!this.seen && this.tag === null) return null;
    return {
      tag: this.tag,
      usage: this.usage,
      holding: this.holding,
      chain: this.chain,
      chainExists: this.chainExists,
      scenario: this.scenario,
      stacks: this.stacks,
      irqSafe: this.irqSafe,
      irqUnsafe: this.irqUnsafe,
    };
  }

  private readExpected(expect: NonNullable<Expect>, text: string, line: number): boolean {
    if (expect === 'holding') {
      const lock = readLockRecord(text, null, line);
      if (lock) this.holding ??= lock;
      return lock !== null;
    }
    if (expect === 'chain-exists') {
      const names = text.split(' --> ').map((n) => n.trim());
      if (names.length < 2) return false;
      this.chainExists ??= names;
      return true;
    }
    const lock = readLockRecord(text, null, line);
    if (lock === null) return false;
    if (expect === 'irq-safe') this.irqSafe ??= { name: lock.name, line };
    else this.irqUnsafe ??= { name: lock.name, line };
    return true;
  }

  private readTag(text: string, line: number): void {
    const m = TAG.exec(text);
    if (!m) return;
    this.seen = true;
    this.tag = {
      hardirqContext: Number(m[1]),
      hardirqCount: Number(m[2]),
      softirqContext: Number(m[3]),
      softirqCount: Number(m[4]),
      hardirqsEnabled: Number(m[5]),
      softirqsEnabled: Number(m[6]),
      line,
    };
  }

  private scenarioLine(text: string, raw: string, line: number): void {
    if (text.startsWith(SCENARIO_END)) {
      this.inScenario = false;
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    if (text.startsWith('CPU0')) {
      const cpu1 = raw.indexOf('CPU1');
      // Halfway between the two headers: pastes that lost the kernel's exact spacing keep the order.
      if (cpu1 > indent) this.cpu1Column = Math.floor((indent + cpu1) / 2);
      return;
    }
    const cpu = indent >= this.cpu1Column ? 1 : 0;
    if (text === '<Interrupt>') {
      this.scenario.push({ cpu, action: 'interrupt', lock: null, line });
      return;
    }
    if (text === 'local_irq_disable();') {
      this.scenario.push({ cpu, action: 'local_irq_disable', lock: null, line });
      return;
    }
    const open = text.indexOf('(');
    const action = text.slice(0, open);
    if (open < 0 || !text.endsWith(');')) return;
    if (action !== 'lock' && action !== 'rlock' && action !== 'sync') return;
    this.scenario.push({ cpu, action, lock: text.slice(open + 1, -2), line });
  }
}
