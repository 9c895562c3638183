import type { ServiceError } from '@grpc/grpc-js';
import { ConfigError } from '../../src/errors.js';

/** Runs `run` and returns the ConfigError it throws; any other outcome fails the test. */
export function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, got none');
}

/** Awaits a gRPC call that must fail and returns its ServiceError. */
export async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail, it succeeded');
}
