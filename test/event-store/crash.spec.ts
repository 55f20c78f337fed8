/**
 * Kill -9 under load: a child process appends as fast as it can and reports each
 * acknowledged append; the test kills it at random moments, reopens the same file and
 * finds every acknowledged event where it was acknowledged, with an intact hash chain.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collect, RecordedEvent } from '../../src/event-store/event-store';
import { verifyChain } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { Acknowledgement } from '../support/crash-appender';

const KILLS = 6;
/** Kill somewhere in this window after the child's first acknowledgement. */
const MIN_KILL_DELAY_MS = 20;
const MAX_KILL_DELAY_MS = 600;
const CHILD_START_TIMEOUT_MS = 15_000;

const repoRoot = resolve(__dirname, '..', '..');
const appender = join(repoRoot, 'test', 'support', 'crash-appender.ts');

interface Round {
  readonly acks: Acknowledgement[];
  readonly signal: NodeJS.Signals | null;
}

/** Runs the appender on `path` and SIGKILLs it at a random moment once it has acknowledged. */
const runAndKill = (path: string): Promise<Round> =>
  new Promise((done, fail) => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', appender, path],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const acks: Acknowledgement[] = [];
    let buffered = '';
    let killTimer: NodeJS.Timeout | undefined;
    const startTimer = setTimeout(() => child.kill('SIGKILL'), CHILD_START_TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const lines = (buffered + chunk).split('\n');
      // A line is only complete once its newline arrived.
      buffered = lines.pop() ?? '';
      for (const line of lines) acks.push(JSON.parse(line) as Acknowledgement);
      if (killTimer === undefined && acks.length > 0) {
        clearTimeout(startTimer);
        const delay = MIN_KILL_DELAY_MS + Math.random() * (MAX_KILL_DELAY_MS - MIN_KILL_DELAY_MS);
        killTimer = setTimeout(() => child.kill('SIGKILL'), delay);
      }
    });
    child.on('error', fail);
    child.on('close', (_code, signal) => {
      clearTimeout(startTimer);
      clearTimeout(killTimer);
      done({ acks, signal });
    });
  });

const readStreams = async (
  store: SqliteEventStore,
  streams: Iterable<string>,
): Promise<Map<string, RecordedEvent[]>> => {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const stream of streams) byStream.set(stream, await collect(store.readStream(stream)));
  return byStream;
};

/** What is wrong with one acknowledgement, or undefined when its events are all in place. */
const ackProblem = (
  ack: Acknowledgement,
  byStream: Map<string, RecordedEvent[]>,
): string | undefined => {
  const events = byStream.get(ack.stream) ?? [];
  const last = Number(ack.nextRevision);
  const first = last - ack.eventIds.length + 1;
  const found = events.slice(first, last + 1);
  const inPlace = ack.eventIds.every(
    (id, i) => found[i]?.eventId === id && found[i].revision === BigInt(first + i),
  );
  if (!inPlace) return `${JSON.stringify(ack)}: found ${found.map((e) => e.eventId).join(',')}`;
  const position = String(found[found.length - 1].position);
  if (position !== ack.position) return `${JSON.stringify(ack)}: at position ${position}`;
  return undefined;
};

/** Every acknowledged event is at its acknowledged revision, in order, at its position. */
const expectAcknowledged = (
  acks: readonly Acknowledgement[],
  byStream: Map<string, RecordedEvent[]>,
): void => {
  const problems = acks.map((ack) => ackProblem(ack, byStream)).filter((p) => p !== undefined);
  expect(problems.slice(0, 10)).toEqual([]);
};

describe('crash safety of the SQLite store', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged event through ${KILLS} SIGKILLs`, async () => {
    const path = join(dir, 'ledger.sqlite');
    const acknowledged: Acknowledgement[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      const round = await runAndKill(path);
      expect(round.signal).toBe('SIGKILL');
      expect(round.acks.length).toBeGreaterThan(0);
      acknowledged.push(...round.acks);

      const store = SqliteEventStore.open(path);
      try {
        const byStream = await readStreams(store, new Set(acknowledged.map((a) => a.stream)));
        expectAcknowledged(acknowledged, byStream);
        const verification = await verifyChain(store.readAll());
        expect(verification).toMatchObject({ ok: true });
        expect(verification.eventsChecked).toBeGreaterThanOrEqual(
          acknowledged.reduce((sum, ack) => sum + ack.eventIds.length, 0),
        );
      } finally {
        await store.close();
      }
    }
  }, 60_000);
});
