import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type FieldIssue, type FieldIssueCode } from './errors.ts';
import { isDatabaseUnavailable } from '../db/client.ts';

/** The one shape of every error Trio returns (RFC 9457). */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldIssue[];
  [extra: string]: unknown;
};

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 405: 'Method not allowed',
  406: 'Not acceptable', 408: 'Request timeout', 409: 'Conflict', 413: 'Payload too large', 414: 'URI too long',
  415: 'Unsupported media type', 422: 'Unprocessable content', 429: 'Too many requests', 431: 'Request header fields too large',
  500: 'Internal server error', 503: 'Service unavailable',
};

export type ProblemInput = { status: number; code: string; detail: string; title?: string; errors?: FieldIssue[]; [extra: string]: unknown };

function problemBody(p: ProblemInput, instance?: string): Problem {
  return { ...p, type: `https://trio.dev/problems/${p.code}`, title: p.title ?? TITLES[p.status] ?? STATUS_CODES[p.status] ?? 'Error', instance };
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: ProblemInput) {
  return reply.code(p.status).type('application/problem+json').send(problemBody(p, req.url));
}

/**
 * A refusal a crowd gets alike (the losers of a flash sale or of a group gift): made once, its problem+json written
 * once in the order the response schema writes it (type, title, status, code, detail, instance, then the rest), and
 * sent as text to each (`send`; no Error made per request, no serializer run). Thrown, the error handler sends it the
 * same way. `instance` is the request's path, as sendProblem's.
 */
export class PreparedProblem extends AppError {
  private readonly head: string;
  private readonly tail: string;

  constructor(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(status, code, message, extra);
    const { type, title, detail, instance: _none, errors, ...rest } = problemBody({ status, code, detail: message, ...extra });
    this.head = `${JSON.stringify({ type, title, status, code, detail }).slice(0, -1)},"instance":`;
    const more = JSON.stringify({ ...(errors ? { errors } : {}), ...rest, status: undefined, code: undefined });
    this.tail = more === '{}' ? '}' : `,${more.slice(1)}`;
  }

  send(reply: FastifyReply, req: FastifyRequest) {
    return reply.code(this.status).type('application/problem+json; charset=utf-8').send(`${this.head}${JSON.stringify(req.url)}${this.tail}`);
  }
}

/** Postgres error codes that are the caller's fault. */
const PG_CLIENT_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  '23505': { status: 409, code: 'already_exists', detail: 'A record with these values already exists.' },
  '23503': { status: 422, code: 'reference_not_found', detail: 'The request refers to a record that does not exist.' },
  '22P02': { status: 400, code: 'invalid_value', detail: 'A value has the wrong format.' },
  '22003': { status: 422, code: 'value_out_of_range', detail: 'A number is out of the allowed range.' },
  '23514': { status: 422, code: 'constraint_violated', detail: 'A value breaks a rule of the data model.' },
  // NUL characters (\u0000) cannot be stored in text or jsonb.
  '22021': { status: 400, code: 'invalid_characters', detail: 'A text contains characters that cannot be stored, such as NUL (\\u0000).' },
  '22P05': { status: 400, code: 'invalid_characters', detail: 'A text contains characters that cannot be stored, such as NUL (\\u0000).' },
  // Two requests crossed on the same rows; nothing was written: the same request again goes through.
  '40P01': { status: 409, code: 'concurrent_update', detail: 'Another change to the same data happened at the same moment; nothing was changed. Try again.' },
  '40001': { status: 409, code: 'concurrent_update', detail: 'Another change to the same data happened at the same moment; nothing was changed. Try again.' },
};

function fastifyCodeToProblem(err: FastifyError): { status: number; code: string; detail: string } | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'malformed_json', detail: 'The body is not valid JSON: check quotes, commas and brackets.' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', detail: 'The request body is larger than allowed.' };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'file_too_large', detail: 'The file is larger than allowed.' };
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return { status: 413, code: 'too_many_parts', detail: 'The upload has more files or fields than allowed: send one file and its "kind".' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', detail: 'Send application/json (or multipart/form-data for uploads).' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_content_length', detail: 'Content-Length does not match the body.' };
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 415, code: 'multipart_expected', detail: 'Upload files as multipart/form-data.' };
    default:
      return undefined;
  }
}

/** Errors of the router itself, before any route is chosen (Fastify's `frameworkErrors` option). */
export function routerErrorToProblem(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  switch (err.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendProblem(reply, req, { status: 414, code: 'uri_too_long', detail: 'A part of the address is longer than any Trio id or name: check the link.' });
    case 'FST_ERR_BAD_URL':
      return sendProblem(reply, req, { status: 400, code: 'malformed_url', detail: 'The address is not valid (a % not followed by two hex digits?).' });
    default:
      req.log.error({ err }, 'router error');
      return sendProblem(reply, req, { status: 500, code: 'internal_error', detail: 'Something went wrong on our side; it has been logged. Try again later.' });
  }
}

const CLIENT_ERRORS: Record<string, ProblemInput> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', detail: 'The request took too long to arrive.' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', detail: 'The request line or headers are larger than allowed.' },
};

/** Requests Node's HTTP parser refuses before Fastify sees them (Fastify's `clientErrorHandler` option): still problem+json. */
export function clientErrorToProblem(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const p = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, code: 'malformed_request', detail: 'The request is not valid HTTP.' };
  if (socket.writable) {
    const body = JSON.stringify(problemBody(p));
    socket.write(`HTTP/1.1 ${p.status} ${STATUS_CODES[p.status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/** A last chance to answer a request that no route matched (the web app's client-side routes), before the 404 problem. */
export type NotFoundFallback = (req: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/** Zod's issue (code and details, as fastify-type-provider-zod passes them) as a FieldIssue's stable code and limit. */
export function fieldIssueCode(zodCode: string, params: Record<string, unknown> = {}, message = ''): { code: FieldIssueCode; limit?: number } {
  const origin = String(params.origin ?? '');
  const bound = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? { limit: v } : typeof v === 'bigint' ? { limit: Number(v) } : {});
  const sized = (text: FieldIssueCode, list: FieldIssueCode, other: FieldIssueCode) =>
    origin === 'string' ? text : origin === 'array' || origin === 'set' || origin === 'file' ? list : other;
  switch (zodCode) {
    case 'invalid_type':
      // Zod says "received undefined" for a field left out.
      return { code: params.input === undefined && /received undefined/.test(message) ? 'required' : 'invalid_type' };
    case 'too_small': return { code: sized('too_short', 'too_few', 'too_small'), ...bound(params.minimum) };
    case 'too_big': return { code: sized('too_long', 'too_many', 'too_big'), ...bound(params.maximum) };
    case 'invalid_format':
    case 'invalid_value':
    case 'not_multiple_of':
    case 'unrecognized_keys':
    case 'custom':
      return { code: zodCode };
    default: return { code: 'invalid' };
  }
}

export function registerProblemHandlers(app: FastifyInstance, opts: { notFoundFallback?: NotFoundFallback } = {}) {
  app.setErrorHandler((err: FastifyError & { cause?: unknown }, req, reply) => {
    if (err instanceof PreparedProblem) return err.send(reply, req);
    if (err instanceof AppError) {
      if (typeof err.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(err.extra.retryAfterSeconds));
      return sendProblem(reply, req, { status: err.status, code: err.code, detail: err.message, ...err.extra });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors: FieldIssue[] = err.validation.map((v) => {
        const where = err.validationContext ?? 'body';
        const field = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
        return { path: field ? `${where}.${field}` : where, message: v.message ?? 'is invalid', ...fieldIssueCode(v.keyword, v.params, v.message) };
      });
      return sendProblem(reply, req, {
        status: 400,
        code: 'validation_failed',
        detail: `The request is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        errors,
      });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema');
      return sendProblem(reply, req, { status: 500, code: 'internal_error', detail: 'Something went wrong on our side; it has been logged.' });
    }
    const mapped = fastifyCodeToProblem(err);
    if (mapped) return sendProblem(reply, req, mapped);
    // Drizzle wraps driver errors (DrizzleQueryError): the Postgres code is on the cause.
    const pgCode = (err as { code?: string }).code ?? (err.cause as { code?: string } | undefined)?.code;
    if (pgCode && PG_CLIENT_ERRORS[pgCode]) {
      req.log.warn({ err }, 'database refused a client value');
      return sendProblem(reply, req, PG_CLIENT_ERRORS[pgCode]);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, req, { status: err.statusCode, code: (err.code || 'bad_request').toLowerCase(), detail: err.message });
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '1');
      return sendProblem(reply, req, { status: 503, code: 'database_unavailable', detail: 'The database cannot be reached just now. Try again in a moment.' });
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, req, { status: 500, code: 'internal_error', detail: 'Something went wrong on our side; it has been logged. Try again later.' });
  });

  // While the server drains (app.close()), new requests get a problem rather than Fastify's own 503 JSON.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Done at once (no promise per request) while the server is not closing.
  app.addHook('onRequest', (req, reply, done) => {
    if (!closing) return done();
    sendProblem(reply.header('connection', 'close'), req, { status: 503, code: 'shutting_down', detail: 'This server is shutting down: send the request again.' });
  });

  // Fastify allows one not-found handler per instance: the web app's fallback plugs in here rather than setting another.
  app.setNotFoundHandler((req, reply) =>
    opts.notFoundFallback?.(req, reply) ??
    sendProblem(reply, req, { status: 404, code: 'route_not_found', detail: `There is no ${req.method} ${req.url.split('?')[0]} route; see /docs.` }),
  );
}

/** Response schema fragment for documenting errors in OpenAPI. */
export { AppError };
