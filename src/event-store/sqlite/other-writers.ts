/**
 * Commits to the ledger file by other connections: the `ledger` CLI (users, tokens) and another
 * service on the same file. SQLite tells a connection nothing of them, so a live subscription
 * (the read models' runner) saw them only when its own store next committed: a write the CLI
 * had acknowledged stayed out of every read for as long as the service wrote nothing itself.
 * SQLite's `data_version` changes exactly when another connection has committed to the file;
 * asked every OTHER_WRITERS_POLL_MS while anyone subscribes, it is one pragma step.
 */

/** How soon a commit by another process reaches the subscriptions, at the latest. */
export const OTHER_WRITERS_POLL_MS = 250;

export class OtherWritersWatch {
  private timer: NodeJS.Timeout | undefined;
  private seen: unknown;
  private readonly listeners = new Set<() => void>();

  constructor(
    /** The connection's PRAGMA data_version. */
    private readonly dataVersion: () => unknown,
    private readonly everyMs = OTHER_WRITERS_POLL_MS,
  ) {}

  /**
   * Calls `onCommit` after every commit another connection is seen to have made from now on,
   * until the returned function is called. Whatever was committed before is the caller's to
   * read (a subscription catches up after it starts watching).
   */
  watch(onCommit: () => void): () => void {
    this.listeners.add(onCommit);
    if (this.timer === undefined) {
      this.seen = this.dataVersion();
      this.timer = setInterval(() => this.check(), this.everyMs);
      // Never what keeps a process running.
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(onCommit);
      if (this.listeners.size === 0) this.stop();
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    let version: unknown;
    try {
      version = this.dataVersion();
    } catch {
      // A busy or failing file: asked again at the next tick; the subscriptions' own reads
      // report a store that cannot be read.
      return;
    }
    if (version === this.seen) return;
    this.seen = version;
    for (const listener of [...this.listeners]) listener();
  }
}
