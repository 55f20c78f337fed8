/**
 * Free text (titles, names of funds and tranches, reasons, references, notes, descriptions,
 * evidence) refuses control characters: C0 but tab, line feed and carriage return, DEL, and
 * C1. They reach terminals (`ledger export changes --csv`, replays) and exports, where ESC
 * sequences erased lines, retitled the window or wrote to the clipboard; user names refused
 * them already, every other field took them. A refusal is a 400 VALIDATION_FAILED naming the
 * field, nothing recorded; tab, line breaks and bidirectional marks are kept as sent.
 */
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { collect } from '../../src/event-store/event-store';
import { investmentStream } from '../../src/investment/investment.events';
import { aDocumentedInvestmentOverHttp, aReleasedFundOverHttp } from '../support/http-mothers';
import { eventCount, startTestApp, TestApp } from '../support/test-app';

const ESC = '\x1b';

/** One of each kind refused, in the places a payload would put them. */
const REFUSED: readonly (readonly [string, string])[] = [
  ['ESC (erase line)', `ok${ESC}[2K${ESC}[1A`],
  ['OSC 52 ending in BEL', `x${ESC}]52;c;cHduZWQ=\x07`],
  ['NUL', 'a\u0000b'],
  ['vertical tab', 'a\u000bb'],
  ['DEL', 'a\u007fb'],
  ['C1 CSI', 'a\u009b31mb'],
  ['C1 NEL', 'a\u0085b'],
];

/** Kept as sent: what a pasted paragraph or table and right-to-left names hold. */
const KEPT =
  'Rad 1\r\nRad 2\n\tindragen \u202bשלום\u202c \u2067isolerad\u2069 \u202eöverstyrd\u202c';

interface Storage {
  readonly validationMetadatas: Map<
    abstract new (...args: never[]) => unknown,
    ValidationMetadata[]
  >;
}

describe('free text with control characters', () => {
  let t: TestApp;
  const lead = () => t.as('lena.lind', 'project-lead');
  const finance = () => t.as('frida.ek', 'finance');
  const admin = () => t.as('it-admin', 'admin');

  beforeAll(async () => {
    t = await startTestApp();
    await aReleasedFundOverHttp(finance);
    await aDocumentedInvestmentOverHttp(t, 'e-arkiv', 'lena.lind');
  });
  afterAll(async () => t.close());

  /** Requests, each with the field that carries `text` and the path a refusal names. */
  const requests = (text: string) => [
    {
      path: 'title',
      send: () =>
        lead().post('/api/investments', {
          investmentId: 'ny',
          title: text,
          department: 'IT',
          projectLead: 'lena.lind',
          need: 'n',
        }),
    },
    {
      path: 'need',
      send: () =>
        lead().post('/api/investments', {
          investmentId: 'ny',
          title: 'T',
          department: 'IT',
          projectLead: 'lena.lind',
          need: text,
        }),
    },
    {
      path: 'tranches[0].name',
      send: () =>
        finance().post('/api/funds', {
          fundId: 'annan',
          name: 'Fond',
          currency: 'SEK',
          decisionRef: 'Ks 2',
          tranches: [{ trancheId: 't1', name: text, amount: '10.00' }],
        }),
    },
    {
      path: 'reason',
      send: () =>
        lead().post('/api/investments/e-arkiv/stage-changes', { stage: 'approved', reason: text }),
    },
    {
      path: 'note',
      send: () =>
        finance().post('/api/funds/orebro/allocations', {
          allocationId: 'a1',
          investmentId: 'e-arkiv',
          caseVersion: 1,
          trancheId: 't1',
          amount: '1000.00',
          decidedOn: '2017-01-10',
          decisionRef: 'Ks 3',
          note: text,
        }),
    },
    {
      path: 'reason',
      send: () =>
        admin().post('/api/users', {
          userId: 'nils.ny',
          name: 'Nils Ny',
          role: 'auditor',
          reason: text,
        }),
    },
  ];

  it('is refused with 400 VALIDATION_FAILED naming the field, nothing recorded', async () => {
    // The clients' own users and tokens first, so only the refused requests could record.
    await Promise.all([lead().get('/api/funds'), finance().get('/api/funds')]);
    await admin().get('/api/users').expect(200);
    const before = await eventCount(t.store);
    const users = (await collect(t.store.readStream('users'))).length;
    for (const [what, text] of REFUSED) {
      for (const { path, send } of requests(text)) {
        const res = await send();
        expect({ what, path, status: res.status }).toEqual({ what, path, status: 400 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors).toEqual([
          { path, message: expect.stringMatching(/^must not hold control characters \(U\+00/) },
        ]);
      }
    }
    expect(await eventCount(t.store)).toBe(before);
    expect((await collect(t.store.readStream('users'))).length).toBe(users);
  });

  it('names the character and where it is', async () => {
    const res = await requests(`Titel${ESC}[2J`)[0].send().expect(400);
    expect(res.body.errors).toEqual([
      {
        path: 'title',
        message:
          'must not hold control characters (U+001B at offset 5); tab, line feed and carriage return are allowed',
      },
    ]);
  });

  it('keeps tab, line breaks and bidirectional marks exactly as sent', async () => {
    await lead()
      .post('/api/investments', {
        investmentId: 'rader',
        title: KEPT,
        department: 'IT',
        projectLead: 'lena.lind',
        need: KEPT,
      })
      .expect(201);
    const [proposed] = await collect(t.store.readStream(investmentStream('rader')));
    expect(proposed.data).toMatchObject({ title: KEPT, need: KEPT });
  });

  it('is a rule of every free-text field of every request the app validates', () => {
    // A string with a length bound and no pattern or list of its own is free text.
    const storage = getMetadataStorage() as unknown as Storage;
    const without: string[] = [];
    let free = 0;
    for (const [target, metadatas] of storage.validationMetadatas) {
      const names = new Map<string, Set<string>>();
      for (const rule of metadatas) {
        const set = names.get(rule.propertyName) ?? new Set<string>();
        set.add(rule.name ?? rule.type);
        names.set(rule.propertyName, set);
      }
      for (const [property, rules] of names) {
        const isFreeText =
          rules.has('isString') &&
          rules.has('maxLength') &&
          !rules.has('matches') &&
          !rules.has('isIn');
        if (!isFreeText) continue;
        free += 1;
        if (!rules.has('isFreeText')) without.push(`${target.name}.${property}`);
      }
    }
    expect(without).toEqual([]);
    // Titles, names, reasons, references, notes, descriptions, evidence, explanations.
    expect(free).toBeGreaterThan(30);
  });
});
