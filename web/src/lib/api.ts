// The one way the web app talks to the Trio API: bearer token, JSON in and out, problem+json turned into ApiError.
export type FieldIssue = { path: string; message: string };
export type Problem = { status: number; code: string; detail: string; title?: string; errors?: FieldIssue[]; [extra: string]: unknown };

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
  /** The message for one form field, matched on the last part of the problem's path (body.legalEntity.name -> legalEntity.name). */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.path === `body.${field}` || e.path.endsWith(`.${field}`) || e.path === field)?.message;
  }
}

const SESSION_KEY = 'trio.session';

export type Role = 'operator' | 'merchant' | 'buyer';
export type User = {
  id: string;
  email: string;
  role: Role;
  displayName: string;
  locale: string;
  birthYear: number | null;
  gender: 'female' | 'male' | 'other' | null;
  city: string | null;
  cityTier: 'tier_1' | 'new_tier_1' | 'tier_2' | 'tier_3' | 'tier_4_below' | 'overseas' | null;
  createdAt: string;
};
export type Session = { token: string; expiresAt?: string; user: User };

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

type Options = { method?: string; body?: unknown; form?: FormData; signal?: AbortSignal; blob?: boolean; /** Sent as the Idempotency-Key header of a create call. */ idempotencyKey?: string };

export async function api<T>(path: string, opts: Options = {}): Promise<T> {
  const token = loadSession()?.token;
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body, signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'network_error', detail: '' });
  }
  if (!res.ok) {
    let problem: Problem;
    try {
      problem = (await res.json()) as Problem;
      if (typeof problem.code !== 'string') throw new Error('not a problem');
    } catch {
      problem = { status: res.status, code: `http_${res.status}`, detail: res.statusText };
    }
    problem.status = res.status;
    if (res.status === 401 && token && path !== '/api/auth/logout') onExpired?.();
    throw new ApiError(problem);
  }
  if (opts.blob) return (await res.blob()) as T;
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
