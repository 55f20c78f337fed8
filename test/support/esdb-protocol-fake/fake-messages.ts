/**
 * Protocol messages of the EventStoreDB protocol fake (a test double): the protobuf classes
 * generated inside @eventstore/db-client, turned into and out of the fake log's plain values.
 * The response classes must be these very classes: the service definitions' serialisers
 * check `instanceof`.
 */
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  Empty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion as SharedWrongExpectedVersion,
  AllStreamPosition,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import { ExpectedVersion, ProposedEvent, StoredRecord, WriteOutcome } from './fake-log';

export const streamName = (identifier: StreamIdentifier | undefined): string => {
  if (identifier === undefined) throw new Error('a stream identifier is required');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
};

export const streamIdentifier = (name: string): StreamIdentifier => {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
  return identifier;
};

/** A uuid as the client sends it (string form) or as other clients do (two 64-bit halves). */
export const uuidText = (uuid: UUID | undefined): string => {
  if (uuid === undefined) throw new Error('a uuid is required');
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const structured = uuid.getStructured();
  if (structured === undefined) throw new Error('an empty uuid');
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
  bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const uuidOf = (text: string): UUID => {
  const uuid = new UUID();
  uuid.setString(text);
  return uuid;
};

type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

/** A proposed event; the server requires `type` and `content-type` in its metadata map. */
export const proposedEvent = (message: Proposed): ProposedEvent => {
  const type = message.getMetadataMap().get('type');
  const contentType = message.getMetadataMap().get('content-type');
  if (type === undefined || contentType === undefined) {
    throw new Error('a proposed message needs the type and content-type metadata');
  }
  return {
    eventId: uuidText(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

export const appendExpected = (options: AppendReq.Options): ExpectedVersion => {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no-stream' };
  if (options.hasStreamExists()) return { kind: 'stream-exists' };
  return { kind: 'any' };
};

export const batchExpected = (options: BatchAppendReq.Options): ExpectedVersion => {
  if (options.hasStreamPosition()) {
    return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  }
  if (options.hasNoStream()) return { kind: 'no-stream' };
  if (options.hasStreamExists()) return { kind: 'stream-exists' };
  return { kind: 'any' };
};

export const recordedEvent = (record: StoredRecord): ReadResp.ReadEvent.RecordedEvent => {
  const event = new ReadResp.ReadEvent.RecordedEvent();
  event.setId(uuidOf(record.eventId));
  event.setStreamIdentifier(streamIdentifier(record.streamId));
  event.setStreamRevision(record.revision.toString());
  event.setPreparePosition(record.position.toString());
  event.setCommitPosition(record.position.toString());
  event
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.createdTicks);
  event.setCustomMetadata(record.metadata);
  event.setData(record.data);
  return event;
};

export const eventResponse = (record: StoredRecord): ReadResp => {
  const readEvent = new ReadResp.ReadEvent();
  readEvent.setEvent(recordedEvent(record));
  readEvent.setCommitPosition(record.position.toString());
  const response = new ReadResp();
  response.setEvent(readEvent);
  return response;
};

export const confirmationResponse = (subscriptionId: string): ReadResp => {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  const response = new ReadResp();
  response.setConfirmation(confirmation);
  return response;
};

export const checkpointResponse = (position: bigint): ReadResp => {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const response = new ReadResp();
  response.setCheckpoint(checkpoint);
  return response;
};

export const caughtUpResponse = (): ReadResp => {
  const response = new ReadResp();
  response.setCaughtUp(new ReadResp.CaughtUp());
  return response;
};

export const streamNotFoundResponse = (name: string): ReadResp => {
  const notFound = new ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(streamIdentifier(name));
  const response = new ReadResp();
  response.setStreamNotFound(notFound);
  return response;
};

type Written = Extract<WriteOutcome, { kind: 'written' | 'idempotent' }>;
type Refused = Extract<WriteOutcome, { kind: 'wrong-expected-version' }>;

/**
 * A successful append. An idempotent repeat carries no position, as the servers that did not
 * look the original position up answered: a client must not rely on one.
 */
export const appendSuccess = (outcome: Written): AppendResp => {
  const success = new AppendResp.Success();
  success.setCurrentRevision(outcome.lastRevision.toString());
  if (outcome.kind === 'written') {
    const position = new AppendResp.Position();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    success.setPosition(position);
  } else {
    success.setNoPosition(new Empty());
  }
  const response = new AppendResp();
  response.setSuccess(success);
  return response;
};

export const appendWrongExpectedVersion = (
  outcome: Refused,
  expected: ExpectedVersion,
): AppendResp => {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  switch (expected.kind) {
    case 'revision':
      wrong.setExpectedRevision(expected.revision.toString());
      break;
    case 'no-stream':
      wrong.setExpectedNoStream(new Empty());
      break;
    case 'stream-exists':
      wrong.setExpectedStreamExists(new Empty());
      break;
    case 'any':
      wrong.setExpectedAny(new Empty());
      break;
  }
  const response = new AppendResp();
  response.setWrongExpectedVersion(wrong);
  return response;
};

export const batchSuccess = (outcome: Written): BatchAppendResp.Success => {
  const success = new BatchAppendResp.Success();
  success.setCurrentRevision(outcome.lastRevision.toString());
  if (outcome.kind === 'written') {
    const position = new AllStreamPosition();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    success.setPosition(position);
  } else {
    success.setNoPosition(new GoogleEmpty());
  }
  return success;
};

/** A google.rpc.Status whose details name the error, as the server's batch append answers. */
const errorStatus = (
  code: Code,
  message: string,
  details: Uint8Array,
  typeName: string,
): Status => {
  const any = new Any();
  any.pack(details, typeName);
  const status = new Status();
  status.setCode(code);
  status.setMessage(message);
  status.setDetails(any);
  return status;
};

export const batchWrongExpectedVersion = (outcome: Refused, expected: ExpectedVersion): Status => {
  const wrong = new SharedWrongExpectedVersion();
  if (outcome.current === undefined) wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  switch (expected.kind) {
    case 'revision':
      wrong.setExpectedStreamPosition(expected.revision.toString());
      break;
    case 'no-stream':
      wrong.setExpectedNoStream(new GoogleEmpty());
      break;
    case 'stream-exists':
      wrong.setExpectedStreamExists(new GoogleEmpty());
      break;
    case 'any':
      wrong.setExpectedAny(new GoogleEmpty());
      break;
  }
  return errorStatus(
    Code.FAILED_PRECONDITION,
    'Wrong expected version.',
    wrong.serializeBinary(),
    'event_store.client.WrongExpectedVersion',
  );
};

export const batchTooLarge = (maxAppendSize: number): Status => {
  const exceeded = new MaximumAppendSizeExceeded();
  exceeded.setMaxappendsize(maxAppendSize);
  return errorStatus(
    Code.INVALID_ARGUMENT,
    `Maximum Append Size of ${maxAppendSize} Exceeded.`,
    exceeded.serializeBinary(),
    'event_store.client.MaximumAppendSizeExceeded',
  );
};
