import { PositionAnchors } from '../../src/event-store/eventstoredb/eventstoredb-positions';

describe('PositionAnchors', () => {
  it('finds the highest known position at or below one, or the start', () => {
    const anchors = new PositionAnchors();
    for (const position of [300n, 100n, 200n, 200n]) anchors.add(position);
    expect(anchors.size).toBe(3);
    expect(anchors.floor(50n)).toBe(0n);
    expect(anchors.floor(100n)).toBe(100n);
    expect(anchors.floor(250n)).toBe(200n);
    expect(anchors.floor(10_000n)).toBe(300n);
  });

  it('thins out past its capacity, keeping the newest position', () => {
    const anchors = new PositionAnchors(10);
    for (let i = 1n; i <= 25n; i += 1n) anchors.add(i * 10n);
    expect(anchors.size).toBeLessThanOrEqual(10);
    expect(anchors.floor(1_000n)).toBe(250n);
    const below = anchors.floor(125n);
    expect(below <= 125n && below > 0n).toBe(true);
  });
});
