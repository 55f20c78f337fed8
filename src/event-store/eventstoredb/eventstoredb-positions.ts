/**
 * Where a read of $all may start. The server reads $all only from a position that begins a
 * record of its log (anything else is an invalid position), while the port lets a caller
 * read after any position, e.g. the middle of a bisection over positions. The adapter keeps
 * the positions the server has shown it, and starts a read after `p` from the highest known
 * one at or below `p` (or the start), skipping the events up to `p` itself.
 *
 * Bounded: past MAX_POSITION_ANCHORS, every other position is dropped, so the anchors get
 * sparser (a read skips more) but memory stays flat however long the ledger grows.
 */

/** Positions kept; a few megabytes at most. */
export const MAX_POSITION_ANCHORS = 100_000;

export class PositionAnchors {
  /** Ascending, without repeats. */
  private positions: bigint[] = [];

  constructor(private readonly capacity = MAX_POSITION_ANCHORS) {}

  get size(): number {
    return this.positions.length;
  }

  /** Notes a position the server reported for an event. */
  add(position: bigint): void {
    const at = this.insertionPoint(position);
    if (this.positions[at] === position) return;
    this.positions.splice(at, 0, position);
    if (this.positions.length > this.capacity) this.thin();
  }

  /** The highest known position at or below `position`; 0n (the start) when none is. */
  floor(position: bigint): bigint {
    const at = this.insertionPoint(position);
    if (this.positions[at] === position) return position;
    return at === 0 ? 0n : this.positions[at - 1];
  }

  /** Index of the first position not below `position`. */
  private insertionPoint(position: bigint): number {
    let low = 0;
    let high = this.positions.length;
    // Appends come in order: most positions go at the end.
    if (high > 0 && this.positions[high - 1] < position) return high;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.positions[middle] < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private thin(): void {
    const last = this.positions[this.positions.length - 1];
    this.positions = this.positions.filter((_, i) => i % 2 === 1);
    if (this.positions[this.positions.length - 1] !== last) this.positions.push(last);
  }
}
