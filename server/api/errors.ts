import type { TRPCError } from '@trpc/server';
import type { DomainErrorCode } from '../errors/domain-error';

/** The one place where domain error codes become tRPC codes and HTTP statuses. */
export const ERROR_TABLE: Record<DomainErrorCode, { trpc: TRPCError['code']; http: number }> = {
  BAD_REQUEST: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHORIZED: { trpc: 'UNAUTHORIZED', http: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  PRECONDITION_FAILED: { trpc: 'PRECONDITION_FAILED', http: 412 },
  TOO_MANY_REQUESTS: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
};
