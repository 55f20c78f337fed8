/**
 * EsdbProtocolFake: a TEST DOUBLE of an EventStoreDB node, speaking its gRPC protocol.
 *
 * No EventStoreDB server can run where the tests run, so the EventStoreDB adapter is tested
 * through the real @eventstore/db-client, over real gRPC (@grpc/grpc-js, plaintext on
 * loopback), against this in-process server. It is built on the service definitions that
 * ship inside the client package (`@eventstore/db-client/generated`), so every message is
 * encoded and decoded exactly as between the client and a real node.
 *
 * It implements only what the ledger's calls need, with EventStoreDB's documented semantics:
 * - Streams.Read: a stream forwards or backwards (stream-not-found for a missing one),
 *   $all forwards or backwards, catch-up subscriptions to $all with stream-name or event-type
 *   filters (prefixes or a regex), checkpoints and the caught-up message;
 * - Streams.Append and Streams.BatchAppend: expected versions, wrong-expected-version
 *   details, idempotent event ids, the default 1 MiB MaxAppendSize;
 * - ServerFeatures.GetSupportedMethods and Gossip.Read.
 * Not implemented: stream subscriptions, persistent subscriptions, deletes, projections,
 * users, authentication (it runs as an insecure node) and TLS.
 *
 * Connect the real client with `fake.connectionString` (esdb://127.0.0.1:<port>?tls=false).
 * For resilience tests it can drop every live subscription or restart on the same port.
 */
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { FakeLog } from './fake-log';
import { gossipService, serverFeaturesService } from './node-services';
import { streamsService, SubscriptionRegistry } from './streams-service';

export { FakeLog } from './fake-log';
export { FAKE_SERVER_VERSION } from './node-services';

const HOST = '127.0.0.1';

export interface EsdbProtocolFakeOptions {
  /**
   * Advertise Streams.BatchAppend, as servers since 21.10 do (the client then appends over
   * one long-lived call); false makes the client use one Append call per append.
   */
  readonly batchAppend?: boolean;
  readonly maxAppendSize?: number;
}

const bind = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) =>
    server.bindAsync(`${HOST}:${port}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

export class EsdbProtocolFake {
  readonly log: FakeLog;
  private readonly subscriptions: SubscriptionRegistry = new Set();
  private server: Server | undefined;
  private port = 0;
  /** Set by stop: a restart still waiting out its downtime does not come back. */
  private stopped = false;
  /** Ends a restart's downtime at once (stop calls it, so no timer outlives the fake). */
  private endDowntime: (() => void) | undefined;

  private constructor(private readonly options: EsdbProtocolFakeOptions) {
    this.log = new FakeLog({ maxAppendSize: options.maxAppendSize });
  }

  /** Starts a fresh node on a free loopback port. */
  static async start(options: EsdbProtocolFakeOptions = {}): Promise<EsdbProtocolFake> {
    const fake = new EsdbProtocolFake(options);
    await fake.listen(0);
    return fake;
  }

  get connectionString(): string {
    return `esdb://${HOST}:${this.port}?tls=false`;
  }

  /** Makes the client discover the node through gossip, as it does with a cluster. */
  get discoveryConnectionString(): string {
    return `esdb+discover://${HOST}:${this.port}?tls=false`;
  }

  get activeSubscriptions(): number {
    return this.subscriptions.size;
  }

  /** Adds a system event at the end of the log, as a node writing statistics does. */
  writeSystemEvent(): void {
    this.log.writeSystemEvent();
  }

  /** Ends every live subscription with UNAVAILABLE, as a node that lost leadership does. */
  dropSubscriptions(): void {
    for (const call of [...this.subscriptions]) {
      call.emit('error', {
        code: status.UNAVAILABLE,
        details: 'subscription dropped by the protocol fake',
      });
    }
  }

  /** Goes away (every call fails) and comes back on the same port, keeping its log. */
  async restart(downtimeMs = 0): Promise<void> {
    // Called after stop, it brings the node back; stop during its downtime keeps it away.
    this.stopped = false;
    this.server?.forceShutdown();
    this.server = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, downtimeMs);
      this.endDowntime = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.endDowntime = undefined;
    if (!this.stopped) await this.listen(this.port);
  }

  /**
   * Commits the next write to `stream` (its server-side name), then goes away for `downtimeMs`
   * before answering it, as a node that restarts right after a commit: the client never gets
   * the answer of an append that was recorded.
   */
  loseAnswerAfterNextWrite(stream: string, downtimeMs: number): void {
    const write = this.log.write.bind(this.log);
    this.log.write = (streamId, expected, events) => {
      const outcome = write(streamId, expected, events);
      if (streamId === stream) {
        this.log.write = write;
        void this.restart(downtimeMs);
      }
      return outcome;
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endDowntime?.();
    const server = this.server;
    this.server = undefined;
    // Subscriptions and the client's batch-append call never end by themselves: cut them.
    server?.forceShutdown();
  }

  private async listen(port: number): Promise<void> {
    const server = new Server();
    server.addService(StreamsService, streamsService(this.log, this.subscriptions));
    server.addService(
      ServerFeaturesService,
      serverFeaturesService(this.options.batchAppend ?? true),
    );
    server.addService(
      GossipService,
      gossipService(() => ({ address: HOST, port: this.port })),
    );
    this.port = await bind(server, port);
    this.server = server;
  }
}
