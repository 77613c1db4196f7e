import { describe, expect, it } from 'vitest';
import { renderText } from '../src/render/text.js';
import { realPaste } from './seed-notes.js';

/**
 * khungtaskd prints one lock list after every hung task of a scan (kernel/hung_task.c): each hung
 * task of the run is read with it, not only the last one the list sits under.
 */
const SCAN = 'ml-141-scsi-async-scan-hung-tasks-one-lock-list-quoted.txt';

describe('hung tasks of one khungtaskd scan', () => {
  const paste = realPaste(SCAN);
  const lead = paste.notes[0];

  it('reads the lead task with the lock list printed after the last one', () => {
    expect(lead?.headline).toBe('INFO: task kworker/u321:2:1278 blocked for more than 120 seconds.');
    expect(lead?.story?.lines.map((l) => l.text)).toContainEqual(
      expect.stringContaining(
        '`kworker/u321:2/1278` holds 3 locks while it sleeps: `(wq_completion)events_unbound`, `(work_completion)(&entry->work)`, `&shost->scan_mutex`. If the work or completion it waits for needs that lock',
      ),
    );
  });

  it('says the taint has an unsigned module (E), not out-of-tree code', () => {
    expect(lead?.suspect.outOfTreeNote).toBe(
      'the taint says unsigned (E) code is loaded, but the report has no module list to name it',
    );
  });

  it('no longer asks for CONFIG_PROVE_LOCKING when the paste lists the locks', () => {
    expect(renderText(paste)).not.toContain('Enable CONFIG_PROVE_LOCKING');
  });

  it('calls the later tasks blocked in the same place the same report again', () => {
    expect(paste.relations.map((r) => [r.note, r.to, r.kind])).toEqual([
      [2, 1, 'repeat'],
      [3, 1, 'repeat'],
    ]);
  });
});
