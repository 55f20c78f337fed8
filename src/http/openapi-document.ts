/**
 * What the OpenAPI document says beyond what the controllers' decorators give it, the same
 * for every operation:
 * - every id in a path has the pattern the service checks it against (IdParam: a
 *   client-chosen id as ID_SCHEMA; a user id as USER_ID_PATTERN);
 * - every operation names the roles allowed to call it, from the same @Roles the guard
 *   judges (carried as the `x-roles` extension), as a last line of its description.
 */
import type { OpenAPIObject } from '@nestjs/swagger';
import { ID_SCHEMA, USER_ID_PATTERN } from '../shared/input-limits';
import { ROLES } from '../shared/roles';

/** The operation extension @Roles writes: the roles the guard lets call the operation. */
export const ROLES_EXTENSION = 'x-roles';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Parameter {
  readonly name: string;
  readonly in: string;
  schema?: Record<string, unknown>;
}

interface Operation {
  description?: string;
  parameters?: (Parameter | { $ref: string })[];
  [ROLES_EXTENSION]?: readonly string[];
}

/** The schema of a path parameter that names an id, or undefined for any other parameter. */
export const pathIdSchema = (name: string): Record<string, unknown> | undefined => {
  if (name === 'userId') return { type: 'string', pattern: USER_ID_PATTERN.source };
  if (name === 'id' || name.endsWith('Id')) return { type: 'string', ...ID_SCHEMA };
  return undefined;
};

/**
 * The sentence naming who may call an operation. An /api read without @Roles is open to every
 * authenticated role; a path outside /api takes no token; an /api write without @Roles is
 * refused to everyone (the guard fails closed), and says so.
 */
export const rolesSentence = (
  path: string,
  method: string,
  roles: readonly string[] | undefined,
): string => {
  if (roles !== undefined) return `Roles: ${roles.join(', ')}.`;
  if (!path.startsWith('/api/') && path !== '/api') return 'Roles: none (no token).';
  if (method === 'get' || method === 'head') return `Roles: every role (${ROLES.join(', ')}).`;
  return 'Roles: none (refused to every caller).';
};

const withRoles = (description: string | undefined, sentence: string): string =>
  description === undefined || description.trim() === ''
    ? sentence
    : `${description.trimEnd()}\n\n${sentence}`;

/** The document with id patterns on path parameters and the roles named on each operation. */
export const describeIdsAndRoles = (document: OpenAPIObject): OpenAPIObject => {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      for (const parameter of operation.parameters ?? []) {
        if ('$ref' in parameter || parameter.in !== 'path') continue;
        const schema = pathIdSchema(parameter.name);
        if (schema) parameter.schema = { ...(parameter.schema ?? {}), ...schema };
      }
      operation.description = withRoles(
        operation.description,
        rolesSentence(path, method, operation[ROLES_EXTENSION]),
      );
    }
  }
  return document;
};
