import "server-only";

/**
 * The one place a decrypted provider key lives in the proxy process: one entry per
 * workspace and provider, holding the key as the text the HTTP client's header needs,
 * next to the sealed envelope it came from.
 *
 * - Bounded: at most `max` entries; the least recently used goes first.
 * - Short-lived: an entry is dropped `ttlMs` after it was opened, used or not (a timer
 *   sweeps idle entries), so a workspace that stopped sending requests does not keep its
 *   key in memory.
 * - Checked against the envelope: `get` answers only while the envelope is the one it was
 *   opened from, so a replaced, re-sealed or deleted credential is never served from here
 *   (the envelope itself comes from a 5-second lookup cache).
 *
 * Dropping an entry releases the string; Node cannot overwrite a string in place, so its
 * memory is reclaimed by the garbage collector, not zeroed (docs/security.md, "Keys in memory").
 */
type Entry = { envelope: string; key: string; expiresAt: number };

export class OpenedKeys {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  constructor(
    private readonly opts: { ttlMs: number; max: number; now?: () => number },
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.floor(opts.ttlMs / 4)));
    this.sweeper.unref();
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  /** The opened key for `id` if it came from `envelope` and has not expired. */
  get(id: string, envelope: string): string | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.envelope !== envelope || e.expiresAt <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(id);
    this.entries.set(id, e);
    return e.key;
  }

  set(id: string, envelope: string, key: string): void {
    this.entries.delete(id);
    this.entries.set(id, { envelope, key, expiresAt: this.now() + this.opts.ttlMs });
    while (this.entries.size > this.opts.max) this.entries.delete(this.entries.keys().next().value!);
  }

  drop(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  sweep(): void {
    const now = this.now();
    for (const [id, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(id);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.entries.clear();
  }
}
