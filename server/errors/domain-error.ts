/** The failure kinds the domain speaks; server/api/errors.ts maps them to tRPC and HTTP. */
export type DomainErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PRECONDITION_FAILED';

/** An expected failure with a message that is safe and useful to show to the user. */
export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(code: DomainErrorCode, userMessage: string, fieldErrors?: Record<string, string[]>) {
    super(userMessage);
    this.name = 'DomainError';
    this.code = code;
    this.userMessage = userMessage;
    this.fieldErrors = fieldErrors;
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
