/**
 * The one error class for broken rules (not for bad input: parsers and the linter return
 * problems and findings as values). Codes are part of the API contract.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'precondition_required'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'invalid_cycle'
  | 'invalid_state'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal';

export interface DomainErrorOptions {
  /** Structured details safe to show (for example the offending field paths). */
  details?: Record<string, unknown>;
  /** A message safe to show to the user; defaults to `message`. */
  userMessage?: string;
  cause?: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly userMessage: string;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.details = options.details;
    this.userMessage = options.userMessage ?? message;
  }
}

/** True when `error` is a DomainError with the given code (or any code when omitted). */
export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** What a list says of a cursor that is not one of its own `next` values (refused, not read as the end). */
export const NOT_A_CURSOR =
  'not a cursor of this list: pass the `next` value of the previous page unchanged, or leave cursor out for the first page';
