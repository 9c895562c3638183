import { status } from '@grpc/grpc-js';

export interface GrpcError extends Error {
  code: number;
  details?: string;
}

export function isGrpcError(error: unknown): error is GrpcError {
  return error instanceof Error && typeof (error as Partial<GrpcError>).code === 'number';
}

/** "UNAUTHENTICATED" for 16; the number itself for codes grpc-js does not name. */
export function grpcStatusName(code: number): string {
  return status[code] ?? String(code);
}

/** "UNAUTHENTICATED: Invalid authentication token" — how a failed call reads in a case message. */
export function describeError(error: unknown): string {
  if (isGrpcError(error)) {
    const details = error.details ?? error.message;
    return details ? `${grpcStatusName(error.code)}: ${details}` : grpcStatusName(error.code);
  }
  return error instanceof Error ? error.message : String(error);
}
