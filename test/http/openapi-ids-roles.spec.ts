/**
 * What docs/API.md says the OpenAPI document states, it states: every id in a path or a
 * request body has the id pattern (and the reserved names apart), every operation names the
 * roles the guard lets call it, and the refusal codes the service sends are named on their
 * operations.
 */
import { ID_SHAPE, RESERVED_IDS, USER_ID_PATTERN } from '../../src/shared/input-limits';
import { ROLES } from '../../src/shared/roles';
import { startTestApp, TestApp } from '../support/test-app';

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly pattern?: string;
  readonly not?: { readonly enum?: readonly string[] };
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly description?: string;
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: Schema;
}

interface Operation {
  readonly description?: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
  readonly 'x-roles'?: readonly string[];
}

interface Document {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const operationsOf = (document: Document): [string, Operation][] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]): [string, Operation] => [
        `${method.toUpperCase()} ${path}`,
        operation,
      ]),
  );

/** Every `…Id` property (and `id`) of a request body, as `Schema.path`, with its schema. */
const bodyIds = (document: Document): [string, Schema][] => {
  const found = new Map<string, Schema>();
  const seen = new Set<string>();
  const walk = (schema: Schema | undefined, at: string): void => {
    if (!schema) return;
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      if (seen.has(name)) return;
      seen.add(name);
      walk(document.components.schemas[name], name);
      return;
    }
    for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])])
      walk(part, at);
    walk(schema.items, at);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (name === 'id' || name.endsWith('Id')) found.set(`${at}.${name}`, property);
      walk(property, `${at}.${name}`);
    }
  };
  for (const [name, operation] of operationsOf(document)) {
    for (const media of Object.values(operation.requestBody?.content ?? {}))
      walk(media.schema, name);
  }
  return [...found.entries()];
};

describe('ids, roles and codes in the OpenAPI document', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.anonymous().get('/docs-json').expect(200)).body as Document;
  });
  afterAll(async () => t.close());

  const operation = (method: string, path: string): Operation => {
    const found = document.paths[path]?.[method];
    if (!found) throw new Error(`no ${method.toUpperCase()} ${path} in the document`);
    return found;
  };

  it('gives every id path parameter the pattern the service checks it against', () => {
    const parameters = operationsOf(document).flatMap(([name, op]) =>
      (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ name, parameter: p })),
    );
    expect(parameters.length).toBeGreaterThan(30);
    const without = parameters
      .filter(({ parameter }) => parameter.schema?.pattern === undefined)
      .map(({ name, parameter }) => `${name} ${parameter.name}`);
    expect(without).toEqual([]);
    for (const { name, parameter } of parameters) {
      const expected =
        parameter.name === 'userId'
          ? { type: 'string', pattern: USER_ID_PATTERN.source }
          : { type: 'string', pattern: ID_SHAPE.source, not: { enum: [...RESERVED_IDS] } };
      expect({ name, parameter: parameter.name, schema: parameter.schema }).toEqual({
        name,
        parameter: parameter.name,
        schema: expected,
      });
    }
  });

  it('gives every id a request body carries the id pattern and the reserved names apart', () => {
    const ids = bodyIds(document);
    expect(ids.map(([at]) => at)).toEqual(
      expect.arrayContaining([
        'AllocateFundsDto.investmentId',
        'AllocateFundsDto.trancheId',
        'BenefitLineDoc.benefitLineId',
        'CostLineDoc.costLineId',
        'RecordCostDto.costLineId',
      ]),
    );
    const without = ids
      .filter(([, schema]) => schema.pattern === undefined)
      .map(([at]) => at)
      .sort();
    expect(without).toEqual([]);
    for (const [at, schema] of ids) {
      // A user id (projectLead, owner: not …Id) has its own pattern; every …Id here is an id.
      expect({ at, pattern: schema.pattern, not: schema.not }).toEqual({
        at,
        pattern: at.endsWith('.userId') ? USER_ID_PATTERN.source : ID_SHAPE.source,
        not: at.endsWith('.userId') ? undefined : { enum: [...RESERVED_IDS] },
      });
    }
  });

  it('names on every operation the roles allowed to call it', () => {
    const unnamed = operationsOf(document)
      .filter(([, op]) => !/(^|\n)Roles: [^\n]+\.$/.test(op.description ?? ''))
      .map(([name]) => name);
    expect(unnamed).toEqual([]);
    const roles = (method: string, path: string): string =>
      /Roles: ([^\n]+)\.$/.exec(operation(method, path).description ?? '')![1]!;
    expect(roles('post', '/api/funds')).toBe('finance');
    expect(roles('post', '/api/funds/{fundId}/allocations')).toBe('finance');
    expect(roles('put', '/api/investments/{id}/benefit-case')).toBe('finance, project-lead');
    expect(roles('post', '/api/investments/{id}/effect-reports')).toBe('project-lead');
    expect(roles('post', '/api/users')).toBe('admin');
    expect(roles('get', '/api/users')).toBe('admin');
    expect(roles('get', '/api/funds')).toBe(`every role (${ROLES.join(', ')})`);
    expect(roles('get', '/health')).toBe('none (no token)');
    expect(operation('post', '/api/investments/{id}/harvests')['x-roles']).toEqual(['finance']);
    // Every write under /api declares its roles (the guard refuses a write without them).
    const writesWithout = operationsOf(document)
      .filter(([name]) => name.startsWith('POST /api') || name.startsWith('PUT /api'))
      .filter(([, op]) => (op['x-roles'] ?? []).length === 0)
      .map(([name]) => name);
    expect(writesWithout).toEqual([]);
  });

  it('names the refusal codes the service sends for these operations', () => {
    const says = (method: string, path: string): string => operation(method, path).description!;
    expect(says('post', '/api/investments/{id}/effect-reports')).toContain(
      'PERIOD_OUTSIDE_HORIZON',
    );
    expect(says('post', '/api/investments/{id}/baseline-revisions')).toContain(
      '404 BENEFIT_CASE_VERSION_NOT_FOUND',
    );
    expect(says('post', '/api/funds/{fundId}/allocations/{allocationId}/reductions')).toMatch(
      /REDUCTION_BELOW_SPENT \(with `spent`, '?`remaining` and `largestReduction`\)/,
    );
    const problem = JSON.stringify(document.components.schemas.ProblemDto);
    expect(problem).not.toContain('INVALID_INPUT');
    expect(problem).not.toContain('INPUT_INVALID');
    expect(problem).toContain('VALIDATION_FAILED');
  });
});
