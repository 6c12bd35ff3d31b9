import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, serviceError } from '@spiffworks/contracts';
import { PROBLEM_JSON, problemBody, toEdgeError } from './http-errors';

/** The largest JSON body the gateway reads; a larger one is a 413. */
export const JSON_BODY_LIMIT = '100kb';

/** No request body of the API nests deeper than a few levels; deeper junk is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A body-parser error: its status and message reach the client as `{ statusCode, message }`. */
function badBody(message: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type: 'entity.parse.failed' });
}

/** Scans the raw JSON for its nesting depth, without recursion (a deep body must not overflow the stack). */
export function checkJsonDepth(_req: IncomingMessage, _res: ServerResponse, buffer: Buffer): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of buffer) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw badBody(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
}

/** Keys that address prototypes are refused outright rather than silently dropped. */
export function rejectPrototypeKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw badBody(`${key} is not an allowed field`);
  return value;
}

export const jsonBodyOptions = { limit: JSON_BODY_LIMIT, verify: checkJsonDepth, reviver: rejectPrototypeKeys };

/** A route that reads its own body as a stream (a file upload), in one of these media types instead of JSON. */
export interface StreamedBodyRoute {
  method: string;
  path: string;
  /** A path with parameters (`/api/fulfillment/sales/{id}/attachments`), matched against the lower-cased path instead of `path`. */
  pattern?: RegExp;
  mediaTypes: readonly string[];
}

/**
 * A request that carries a body must send it as JSON (415 otherwise), so a form or text body is
 * never half-read as `{}`; a streamed route's body must be one of its own media types instead,
 * and is left unread for its handler.
 */
export function requireJsonBody(streamed: readonly StreamedBodyRoute[] = []) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const route = streamed.find((r) => r.method === req.method && (r.pattern ? r.pattern.test(pathOf(req)) : r.path === pathOf(req)));
    const accepted = route ? route.mediaTypes.includes(mediaType) : mediaType === 'application/json' || mediaType.endsWith('+json');
    if (!hasBody || accepted) {
      next();
      return;
    }
    const message = `content-type must be ${route ? route.mediaTypes.join(' or ') : 'application/json'}${mediaType ? `, not ${mediaType}` : ''}`;
    res.statusCode = 415;
    res.setHeader('content-type', `${PROBLEM_JSON}; charset=utf-8`);
    res.end(JSON.stringify(problemBody(serviceError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message))));
  };
}

/** The request's path as the router matches it: without the query, a trailing slash or case. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0].replace(/(.)\/+$/, '$1').toLowerCase();
}

/** Express error middleware: an error of a middleware before the router answers as problem details too. */
export function answerMiddlewareErrors(error: unknown, _req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
  if (res.headersSent) {
    next(error);
    return;
  }
  const problem = toEdgeError(error);
  res.statusCode = problem.status;
  res.setHeader('content-type', `${PROBLEM_JSON}; charset=utf-8`);
  res.end(JSON.stringify(problemBody(problem)));
}
