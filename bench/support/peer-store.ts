/**
 * Emmett's SQLite event store, the peer of scenario 6. It lives in bench/peer with its own
 * package.json and lock so it never becomes a dependency of the service; the bench installs
 * it there on first use. It is loaded at run time through a narrow local interface, so the
 * project type-checks on a clean checkout where bench/peer is not installed yet.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_DIR } from './paths';

const PEER_DIR = join(BENCH_DIR, 'peer');
const PEER_PACKAGE = '@event-driven-io/emmett-sqlite';

/** The part of Emmett's store the scenario uses. */
export interface PeerEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Record<string, unknown>;
}

export interface PeerStore {
  appendToStream(
    streamName: string,
    events: PeerEvent[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
  readStream(streamName: string): Promise<{ events: readonly PeerEvent[] }>;
}

interface PeerModule {
  getSQLiteEventStore(options: {
    fileName: string;
    schema?: { autoMigration?: 'None' | 'CreateOrUpdate' };
  }): PeerStore;
}

const isInstalled = (): boolean => existsSync(join(PEER_DIR, 'node_modules', PEER_PACKAGE));

/** `npm ci` in bench/peer, from its lock, when the peer is not there yet. */
export const ensurePeerInstalled = (log: (message: string) => void): void => {
  if (isInstalled()) return;
  log(`installing the peer store in ${PEER_DIR} (npm ci; builds sqlite3 from source)`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
};

export const openPeerStore = (fileName: string): PeerStore => {
  const requirePeer = createRequire(join(PEER_DIR, 'package.json'));
  const peer = requirePeer(PEER_PACKAGE) as PeerModule;
  return peer.getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
};
