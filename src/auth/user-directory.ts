/**
 * The user register as the service currently knows it, folded from the `users` stream.
 * Every lookup first asks the store for the stream's revision (one indexed read) and folds
 * only what is new, so a grant or revocation made by the CLI in another process counts from
 * the next request on, without a restart and without re-reading the whole stream.
 */
import { EventStore, RecordedEvent } from '../event-store/event-store';
import { lastPositionAtOrBefore } from '../event-store/recorded-position';
import { initialUsersState, usersDecider, UsersState } from './users.decider';
import { USERS_STREAM, UsersEvent } from './users.events';

/** One recorded event of the users stream folded into the register. */
const evolveRecorded = (state: UsersState, recorded: RecordedEvent): UsersState =>
  usersDecider.evolve(state, { type: recorded.type, data: recorded.data } as UsersEvent);

const isBehind = (known: bigint | undefined, head: bigint | undefined): boolean =>
  head !== undefined && (known === undefined || known < head);

export class UserDirectory {
  private known: { state: UsersState; revision: bigint | undefined } = {
    state: initialUsersState,
    revision: undefined,
  };
  private catchingUp: Promise<void> | undefined;

  constructor(private readonly store: EventStore) {}

  async current(): Promise<UsersState> {
    const head = await this.store.streamRevision(USERS_STREAM);
    // One catch-up at a time; concurrent requests wait for it rather than each reading. One
    // already running may have started before `head` was read, so at most a second one follows.
    for (let attempt = 0; attempt < 2 && isBehind(this.known.revision, head); attempt++) {
      this.catchingUp ??= this.catchUp().finally(() => {
        this.catchingUp = undefined;
      });
      await this.catchingUp;
    }
    if (isBehind(this.known.revision, head)) {
      throw new Error(
        `users stream: read up to revision ${String(this.known.revision)}, the store says ${String(head)}`,
      );
    }
    return this.known.state;
  }

  /**
   * The register as it stood at `moment` (an ISO instant): the users stream folded up to the
   * last event recorded at or before it, as every ledger read as of a moment is. Who held which
   * role, under which name, with which tokens then, for an auditor; read whole each time (the
   * stream is small: a user's grants and tokens).
   */
  async asOf(moment: string): Promise<UsersState> {
    const position = await lastPositionAtOrBefore(this.store, moment);
    let state = initialUsersState;
    if (position === 0n) return state;
    for await (const recorded of this.store.readStream(USERS_STREAM)) {
      if (recorded.position > position) break;
      state = evolveRecorded(state, recorded);
    }
    return state;
  }

  /** As of `moment` when one is given, else as it is now (current). */
  at(moment: string | undefined): Promise<UsersState> {
    return moment === undefined ? this.current() : this.asOf(moment);
  }

  private async catchUp(): Promise<void> {
    let { state, revision } = this.known;
    const from = revision === undefined ? 0n : revision + 1n;
    for await (const recorded of this.store.readStream(USERS_STREAM, { from })) {
      state = evolveRecorded(state, recorded);
      revision = recorded.revision;
    }
    this.known = { state, revision };
  }
}
