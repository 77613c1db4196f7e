import type { OutboxDone, Store } from '../store/store.js';

interface Waiting {
  done: OutboxDone;
  resolve: (completed: boolean) => void;
  reject: (err: unknown) => void;
}

/**
 * Records delivered outbox items in groups (a group commit): the completions of one turn of the event
 * loop, and those that arrive while a group is being written, share one transaction. On SQLite a
 * commit waits for the disk (an fsync of the WAL, about 3 ms here), so one commit per delivery
 * capped a drain at a few hundred replies per second whatever else was made faster.
 */
export class CompletionBatch {
  private waiting: Waiting[] = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly store: Pick<Store, 'completeOutbox'>) {}

  /** Resolves with the store's answer for this item once its group is written. */
  record(done: OutboxDone): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ done, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.write();
    });
  }

  private async write(): Promise<void> {
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    this.writing = true;
    try {
      const completed = await this.store.completeOutbox(group.map((w) => w.done));
      group.forEach((w, i) => w.resolve(completed[i] === true));
    } catch (err) {
      for (const w of group) w.reject(err);
    } finally {
      this.writing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }
}
