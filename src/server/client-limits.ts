/**
 * Limits on the routes where one request costs real work (a triage, a sign-in check): each client
 * (its remote address) gets `perMinute` requests with a burst of as many, and the server runs at most
 * `inFlight` of them at once, so a few clients cannot starve the webhooks that must be acknowledged
 * within seconds. Memory stays bounded: past `MAX_CLIENTS` the oldest client's bucket is dropped.
 */
export interface ClientLimitSettings {
  /** Requests per minute per client; 0 turns the per-client limit off. */
  perMinute: number;
  /** Limited requests running at once across all clients. */
  inFlight: number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterS: number; why: string };

const MAX_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  /** ms timestamp of the last refill. */
  at: number;
}

export class ClientLimits {
  private readonly buckets = new Map<string, Bucket>();
  private running = 0;

  constructor(private readonly settings: ClientLimitSettings) {}

  /** Takes a slot for `client` at `now` (ms); the caller calls `release()` when its request is done. */
  admit(client: string, now: number): Admission {
    const { perMinute, inFlight } = this.settings;
    if (perMinute > 0) {
      const bucket = this.refill(client, now);
      if (bucket.tokens < 1) {
        const retryAfterS = Math.ceil(((1 - bucket.tokens) * 60) / perMinute);
        return { ok: false, retryAfterS, why: `more than ${perMinute} requests a minute from this client` };
      }
      bucket.tokens -= 1;
    }
    if (this.running >= inFlight) {
      if (perMinute > 0) this.refund(client);
      return { ok: false, retryAfterS: 1, why: `${inFlight} requests of this kind are already running` };
    }
    this.running++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.running--;
      },
    };
  }

  private refill(client: string, now: number): Bucket {
    const { perMinute } = this.settings;
    let bucket = this.buckets.get(client);
    if (bucket === undefined) {
      if (this.buckets.size >= MAX_CLIENTS) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { tokens: perMinute, at: now };
    } else {
      bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
      bucket.at = now;
      // Re-inserted so the Map's order is least recently seen first.
      this.buckets.delete(client);
    }
    this.buckets.set(client, bucket);
    return bucket;
  }

  private refund(client: string): void {
    const bucket = this.buckets.get(client);
    if (bucket !== undefined) bucket.tokens += 1;
  }
}
