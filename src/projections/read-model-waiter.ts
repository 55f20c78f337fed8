/**
 * Read-your-writes without making commands wait. A command answers as soon as its events
 * are durable and only tells the read side how far the ledger now reaches; the next read of
 * the live models served by this instance waits (bounded) until they have folded that far.
 * So a GET after a command's answer sees the command, whoever sends it, and a command pays
 * for the projection only when the read models fall far behind (back-pressure, so reads
 * never lag without bound). A client reading through another instance sends the answer's
 * `position` as `minPosition`. A port, so the command gateway does not depend on the runner.
 */
export const READ_MODEL_WAITER = Symbol('READ_MODEL_WAITER');

/**
 * How long a read waits for the read models to fold what was acknowledged before it arrived,
 * and how long a command waits when it must (see MAX_PROJECTION_LAG_EVENTS); past it the
 * read is answered from the models as they are (its `position` says how far) and the
 * command answers anyway (its write is durable).
 */
export const READ_YOUR_WRITES_TIMEOUT_MS = 2_000;

/**
 * Events the read models may be behind an acknowledged command before the next command
 * waits for them: about one projection batch, so a burst of commands is folded in large
 * batches while reads stay within a batch of the ledger.
 */
export const MAX_PROJECTION_LAG_EVENTS = 1_000;

export interface ReadModelWaiter {
  /**
   * Records that a command finished with the ledger at `position` or beyond (what it caused
   * on other streams included), so later reads wait for it. Resolves at once unless the read
   * models are more than MAX_PROJECTION_LAG_EVENTS behind; then when they are within it, or
   * after READ_YOUR_WRITES_TIMEOUT_MS.
   */
  acknowledge(position: bigint): Promise<void>;
}
