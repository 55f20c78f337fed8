/** Event ids derived from an Idempotency-Key: name-based (version 5) UUIDs. */
import { EVENT_ID_NAMESPACE, keyedEventId, nameBasedUuid } from '../../src/infra/idempotency-ids';

/** RFC 9562's DNS namespace; its appendix works "www.example.com" through version 5. */
const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';

describe('keyed event ids', () => {
  it('computes a version 5 UUID as RFC 9562 does', () => {
    expect(nameBasedUuid(DNS_NAMESPACE, 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives a repeat of the same command the same ids, lower case, version 5, RFC variant', () => {
    const id = keyedEventId('anna.berg', 'k-1', 'fund-orebro', 0);
    expect(keyedEventId('anna.berg', 'k-1', 'fund-orebro', 0)).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toBe(nameBasedUuid(EVENT_ID_NAMESPACE, '["anna.berg","k-1","fund-orebro",0]'));
  });

  it('gives every caller, key, stream and event of a command its own id', () => {
    const ids = [
      keyedEventId('anna.berg', 'k-1', 'fund-orebro', 0),
      keyedEventId('erik.lund', 'k-1', 'fund-orebro', 0),
      keyedEventId('anna.berg', 'k-2', 'fund-orebro', 0),
      keyedEventId('anna.berg', 'k-1', 'investment-1', 0),
      keyedEventId('anna.berg', 'k-1', 'fund-orebro', 1),
      // Parts that would run together in a plain concatenation stay apart.
      keyedEventId('anna.ber', 'gk-1', 'fund-orebro', 0),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
