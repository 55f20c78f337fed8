/**
 * The Streams service of the EventStoreDB protocol fake (a test double): Read (a stream,
 * $all, and catch-up subscriptions to $all with server-side filters), Append and BatchAppend.
 * Delete and Tombstone answer UNIMPLEMENTED: the ledger never deletes.
 *
 * A subscription answers as the server does: a confirmation, the events after its start
 * position, a checkpoint every `window × multiplier` events it considered when it filters,
 * one caught-up message when it reaches the end of the log, then live events as they commit.
 */
import { randomUUID } from 'node:crypto';
import {
  Metadata,
  sendUnaryData,
  ServerDuplexStream,
  ServerReadableStream,
  ServerWritableStream,
  status,
} from '@grpc/grpc-js';
import { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { UUID } from '@eventstore/db-client/generated/shared_pb';
import { ExpectedVersion, FakeLog, ProposedEvent, ReadFrom, StoredRecord } from './fake-log';
import {
  appendExpected,
  appendSuccess,
  appendWrongExpectedVersion,
  batchExpected,
  batchSuccess,
  batchTooLarge,
  batchWrongExpectedVersion,
  caughtUpResponse,
  checkpointResponse,
  confirmationResponse,
  eventResponse,
  proposedEvent,
  streamName,
  streamNotFoundResponse,
  uuidText,
} from './fake-messages';

/** The server's page size, and the default filter search window. */
const DEFAULT_SEARCH_WINDOW = 32;
const UNBOUNDED_COUNT = BigInt(Number.MAX_SAFE_INTEGER);

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** A server-side filter as the client asks for it: on the stream name or the event type. */
interface FakeFilter {
  readonly on: 'stream' | 'type';
  readonly prefixes: readonly string[];
  readonly regex: RegExp | undefined;
  /** Considered events between checkpoints. */
  readonly checkpointInterval: number;
}

/** The live subscriptions, so a test can drop them as a failing server would. */
export type SubscriptionRegistry = Set<ReadCall>;

class CallEnded extends Error {}

const ended = (call: ReadCall): boolean => call.cancelled || call.destroyed || call.writableEnded;

/** Writes one message, waiting while the client is slow: memory stays bounded. */
const send = async (call: ReadCall, message: ReadResp): Promise<void> => {
  if (ended(call)) throw new CallEnded();
  if (call.write(message)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
  if (ended(call)) throw new CallEnded();
};

const fail = (call: ReadCall, code: status, details: string): void => {
  call.emit('error', { code, details });
};

const parseFilter = (options: ReadReq.Options): FakeFilter | undefined => {
  const filter = options.getFilter();
  if (!options.hasFilter() || filter === undefined) return undefined;
  const expression = filter.hasStreamIdentifier()
    ? filter.getStreamIdentifier()
    : filter.getEventType();
  const regex = expression?.getRegex() ?? '';
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    on: filter.hasStreamIdentifier() ? 'stream' : 'type',
    prefixes: expression?.getPrefixList() ?? [],
    regex: regex === '' ? undefined : new RegExp(regex),
    checkpointInterval: window * Math.max(1, filter.getCheckpointintervalmultiplier()),
  };
};

const matches = (record: StoredRecord, filter: FakeFilter | undefined): boolean => {
  if (filter === undefined) return true;
  const target = filter.on === 'stream' ? record.streamId : record.type;
  if (filter.prefixes.length > 0)
    return filter.prefixes.some((prefix) => target.startsWith(prefix));
  return filter.regex === undefined || filter.regex.test(target);
};

const countOf = (options: ReadReq.Options): bigint =>
  options.hasCount() ? BigInt(options.getCount()) : UNBOUNDED_COUNT;

const forwardsOf = (options: ReadReq.Options): boolean =>
  options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;

const allFrom = (options: ReadReq.Options): ReadFrom => {
  const all = options.getAll();
  const position = all?.getPosition();
  if (all?.hasPosition() && position !== undefined) return BigInt(position.getCommitPosition());
  return all?.hasEnd() ? 'end' : 'start';
};

const serveStreamRead = async (
  log: FakeLog,
  call: ReadCall,
  options: ReadReq.Options,
): Promise<void> => {
  const stream = options.getStream();
  const name = streamName(stream?.getStreamIdentifier());
  const from: ReadFrom = stream?.hasRevision()
    ? BigInt(stream.getRevision())
    : stream?.hasEnd()
      ? 'end'
      : 'start';
  const records = log.readStream(name, from, forwardsOf(options), countOf(options));
  if (records === undefined) {
    await send(call, streamNotFoundResponse(name));
  } else {
    for (const record of records) await send(call, eventResponse(record));
  }
  call.end();
};

const serveAllRead = async (
  log: FakeLog,
  call: ReadCall,
  options: ReadReq.Options,
): Promise<void> => {
  const forwards = forwardsOf(options);
  const filter = parseFilter(options);
  const count = countOf(options);
  let sent = 0n;
  let index = log.allReadStart(allFrom(options), forwards);
  while (index >= 0 && index < log.all.length && sent < count) {
    const record = log.all[index];
    index += forwards ? 1 : -1;
    if (!matches(record, filter)) continue;
    await send(call, eventResponse(record));
    sent += 1n;
  }
  call.end();
};

const serveSubscription = async (
  log: FakeLog,
  registry: SubscriptionRegistry,
  call: ReadCall,
  options: ReadReq.Options,
): Promise<void> => {
  const filter = parseFilter(options);
  let wake: (() => void) | undefined;
  const nudge = (): void => wake?.();
  const stopListening = log.onAppended(nudge);
  call.on('cancelled', nudge);
  call.on('close', nudge);
  registry.add(call);
  try {
    await send(call, confirmationResponse(randomUUID()));
    let index = log.subscriptionStart(allFrom(options));
    let considered = 0;
    let caughtUp = false;
    while (!ended(call)) {
      while (index < log.all.length) {
        const record = log.all[index];
        index += 1;
        considered += 1;
        log.subscribedRecords += 1;
        if (matches(record, filter)) await send(call, eventResponse(record));
        if (filter !== undefined && considered % filter.checkpointInterval === 0) {
          await send(call, checkpointResponse(record.position));
        }
      }
      if (!caughtUp) {
        caughtUp = true;
        await send(call, caughtUpResponse());
      }
      // Checked and armed in one synchronous step, so a commit cannot slip in between.
      if (index >= log.all.length && !ended(call)) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      wake = undefined;
    }
  } finally {
    stopListening();
    registry.delete(call);
  }
};

const serveRead = async (
  log: FakeLog,
  registry: SubscriptionRegistry,
  call: ReadCall,
): Promise<void> => {
  const options = call.request.getOptions();
  try {
    if (options === undefined)
      return fail(call, status.INVALID_ARGUMENT, 'read options are required');
    const from = options.hasAll() ? allFrom(options) : 'start';
    if (typeof from === 'bigint' && !log.isReadablePosition(from)) {
      return fail(
        call,
        status.INVALID_ARGUMENT,
        `invalid position ${from}: no record begins there`,
      );
    }
    if (options.hasSubscription()) {
      if (!options.hasAll()) {
        return fail(
          call,
          status.UNIMPLEMENTED,
          'stream subscriptions are not part of the protocol fake',
        );
      }
      return await serveSubscription(log, registry, call, options);
    }
    if (options.hasStream()) return await serveStreamRead(log, call, options);
    return await serveAllRead(log, call, options);
  } catch (error) {
    if (!(error instanceof CallEnded) && !ended(call)) fail(call, status.INTERNAL, String(error));
  }
};

const tooLargeError = (maxAppendSize: number) => {
  const metadata = new Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(maxAppendSize));
  return {
    code: status.INVALID_ARGUMENT,
    details: `Maximum Append Size of ${maxAppendSize} Exceeded.`,
    metadata,
  };
};

const serveAppend = (
  log: FakeLog,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void => {
  let options: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  let malformed: string | undefined;
  call.on('data', (request: AppendReq) => {
    try {
      if (options === undefined) {
        options = request.getOptions();
        if (options === undefined) throw new Error('the first message must carry the options');
        return;
      }
      const message = request.getProposedMessage();
      if (message === undefined) throw new Error('every later message must carry an event');
      events.push(proposedEvent(message));
    } catch (error) {
      malformed ??= (error as Error).message;
    }
  });
  call.on('end', () => {
    if (malformed !== undefined || options === undefined || events.length === 0) {
      callback({
        code: status.INVALID_ARGUMENT,
        details: malformed ?? 'an append needs options and events',
      });
      return;
    }
    const expected = appendExpected(options);
    const outcome = log.write(streamName(options.getStreamIdentifier()), expected, events);
    switch (outcome.kind) {
      case 'written':
      case 'idempotent':
        return callback(null, appendSuccess(outcome));
      case 'wrong-expected-version':
        return callback(null, appendWrongExpectedVersion(outcome, expected));
      case 'too-large':
        return callback(tooLargeError(outcome.maxAppendSize));
    }
  });
};

interface PendingBatch {
  readonly options: BatchAppendReq.Options;
  readonly expected: ExpectedVersion;
  readonly events: ProposedEvent[];
}

const batchResponse = (
  log: FakeLog,
  correlationId: UUID | undefined,
  batch: PendingBatch,
): BatchAppendResp => {
  const response = new BatchAppendResp();
  if (correlationId !== undefined) response.setCorrelationId(correlationId);
  response.setStreamIdentifier(batch.options.getStreamIdentifier());
  const outcome = log.write(
    streamName(batch.options.getStreamIdentifier()),
    batch.expected,
    batch.events,
  );
  switch (outcome.kind) {
    case 'written':
    case 'idempotent':
      response.setSuccess(batchSuccess(outcome));
      break;
    case 'wrong-expected-version':
      response.setError(batchWrongExpectedVersion(outcome, batch.expected));
      break;
    case 'too-large':
      response.setError(batchTooLarge(outcome.maxAppendSize));
      break;
  }
  return response;
};

/** One long-lived call carries many appends, each named by a correlation id. */
const serveBatchAppend = (
  log: FakeLog,
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
): void => {
  const pending = new Map<string, PendingBatch>();
  call.on('data', (request: BatchAppendReq) => {
    try {
      const key = uuidText(request.getCorrelationId());
      const options = request.getOptions();
      if (request.hasOptions() && options !== undefined) {
        pending.set(key, { options, expected: batchExpected(options), events: [] });
      }
      const batch = pending.get(key);
      if (batch === undefined) return;
      batch.events.push(...request.getProposedMessagesList().map(proposedEvent));
      if (!request.getIsFinal()) return;
      pending.delete(key);
      call.write(batchResponse(log, request.getCorrelationId(), batch));
    } catch (error) {
      call.emit('error', { code: status.INVALID_ARGUMENT, details: (error as Error).message });
    }
  });
  call.on('end', () => call.end());
};

const unimplemented = (_call: unknown, callback: sendUnaryData<never>): void =>
  callback({
    code: status.UNIMPLEMENTED,
    details: 'not part of the protocol fake: the ledger never deletes',
  });

export const streamsService = (log: FakeLog, registry: SubscriptionRegistry): IStreamsServer => ({
  read: (call) => void serveRead(log, registry, call),
  append: (call, callback) => serveAppend(log, call, callback),
  batchAppend: (call) => serveBatchAppend(log, call),
  delete: unimplemented,
  tombstone: unimplemented,
});
