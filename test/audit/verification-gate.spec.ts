/**
 * One bound on verifications for the whole service: a verification, a digest and the board
 * report's digest all read and hash the ledger, so they share MAX_CONCURRENT_VERIFICATIONS
 * slots; past them the answer is 429 VERIFICATION_BUSY with Retry-After. The chain watch's
 * verification, which nobody waits on, has a slot of its own beside them. The held
 * verifications wait at a gate (not a timer), so the test knows they overlap.
 */
import { LEDGER_VERIFIER } from '../../src/audit/audit.tokens';
import {
  GatedLedgerVerifier,
  MAX_BACKGROUND_VERIFICATIONS,
  MAX_CONCURRENT_VERIFICATIONS,
  VERIFICATION_RETRY_AFTER_SECONDS,
  VerificationBusyError,
} from '../../src/audit/gated-verifier';
import { LedgerVerifier, VerifyReport } from '../../src/audit/ledger-verifier';
import { LinkToCheck } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { startTestApp, TestApp } from '../support/test-app';
import { aSmallFundOverHttp } from '../support/http-mothers';

const OK_REPORT: VerifyReport = { ok: true, scope: 'global', eventsChecked: 0 } as VerifyReport;

/** A verifier whose verifications finish only when the test says so. */
const heldVerifier = (): {
  verifier: LedgerVerifier;
  release: () => void;
  started: () => number;
} => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  const hold = async <T>(value: T): Promise<T> => {
    started += 1;
    await released;
    return value;
  };
  return {
    verifier: {
      scope: 'global',
      verify: () => hold(OK_REPORT),
      digest: () => hold({ kind: 'no-event', position: 1n, headPosition: 0n }),
    },
    release: () => release(),
    started: () => started,
  };
};

describe('the gate on verifications', () => {
  it(`lets ${MAX_CONCURRENT_VERIFICATIONS} run at once, refuses the next, and frees a slot when one ends`, async () => {
    const held = heldVerifier();
    const gated = new GatedLedgerVerifier(held.verifier);
    const running = Array.from({ length: MAX_CONCURRENT_VERIFICATIONS }, (_, i) =>
      i % 2 === 0 ? gated.verify() : gated.digest(),
    );
    await expect(gated.digest()).rejects.toBeInstanceOf(VerificationBusyError);
    await expect(gated.verify()).rejects.toMatchObject({
      retryAfterSeconds: VERIFICATION_RETRY_AFTER_SECONDS,
    });
    expect(held.started()).toBe(MAX_CONCURRENT_VERIFICATIONS);
    held.release();
    await Promise.all(running);
    await expect(gated.verify()).resolves.toEqual(OK_REPORT);
  });

  it('keeps a slot of its own for a verification nobody waits on, beside the others', async () => {
    const held = heldVerifier();
    const gated = new GatedLedgerVerifier(held.verifier);
    // The chain watch's pass first: it takes none of the auditors' slots …
    const watch = gated.verify({ background: true });
    const running = Array.from({ length: MAX_CONCURRENT_VERIFICATIONS }, () => gated.verify());
    expect(held.started()).toBe(MAX_CONCURRENT_VERIFICATIONS + MAX_BACKGROUND_VERIFICATIONS);
    // … and has its own bound, which the others do not take either.
    await expect(gated.verify({ background: true })).rejects.toBeInstanceOf(VerificationBusyError);
    await expect(gated.digest()).rejects.toBeInstanceOf(VerificationBusyError);
    held.release();
    await Promise.all([watch, ...running]);
    await expect(gated.verify({ background: true })).resolves.toEqual(OK_REPORT);
  });

  it('frees the slot of a verification that fails', async () => {
    const failing: LedgerVerifier = {
      scope: 'global',
      verify: () => Promise.reject(new Error('store gone')),
      digest: () => Promise.reject(new Error('store gone')),
    };
    const gated = new GatedLedgerVerifier(failing, 1);
    await expect(gated.verify()).rejects.toThrow('store gone');
    await expect(gated.digest()).rejects.toThrow('store gone');
  });
});

describe('one bound for the whole service, over HTTP', () => {
  let t: TestApp;
  const auditor = () => t.as('ada', 'auditor');

  beforeAll(async () => {
    t = await startTestApp({ clock: () => new Date('2017-01-10T09:00:00.000Z') });
    await aSmallFundOverHttp(t.as('fia', 'finance'));
  });
  afterAll(async () => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('is a single verifier, shared by the audit endpoints and the board report', () => {
    expect(t.app.get(LEDGER_VERIFIER)).toBeInstanceOf(GatedLedgerVerifier);
  });

  it('answers a digest and a board report 429 with Retry-After while verifications fill it', async () => {
    // The first MAX_CONCURRENT_VERIFICATIONS reads of the whole chain (readLinks from its
    // first event: a verification's read, nothing else reads so) are held at a gate.
    // The embedded store: this spec is not one of the e2e specs run on the EventStoreDB adapter.
    const store = t.store as SqliteEventStore;
    const readLinks = store.readLinks.bind(store);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    jest
      .spyOn(store, 'readLinks')
      .mockImplementation((options?: { after?: bigint; upTo?: bigint }) => {
        if (held >= MAX_CONCURRENT_VERIFICATIONS || options?.after !== undefined) {
          return readLinks(options);
        }
        held += 1;
        return (async function* heldRead(): AsyncIterable<LinkToCheck> {
          await released;
          yield* readLinks(options);
        })();
      });
    const verifying: Promise<{ status: number }>[] = [];
    for (let i = 1; i <= MAX_CONCURRENT_VERIFICATIONS; i++) {
      verifying.push(
        auditor()
          .get('/api/audit/verify')
          .then((res) => res),
      );
      while (held < i) await new Promise((resolve) => setImmediate(resolve));
    }
    for (const path of ['/api/audit/digest', '/api/reports/board?fundId=f']) {
      const res = await auditor().get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 429,
        code: 'VERIFICATION_BUSY',
      });
      expect(res.headers['retry-after']).toBe(String(VERIFICATION_RETRY_AFTER_SECONDS));
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    release();
    expect((await Promise.all(verifying)).map((res) => res.status)).toEqual(
      Array(MAX_CONCURRENT_VERIFICATIONS).fill(200),
    );
    await auditor().get('/api/reports/board?fundId=f').expect(200);
  });
});
