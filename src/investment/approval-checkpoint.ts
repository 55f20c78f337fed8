/**
 * Where the approval process has got to in the ledger: a small file next to the read models,
 * not a table in the ledger. The ledger may be an EventStoreDB node, where no such table
 * exists, and the checkpoint is derived state like the read models: losing it costs a replay,
 * never a wrong answer, because handling an allocation twice approves nothing twice. The
 * read-model database is not used either: its file is rebuilt from scratch when the models
 * change, and its transactions belong to the projection runner.
 *
 * Written to a temporary file and renamed over the old one, so a crash leaves either the old
 * checkpoint or the new one; a checkpoint that cannot be read is started over from 0.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Logger } from 'pino';
import { PRIVATE_FILE_MODE } from '../infra/private-file';

export interface ApprovalCheckpoint {
  /** Every allocation at or below this position has been handled (0n: none yet). */
  load(): bigint;
  save(position: bigint): void;
}

/** The read models' in-memory database has no file to sit next to: neither has the checkpoint. */
const IN_MEMORY = ':memory:';
const POSITION = /^(0|[1-9][0-9]{0,19})$/;

/** `ledger.readmodels.sqlite` → `ledger.readmodels.approval-process.json`, in the same folder. */
export const approvalCheckpointPath = (readModelPath: string): string | undefined =>
  readModelPath === IN_MEMORY
    ? undefined
    : join(
        dirname(readModelPath),
        `${basename(readModelPath, extname(readModelPath))}.approval-process.json`,
      );

const positionIn = (text: string): bigint | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const position = (parsed as { position?: unknown } | null)?.position;
  return typeof position === 'string' && POSITION.test(position) ? BigInt(position) : undefined;
};

export class FileApprovalCheckpoint implements ApprovalCheckpoint {
  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  load(): bigint {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0n;
      throw error;
    }
    const position = positionIn(text);
    if (position !== undefined) return position;
    this.logger.warn(
      { path: this.path },
      'approval checkpoint unreadable: handling every allocation again (approvals are not repeated)',
    );
    return 0n;
  }

  save(position: bigint): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, JSON.stringify({ position: String(position) }), {
      mode: PRIVATE_FILE_MODE,
    });
    renameSync(temporary, this.path);
  }
}

/** For read models kept in memory: the process starts from 0 on every start. */
export class MemoryApprovalCheckpoint implements ApprovalCheckpoint {
  private position = 0n;

  load(): bigint {
    return this.position;
  }

  save(position: bigint): void {
    this.position = position;
  }
}
