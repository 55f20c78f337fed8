/**
 * An investment's stream holding an event this service cannot fold (a type another tool wrote
 * into the ledger) is named in the answer of a command on it: 500 LEDGER_STREAM_UNREADABLE with
 * the stream, the event's revision and type, and nothing recorded; not a bare INTERNAL_ERROR.
 */
import { randomUUID } from 'node:crypto';
import { collect } from '../../src/event-store/event-store';
import { stockholmDay } from '../../src/periods/stockholm-day';
import { aDocumentedInvestmentOverHttp } from '../support/http-mothers';
import { startTestApp, TestApp } from '../support/test-app';

describe('a stream with an event the service cannot read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is named in a command answer, and the command records nothing', async () => {
    await aDocumentedInvestmentOverHttp(t, 'inv-f');
    const stream = 'investment-inv-f';
    const before = await collect(t.store.readStream(stream));
    await t.store.append(
      stream,
      [
        {
          eventId: randomUUID(),
          type: 'LegacyNote',
          data: { note: 'imported' },
          metadata: {
            actor: { id: 'import', role: 'admin' },
            recordedAt: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: before.at(-1)!.revision },
    );
    const res = await t
      .as('fia', 'finance')
      .post('/api/investments/inv-f/close', {
        closedOn: stockholmDay(Date.now()),
        reason: 'Avslutad',
      })
      .expect(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'LEDGER_STREAM_UNREADABLE',
      stream,
      revision: String(before.length),
      eventType: 'LegacyNote',
    });
    expect(await collect(t.store.readStream(stream))).toHaveLength(before.length + 1);
  });
});
