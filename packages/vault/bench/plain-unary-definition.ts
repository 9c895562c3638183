import type * as grpc from '@grpc/grpc-js';

// One unary method whose messages are raw bytes: the least work grpc-js can do per call.
const identity = (b: Buffer) => b;
export const PLAIN_UNARY_SERVICE: grpc.ServiceDefinition = {
  Fetch: {
    path: '/bench.Plain/Fetch',
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};
