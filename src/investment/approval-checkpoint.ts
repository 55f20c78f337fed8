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
 *
 * It keeps the hash of the event at its position, as the read models and the Idempotency-Key
 * index keep theirs (event-store/same-ledger.ts): a checkpoint of another ledger, or of this
 * one before a restore from an older backup, lies beyond or beside what the ledger holds, and
 * was taken as handled. The allocations recorded again after such a restore were then skipped:
 * funded investments were never approved, with no baseline, and every verification held.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Logger } from 'pino';
import { PRIVATE_FILE_MODE } from '../infra/private-file';

/** Where the process has got to, and the hash of the ledger's event there (none at 0). */
export interface ApprovalMark {
  /** Every allocation at or below this position has been handled (0n: none yet). */
  readonly position: bigint;
  /** Absent at 0, and in a checkpoint written before the hash was kept. */
  readonly hash?: string;
}

export const NO_APPROVAL_MARK: ApprovalMark = { position: 0n };

export interface ApprovalCheckpoint {
  load(): ApprovalMark;
  save(mark: ApprovalMark): void;
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

const HASH = /^[0-9a-f]{64}$/;

const markIn = (text: string): ApprovalMark | undefined => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { position, hash } = (parsed ?? {}) as { position?: unknown; hash?: unknown };
  if (typeof position !== 'string' || !POSITION.test(position)) return undefined;
  if (hash === undefined) return { position: BigInt(position) };
  return typeof hash === 'string' && HASH.test(hash)
    ? { position: BigInt(position), hash }
    : undefined;
};

export class FileApprovalCheckpoint implements ApprovalCheckpoint {
  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {}

  load(): ApprovalMark {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_APPROVAL_MARK;
      throw error;
    }
    const mark = markIn(text);
    if (mark !== undefined) return mark;
    this.logger.warn(
      { path: this.path },
      'approval checkpoint unreadable: handling every allocation again (approvals are not repeated)',
    );
    return NO_APPROVAL_MARK;
  }

  save(mark: ApprovalMark): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    const text = JSON.stringify({
      position: String(mark.position),
      ...(mark.hash === undefined ? {} : { hash: mark.hash }),
    });
    writeFileSync(temporary, text, { mode: PRIVATE_FILE_MODE });
    renameSync(temporary, this.path);
  }
}

/** For read models kept in memory: the process starts from 0 on every start. */
export class MemoryApprovalCheckpoint implements ApprovalCheckpoint {
  private mark: ApprovalMark = NO_APPROVAL_MARK;

  load(): ApprovalMark {
    return this.mark;
  }

  save(mark: ApprovalMark): void {
    this.mark = mark;
  }
}
