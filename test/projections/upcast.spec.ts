/** The upcaster: what the read models see of a stored event, and what they never see. */
import { UnknownSchemaVersionError, upcast, StoredEvent } from '../../projections/upcast';

const stored = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  type: 'InvestmentClosed',
  data: { investmentId: 'e-arkiv', closedOn: '2019-06-30', reason: 'Klart' },
  streamId: 'investment-e-arkiv',
  revision: 7n,
  position: 42n,
  metadata: { recordedAt: '2019-07-01T08:00:00.000Z', schemaVersion: 1 },
  ...overrides,
});

describe('upcast', () => {
  it('hands over a current event with its position, revision and recorded time as plain JSON', () => {
    expect(upcast(stored())).toEqual({
      type: 'InvestmentClosed',
      data: { investmentId: 'e-arkiv', closedOn: '2019-06-30', reason: 'Klart' },
      streamId: 'investment-e-arkiv',
      revision: '7',
      position: '42',
      recordedAt: '2019-07-01T08:00:00.000Z',
    });
  });

  it('reads an event without a schema version as version 1', () => {
    expect(upcast(stored({ metadata: { recordedAt: '2019-07-01T08:00:00.000Z' } }))?.type).toBe(
      'InvestmentClosed',
    );
  });

  it('leaves out events of other streams and types', () => {
    expect(upcast(stored({ streamId: 'users', type: 'UserAdded' }))).toBeUndefined();
    expect(upcast(stored({ type: 'SomethingElse' }))).toBeUndefined();
  });

  it('refuses an event from a newer schema rather than misreading it', () => {
    expect(() =>
      upcast(stored({ metadata: { recordedAt: '2019-07-01T08:00:00.000Z', schemaVersion: 2 } })),
    ).toThrow(UnknownSchemaVersionError);
  });
});
