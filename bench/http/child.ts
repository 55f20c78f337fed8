/**
 * Servers under load run in a child process, so the load generator (this process) and the
 * server each have a core and the server's memory is its own. The child speaks over IPC:
 * it sends `ready` once listening, answers `usage` with its resource figures, and exits on
 * `stop`.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { childExecArgv } from '../support/config';
import { childScript } from '../support/paths';

/** Booting Nest under ts-node on a loaded machine can take a while; longer means broken. */
const DEFAULT_READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;
const USAGE_TIMEOUT_MS = 10_000;

export interface Credentials {
  readonly [actor: string]: Readonly<Record<string, string>>;
}

export interface ReadyMessage {
  readonly type: 'ready';
  readonly url: string;
  /** Request headers that authenticate each actor the parent asked for. */
  readonly credentials: Credentials;
}

export interface UsageMessage {
  readonly type: 'usage';
  /** Peak resident set size over the child's life, in bytes. */
  readonly maxRssBytes: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

export type ChildRequest = { readonly type: 'usage' } | { readonly type: 'stop' };

export interface ServerChild {
  readonly ready: ReadyMessage;
  usage(): Promise<UsageMessage>;
  stop(): Promise<void>;
}

const nextMessage = <T extends { type: string }>(
  child: ChildProcess,
  type: T['type'],
  timeoutMs: number,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${type} from the server child in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type?: string }): void => {
      if (message?.type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the server child exited (${code}) before ${type}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });

/** The server was not listening within its time; what it had used by then. */
export class ServerNotReadyError extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly usage: UsageMessage | undefined,
  ) {
    super(`the server was not ready within ${timeoutMs / 1000} s`);
    this.name = 'ServerNotReadyError';
  }
}

const askUsage = (child: ChildProcess): Promise<UsageMessage> => {
  const answer = nextMessage<UsageMessage>(child, 'usage', USAGE_TIMEOUT_MS);
  child.send({ type: 'usage' } satisfies ChildRequest);
  return answer;
};

/** Asks the child to stop (it exits cleanly, writing its CPU profile if any); kills it if it hangs. */
const stopChild = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send({ type: 'stop' } satisfies ChildRequest);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
};

/** Waits for `ready`; past the timeout, asks what the child used, stops it and throws. */
const awaitReady = async (child: ChildProcess, timeoutMs: number): Promise<ReadyMessage> => {
  try {
    return await nextMessage<ReadyMessage>(child, 'ready', timeoutMs);
  } catch (error) {
    if (child.exitCode !== null) throw error;
    const usage = await askUsage(child).catch(() => undefined);
    await stopChild(child);
    throw new ServerNotReadyError(timeoutMs, usage);
  }
};

/** Forks `entry` (a TypeScript file in bench/http) under ts-node with `env` added. */
export const startServerChild = async (
  entry: string,
  env: Readonly<Record<string, string>>,
  readyTimeoutMs = DEFAULT_READY_TIMEOUT_MS,
): Promise<ServerChild> => {
  const child = fork(childScript(join(__dirname, entry)), [], {
    env: { ...process.env, ...env },
    execArgv: childExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await awaitReady(child, readyTimeoutMs);
  return {
    ready,
    usage: () => askUsage(child),
    stop: () => stopChild(child),
  };
};

/**
 * The child side: answers the parent's requests, from the start (so usage can be asked while
 * it boots); `stop` runs `close` and exits.
 */
export const serveParent = (close: () => Promise<void>): void => {
  process.on('message', (message: ChildRequest) => {
    if (message.type === 'usage') {
      const usage: UsageMessage = {
        type: 'usage',
        // resourceUsage reports kilobytes.
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        rssBytes: process.memoryUsage().rss,
        heapUsedBytes: process.memoryUsage().heapUsed,
      };
      process.send?.(usage);
    } else if (message.type === 'stop') {
      void close().finally(() => process.exit(0));
    }
  });
  // Never outlive the parent.
  process.on('disconnect', () => process.exit(0));
};

export const announceReady = (message: ReadyMessage): void => {
  process.send?.(message);
};
