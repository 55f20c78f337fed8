/**
 * Which requests need a credential: everything under /api. Decided on the route Fastify
 * matched, not on the raw URL, so `/%61pi/funds` or `//api/funds` cannot route to an API
 * handler while looking like something else. A request that matched no route is judged on
 * its decoded path, so an unknown /api path answers 401 to strangers instead of telling them
 * it does not exist.
 */
import type { FastifyRequest } from 'fastify';

export const API_PREFIX = '/api';

const isApiPath = (path: string): boolean => {
  const lower = path.toLowerCase();
  return lower === API_PREFIX || lower.startsWith(`${API_PREFIX}/`);
};

const decodedPath = (url: string): string => {
  const path = url.split('?')[0].replace(/\/{2,}/g, '/');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

const judge = (request: FastifyRequest): boolean => {
  const route = request.is404 ? undefined : request.routeOptions.url;
  return route !== undefined && route !== '*'
    ? isApiPath(route)
    : isApiPath(decodedPath(request.url));
};

/** Judged once per request: authentication, the body rule, Cache-Control and the guard all ask. */
const judged = new WeakMap<FastifyRequest, boolean>();

export const needsCredential = (request: FastifyRequest): boolean => {
  let needs = judged.get(request);
  if (needs === undefined) {
    needs = judge(request);
    judged.set(request, needs);
  }
  return needs;
};
