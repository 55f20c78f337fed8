/**
 * GET /docs-json describes every answer: each operation's success answers carry a schema (a
 * client generated from the document is typed), and the schemas say what the service really
 * answers. The second part reads the demo ledger (corrections, harvests, overrides, waivers,
 * a closed investment) through the running service and checks each JSON answer against its
 * documented schema: required names present, nothing undocumented, JSON types and enums as
 * documented.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app';
import { buildDemoLedger, DemoBuild, demoConfig } from '../../src/demo/demo-runner';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { createLogger } from '../../src/infra/logger';
import { ID_PATTERN, ID_SHAPE } from '../../src/shared/input-limits';
import {
  answerSchema,
  danglingRefs,
  OpenApiDocument,
  operationsWithoutSchemas,
  patternsIn,
  portablePattern,
  Schema,
  shapeProblems,
} from './support/openapi';

const GROUP_BYS = ['fund', 'tranche', 'department', 'class', 'investment'];

describe('the OpenAPI document', () => {
  let dir: string;
  let app: NestFastifyApplication;
  let url: string;
  let build: DemoBuild;
  let document: OpenApiDocument;

  const tokenOf = (role: string): string => {
    const credential = build.credentials.find((c) => c.role === role);
    if (!credential) throw new Error(`the demo has no ${role}`);
    return credential.token;
  };
  const get = (path: string, role = 'finance'): request.Test =>
    request(url)
      .get(path)
      .set('Authorization', `Bearer ${tokenOf(role)}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
    const path = join(dir, 'demo.sqlite');
    build = await buildDemoLedger({ env: {}, path });
    app = await createApp({
      config: demoConfig({}, path, false),
      store: SqliteEventStore.open(path),
      logger: createLogger('silent'),
    });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    document = (await request(url).get('/docs-json').expect(200)).body as OpenApiDocument;
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every operation a schema for each of its success answers', () => {
    expect(Object.keys(document.paths).length).toBeGreaterThan(30);
    expect(operationsWithoutSchemas(document)).toEqual([]);
    expect(danglingRefs(document)).toEqual([]);
  });

  it('writes every pattern so any regular-expression engine compiles it (no look-around, no back-reference)', () => {
    const patterns = patternsIn(document);
    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns.filter((pattern) => !portablePattern(pattern))).toEqual([]);
    // The check can fail: the look-ahead ID_PATTERN itself is not portable.
    expect(portablePattern(ID_PATTERN.source)).toBe(false);
  });

  it('describes a client-chosen id as its shape and the reserved names apart, as the service checks it', () => {
    const ids = Object.values(document.components?.schemas ?? {}).flatMap((schema) =>
      Object.values(schema.properties ?? {}).filter(
        (property) => (property as { pattern?: string }).pattern === ID_SHAPE.source,
      ),
    );
    expect(ids.length).toBeGreaterThan(5);
    for (const property of ids) {
      expect(property).toMatchObject({ not: { enum: ['constructor'] } });
    }
    // What the document says an id may be is what the service accepts.
    const documented = (id: string): boolean =>
      new RegExp(ID_SHAPE.source).test(id) && !['constructor'].includes(id);
    for (const id of [
      'e-arkiv',
      'constructor',
      'constructor-2',
      'a',
      'A',
      '-a',
      '',
      'x'.repeat(65),
    ]) {
      expect([id, documented(id)]).toEqual([id, ID_PATTERN.test(id)]);
    }
  });

  it('finds an operation whose answer has no schema (the check can fail)', () => {
    const broken: OpenApiDocument = {
      paths: {
        '/a': { get: { responses: { '200': { content: { 'application/json': {} } } } } },
        '/b': { post: { responses: { '201': { description: 'recorded' } as never } } },
        '/c': { get: { responses: { '400': { content: {} } } } },
        '/d': { delete: { responses: { '204': {} } } },
      },
    };
    expect(operationsWithoutSchemas(broken)).toEqual([
      'GET /a 200 application/json (no schema)',
      'POST /b 201 (no content)',
      'GET /c (no success answer)',
    ]);
  });

  it('finds a missing, an undocumented and a mistyped field (the shape check can fail)', () => {
    const schema: Schema = {
      type: 'object',
      required: ['id', 'amount'],
      properties: {
        id: { type: 'string' },
        amount: { type: 'string' },
        count: { type: 'integer', nullable: true },
      },
    };
    expect(shapeProblems(document, schema, { id: 'a', amount: 5, extra: true })).toEqual([
      '$.extra: answered, not documented',
      '$.amount: a JSON integer, documented as string',
    ]);
    expect(shapeProblems(document, schema, { amount: '1.00', count: null })).toEqual([
      '$.id: required, missing',
    ]);
  });

  /** The operation's documented JSON answer against what the service answers at `path`. */
  const expectShape = async (
    template: string,
    path: string,
    role = 'finance',
  ): Promise<unknown> => {
    const answer = await get(path, role).expect(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const problems = shapeProblems(document, answerSchema(document, 'get', template), answer.body);
    expect({ path, problems }).toEqual({ path, problems: [] });
    return answer.body;
  };

  it('documents what GET /api/funds and GET /api/funds/{fundId} answer', async () => {
    const { funds } = (await expectShape('/api/funds', '/api/funds')) as {
      funds: { fundId: string; overriddenAllocations: unknown[]; overriddenBaselines: unknown[] }[];
    };
    expect(funds.length).toBeGreaterThan(0);
    // The demo's overrides: the nested lists are checked, not only empty ones.
    expect(funds.some((f) => f.overriddenAllocations.length > 0)).toBe(true);
    expect(funds.some((f) => f.overriddenBaselines.length > 0)).toBe(true);
    for (const { fundId } of funds)
      await expectShape('/api/funds/{fundId}', `/api/funds/${fundId}`);
  });

  it('documents what every investment answers: summary, figures and history', async () => {
    const { investments } = (await expectShape('/api/investments', '/api/investments')) as {
      investments: { investmentId: string }[];
    };
    expect(investments.length).toBeGreaterThan(5);
    for (const { investmentId } of investments) {
      await expectShape('/api/investments/{id}', `/api/investments/${investmentId}`);
      await expectShape(
        '/api/investments/{id}/forecast-vs-actual',
        `/api/investments/${investmentId}/forecast-vs-actual?grain=quarter`,
      );
      await expectShape(
        '/api/investments/{id}/history',
        `/api/investments/${investmentId}/history`,
        'auditor',
      );
    }
  });

  it('documents what the reports answer in JSON', async () => {
    for (const groupBy of GROUP_BYS) {
      await expectShape(
        '/api/reports/forecast-vs-actual',
        `/api/reports/forecast-vs-actual?groupBy=${groupBy}`,
      );
    }
    await expectShape('/api/reports/follow-up', '/api/reports/follow-up');
    await expectShape('/api/reports/board', '/api/reports/board?asOf=2021-06-30&since=2019-01-01');
  });

  it('documents what the audit, people and sign-in endpoints answer', async () => {
    const { digest } = (await expectShape('/api/audit/digest', '/api/audit/digest', 'auditor')) as {
      digest: string;
    };
    await expectShape('/api/audit/verify', `/api/audit/verify?digest=${digest}`, 'auditor');
    await expectShape('/api/audit/changes', '/api/audit/changes?limit=50', 'auditor');
    await expectShape('/api/events', '/api/events?limit=50', 'auditor');
    await expectShape('/api/me', '/api/me');
    await expectShape('/api/people', '/api/people');
    await expectShape('/api/users', '/api/users', 'admin');
    await expectShape('/auth/config', '/auth/config');
    await expectShape('/health', '/health');
  });

  it('documents the answer of a recorded command and of a refusal', async () => {
    const recorded = await request(url)
      .post('/api/investments')
      .set('Authorization', `Bearer ${tokenOf('finance')}`)
      .send({
        investmentId: 'openapi-check',
        title: 'Checking the document',
        department: 'Kommunledningsförvaltningen',
        projectLead: build.credentials.find((c) => c.role === 'project-lead')!.userId,
        need: 'A typed client',
      })
      .expect(201);
    expect(
      shapeProblems(
        document,
        answerSchema(document, 'post', '/api/investments', '201'),
        recorded.body,
      ),
    ).toEqual([]);

    const refused = await get('/api/funds?asOf=2017-02-30').expect(400);
    const problemSchema =
      document.paths['/api/funds']?.get?.responses?.default?.content?.['application/problem+json']
        ?.schema;
    expect(problemSchema).toBeDefined();
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(shapeProblems(document, problemSchema!, refused.body)).toEqual([]);
  });
});
