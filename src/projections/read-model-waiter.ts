/**
 * Read-your-writes: a command waits, for a bounded time, until the read models have
 * folded what it appended. A port, so the command gateway does not depend on the runner.
 */
export const READ_MODEL_WAITER = Symbol('READ_MODEL_WAITER');

/** How long a command waits for the read models before answering anyway (its write is durable). */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2_000;

export interface ReadModelWaiter {
  /**
   * Resolves true once the read models have folded everything the command appended (its
   * position and anything it caused on other streams), false when the wait timed out.
   */
  waitForCommand(position: bigint): Promise<boolean>;
}
