// The one way the web app talks to the Trio API: `client`, typed from the server's OpenAPI document (the generated
// ./api/schema.ts), with the bearer token added and every error answer (problem+json) thrown as ApiError.
import createClient, { type Middleware } from 'openapi-fetch';
// The app's i18next instance (set up by ../i18n/index.ts); imported bare so this module has no browser side effects.
import i18n from 'i18next';
import type { components, paths } from './api/schema.ts';

/** The API's named schemas (answers and state lists), as the server declares them. */
export type Schemas = components['schemas'];
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Op<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];
/** The success answer of an operation, e.g. Answer<'/api/orders', 'get'>. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201>]> : never;
/** The JSON body an operation takes. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
/** A query parameter set an operation takes. */
export type Query<P extends keyof paths, M extends keyof paths[P]> = Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
export type FieldIssue = NonNullable<Schemas['Problem']['errors']>[number];
export type Problem = { status: number; code: string; detail: string; title?: string; errors?: FieldIssue[]; [extra: string]: unknown };

/** One field's issue in the current language: validation.field.<code> (with its limit), else the server's English text. */
export function fieldIssueText(issue: FieldIssue): string {
  if (!issue.code) return issue.message;
  return i18n.t(`validation.field.${issue.code}`, { limit: issue.limit, defaultValue: issue.message });
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.code);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
  /**
   * The message for one form field, matched on the last part of the problem's path (body.legalEntity.name ->
   * legalEntity.name), in the reader's language from the issue's `code` (the server's English message otherwise).
   */
  fieldError(field: string): string | undefined {
    const issue = this.problem.errors?.find((e) => e.path === `body.${field}` || e.path.endsWith(`.${field}`) || e.path === field);
    return issue && fieldIssueText(issue);
  }
}

const SESSION_KEY = 'trio.session';

export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type Session = Schemas['Session'];

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}
export function saveSession(s: Session | null) {
  if (s) localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else localStorage.removeItem(SESSION_KEY);
}

let onExpired: (() => void) | undefined;
/** Called when the server refuses our token: the session ended elsewhere or expired. */
export function setSessionExpiredHandler(fn: () => void) {
  onExpired = fn;
}

/** Reads a failed answer as a problem (problem+json, or a synthetic one for anything else) and tells the session when it ended. */
async function problemOf(res: Response, path: string, hadToken: boolean): Promise<ApiError> {
  let problem: Problem;
  try {
    problem = (await res.json()) as Problem;
    if (typeof problem.code !== 'string') throw new Error('not a problem');
  } catch {
    problem = { status: res.status, code: `http_${res.status}`, detail: res.statusText };
  }
  problem.status = res.status;
  if (res.status === 401 && hadToken && !path.endsWith('/api/auth/logout')) onExpired?.();
  return new ApiError(problem);
}

const sessionAndProblems: Middleware = {
  onRequest({ request }) {
    const token = loadSession()?.token;
    request.headers.set('accept', 'application/json, application/problem+json');
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (!response.ok) throw await problemOf(response, new URL(request.url).pathname, request.headers.has('authorization'));
    return undefined;
  },
  onError({ error }) {
    if ((error as Error)?.name === 'AbortError') return error as Error;
    return new ApiError({ status: 0, code: 'network_error', detail: '' });
  },
};

/**
 * The typed API client (openapi-fetch): `client.GET('/api/orders/{orderId}', { params: { path: { orderId } } })`.
 * Paths, parameters, bodies and answers are checked against the server's document at compile time. Every error
 * answer is thrown as ApiError, so `data` is there whenever the call returns: read it with `data(...)`.
 */
export const client = createClient<paths>({ baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin });
client.use(sessionAndProblems);

/** The answer of a client call (errors were thrown as ApiError): `const order = await data(client.GET(...))`. */
export async function data<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}
/** Idempotency-Key header of a create call, for `client.POST(path, { ..., headers: idempotency(key) })`. */
export const idempotency = (key: string | undefined) => (key ? { 'idempotency-key': key } : {});
