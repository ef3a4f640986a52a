/** Typed errors; the HTTP layer turns them into application/problem+json in one place (kernel/problem.ts). */
/**
 * What is wrong with one field, in words a screen can translate: `code` (stable, from Zod's issue code and what it
 * was about), `limit` for lengths, sizes and counts; `message` is the English text (the web's fallback).
 */
export const FIELD_ISSUE_CODES = [
  'required', 'invalid_type', 'too_short', 'too_long', 'too_small', 'too_big', 'too_few', 'too_many', 'invalid_format',
  'invalid_value', 'not_multiple_of', 'unrecognized_keys', 'custom', 'invalid',
] as const;
export type FieldIssueCode = (typeof FIELD_ISSUE_CODES)[number];
export type FieldIssue = { path: string; message: string; code?: FieldIssueCode; limit?: number };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class Invalid extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(422, code, message, extra);
  }
}
export class BadRequest extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(400, code, message, extra);
  }
}
export class NotFound extends AppError {
  constructor(what: string, extra: Record<string, unknown> = {}) {
    super(404, `${what}_not_found`, `No ${what.replace(/_/g, ' ')} with this id exists, or you may not see it.`, extra);
  }
}
export class Forbidden extends AppError {
  constructor(message = 'Your role does not allow this action.', code = 'forbidden') {
    super(403, code, message);
  }
}
export class Unauthorized extends AppError {
  constructor(message = 'Sign in first: this action needs a valid session or API key.', code = 'unauthorized') {
    super(401, code, message);
  }
}
export class Conflict extends AppError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(409, code, message, extra);
  }
}
/** 429 with a Retry-After header. `too_many_attempts` is for guesses (sign-in, gift links), `too_many_requests` for the abuse limits. */
export class TooMany extends AppError {
  constructor(message: string, readonly retryAfterSeconds: number, code: 'too_many_attempts' | 'too_many_requests' = 'too_many_attempts') {
    super(429, code, message, { retryAfterSeconds });
  }
}
