/**
 * Reading the service's own OpenAPI document (GET /docs-json): which operations answer a
 * success without a schema, and whether a real JSON answer has the shape its schema names.
 */

export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly additionalProperties?: boolean | Schema;
  readonly allOf?: readonly Schema[];
}

interface MediaType {
  readonly schema?: Schema;
}

interface Operation {
  readonly responses?: Readonly<Record<string, { readonly content?: Record<string, MediaType> }>>;
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components?: { readonly schemas?: Readonly<Record<string, Schema>> };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const NO_CONTENT = '204';

/**
 * `METHOD /path` of every operation with no 2xx answer at all, or with a 2xx answer (other
 * than 204) one of whose media types has no schema, or that has no media type.
 */
export const operationsWithoutSchemas = (document: OpenApiDocument): string[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .flatMap(([method, operation]) => {
        const name = `${method.toUpperCase()} ${path}`;
        const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
          status.startsWith('2'),
        );
        if (successes.length === 0) return [`${name} (no success answer)`];
        return successes
          .filter(([status]) => status !== NO_CONTENT)
          .flatMap(([status, response]) => {
            const media = Object.entries(response.content ?? {});
            if (media.length === 0) return [`${name} ${status} (no content)`];
            return media
              .filter(([, type]) => type.schema === undefined)
              .map(([type]) => `${name} ${status} ${type} (no schema)`);
          });
      }),
  );

/** Every `$ref` in the document that names no schema of its components. */
export const danglingRefs = (document: OpenApiDocument): string[] => {
  const names = new Set(Object.keys(document.components?.schemas ?? {}));
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)];
  return [...new Set(refs.map((match) => match[1]!))].filter((name) => !names.has(name));
};

/** The JSON schema of an operation's 200 (or 201) application/json answer. */
export const answerSchema = (
  document: OpenApiDocument,
  method: string,
  path: string,
  status = '200',
): Schema => {
  const schema =
    document.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no JSON schema for ${method.toUpperCase()} ${path} ${status}`);
  return schema;
};

const resolve = (document: OpenApiDocument, schema: Schema): Schema => {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
    const resolved = resolve(document, target);
    return schema.nullable ? { ...resolved, nullable: true } : resolved;
  }
  if (schema.allOf !== undefined) {
    // A nested DTO (`allOf: [{ $ref }]`, nullable beside it) or a composition of several.
    const parts = schema.allOf.map((part) => resolve(document, part));
    return parts.reduce<Schema>(
      (all, part) => ({
        type: 'object',
        nullable: all.nullable,
        properties: { ...all.properties, ...part.properties },
        required: [...(all.required ?? []), ...(part.required ?? [])],
      }),
      { type: 'object', properties: {}, required: [], nullable: schema.nullable },
    );
  }
  return schema;
};

const typeOfJson = (value: unknown): string => {
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
};

const typeFits = (expected: string, actual: string): boolean =>
  expected === actual || (expected === 'number' && actual === 'integer');

/**
 * Where `value` departs from `schema`: a required property missing, a property the schema
 * does not name, a null where none is allowed, a JSON type other than the documented one,
 * or a value outside its enum. Each problem names its path in the answer.
 */
export const shapeProblems = (
  document: OpenApiDocument,
  schema: Schema,
  value: unknown,
  at = '$',
): string[] => {
  const resolved = resolve(document, schema);
  if (value === null) return resolved.nullable ? [] : [`${at}: null, not documented as nullable`];
  if (resolved.enum !== undefined && !resolved.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} is not one of ${resolved.enum.join(', ')}`];
  const actual = typeOfJson(value);
  const expected = resolved.type ?? (resolved.properties ? 'object' : undefined);
  if (expected !== undefined && !typeFits(expected, actual))
    return [`${at}: a JSON ${actual}, documented as ${expected}`];
  if (actual === 'array' && resolved.items !== undefined) {
    return (value as unknown[]).flatMap((item, index) =>
      shapeProblems(document, resolved.items!, item, `${at}[${index}]`),
    );
  }
  if (actual !== 'object' || resolved.properties === undefined) return [];
  const record = value as Record<string, unknown>;
  const properties = resolved.properties;
  const missing = (resolved.required ?? [])
    .filter((name) => !(name in record))
    .map((name) => `${at}.${name}: required, missing`);
  const undocumented =
    resolved.additionalProperties === undefined || resolved.additionalProperties === false
      ? Object.keys(record)
          .filter((name) => !(name in properties))
          .map((name) => `${at}.${name}: answered, not documented`)
      : [];
  const nested = Object.entries(record)
    .filter(([name]) => name in properties)
    .flatMap(([name, item]) => shapeProblems(document, properties[name]!, item, `${at}.${name}`));
  return [...missing, ...undocumented, ...nested];
};

/** Every `pattern` anywhere in the document (request bodies, parameters, answers). */
export const patternsIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(patternsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'pattern' && typeof inner === 'string' ? [inner] : patternsIn(inner),
  );
};

/**
 * Whether a pattern avoids what RE2-based engines (Go's regexp, and the validators and
 * generated clients built on it) refuse: look-ahead, look-behind and back-references.
 */
export const portablePattern = (pattern: string): boolean =>
  !/\(\?[=!]|\(\?<[=!]|\\[1-9]|\\k</.test(pattern);
