import {
  SocketModeReceiver,
  type App,
  type ReceiverEvent,
  type SocketModeReceiverOptions,
} from '@slack/bolt';
import type { Logger } from '../log/logger.js';

/**
 * Bolt's Socket Mode receiver, acknowledging an envelope only while the store can record it. Bolt
 * acknowledges an Events API envelope as soon as it starts to process it (before any middleware), so
 * the check comes before Bolt sees the envelope: one left unacknowledged is sent again by Slack, as
 * an HTTP event answered 503 is, where acknowledging it would lose it.
 */
export class GuardedSocketReceiver extends SocketModeReceiver {
  constructor(
    options: SocketModeReceiverOptions,
    private readonly storeWritable: () => Promise<void>,
    private readonly log: Logger,
  ) {
    super(options);
  }

  override init(app: App): void {
    const processEvent = async (event: ReceiverEvent): Promise<void> => {
      try {
        await this.storeWritable();
      } catch {
        this.log.warn(
          'left a Socket Mode envelope unacknowledged: the store cannot record; Slack sends it again',
        );
        return;
      }
      await app.processEvent(event);
    };
    super.init(
      new Proxy(app, {
        get: (target, name): unknown => (name === 'processEvent' ? processEvent : Reflect.get(target, name)),
      }),
    );
  }
}
