/**
 * Prometheus metrics: HTTP traffic by route template (bounded label values), the ledger's
 * head position, how far the read models lag behind it, how their document cache holds up,
 * what the chain watch last found of the hash chain, and the process's own figures.
 */
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ChainWatch } from '../audit/chain-watch';
import { lastVerdict } from '../audit/chain-watch-state';
import { EventStore } from '../event-store/event-store';
import { EVENT_STORE } from '../infra/tokens';
import { DocumentWorkers } from '../projections/document-workers';
import { ProjectionRunner } from '../projections/projection-runner';

/** Seconds; spans a cached GET (~1 ms) to a cold as-of fold or a slow fsync. */
const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Requests that matched no route share one label, so scanners cannot grow the label set. */
const UNMATCHED_ROUTE = 'unmatched';

@Injectable()
export class LedgerMetrics implements OnModuleInit {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'ledger_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(EVENT_STORE) store: EventStore,
    runner: ProjectionRunner,
    workers: DocumentWorkers,
    watch: ChainWatch,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
    this.chainMetrics(watch);
    new Gauge({
      name: 'ledger_store_head_position',
      help: 'Position of the last event in the event store',
      registers: [this.registry],
      async collect() {
        this.set(Number(await store.headPosition()));
      },
    });
    new Counter({
      name: 'ledger_readmodel_current_documents_read_total',
      help:
        'Current read-model documents read whole from the file because the cache did not keep ' +
        'them (by the projection, to fold onto, or by a query); climbing while only commands ' +
        "arrive: the projection's working set is too small for what it writes",
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(runner.cacheFigures().currentDocumentsRead);
      },
    });
    new Gauge({
      name: 'ledger_readmodel_cached_cells',
      help: "Cells of read-model documents kept parsed: the projection's working set and the queries'",
      labelNames: ['cache'] as const,
      registers: [this.registry],
      collect() {
        const figures = runner.cacheFigures();
        this.set({ cache: 'working_set' }, figures.workingSetCells);
        this.set({ cache: 'queries' }, figures.queryCells);
      },
    });
    new Gauge({
      name: 'ledger_figure_workers',
      help:
        'Worker threads kept to share questions walking many investments (LEDGER_FIGURE_WORKERS); ' +
        'they end after a minute without one',
      registers: [this.registry],
      collect() {
        this.set(workers.running);
      },
    });
    new Counter({
      name: 'ledger_figure_worker_questions_total',
      help:
        'Questions shared among the figure workers, by outcome; a failed one was worked out in ' +
        "the service's own thread",
      labelNames: ['outcome'] as const,
      registers: [this.registry],
      collect() {
        const counts = workers.counts;
        this.reset();
        this.inc({ outcome: 'answered' }, counts.answered);
        this.inc({ outcome: 'failed' }, counts.failed);
      },
    });
    new Gauge({
      name: 'ledger_readmodel_position',
      help: 'Position of the last event the read models include',
      registers: [this.registry],
      collect() {
        this.set(Number(runner.current().position));
      },
    });
  }

  /**
   * What the chain watch's last verdict says, labelled with the chain's scope (global or
   * stream). No sample before the first verdict, nor with the watch off: a gauge of 0 would
   * read as a broken chain, one of 1 as a verified one.
   */
  private chainMetrics(watch: ChainWatch): void {
    const verdict = () => lastVerdict(watch.current());
    const scope = () => ({ scope: watch.scope });
    new Gauge({
      name: 'ledger_chain_intact',
      help: "1 when the chain watch's last verification found every link of the hash chain intact, 0 when it found one broken",
      labelNames: ['scope'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const last = verdict();
        if (last !== undefined) this.set(scope(), last.state === 'intact' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ledger_chain_verified_timestamp_seconds',
      help: "When the chain watch's last verification ended (Unix time, seconds)",
      labelNames: ['scope'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const last = verdict();
        if (last !== undefined) this.set(scope(), Date.parse(last.verifiedAt) / 1000);
      },
    });
    new Gauge({
      name: 'ledger_chain_events_verified',
      help: "Events the chain watch's last verification checked (up to the first broken link, when one is)",
      labelNames: ['scope'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const last = verdict();
        if (last !== undefined) this.set(scope(), last.eventsChecked);
      },
    });
    new Gauge({
      name: 'ledger_chain_first_broken_position',
      help: "Position of the first broken link the chain watch's last verification found; no sample while the chain is intact",
      labelNames: ['scope'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const last = verdict();
        if (last?.state === 'broken' && last.firstBrokenPosition !== undefined)
          this.set(scope(), Number(last.firstBrokenPosition));
      },
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      const method = request.method;
      this.requests.inc({ method, route, status: String(reply.statusCode) });
      this.latency.observe({ method, route }, reply.elapsedTime / 1000);
    });
  }
}
