// A bare grpc-js server with the two baseline services of plain-unary-definition.ts, each
// answering with `size` bytes. Prints its port on stdout.
import * as grpc from '@grpc/grpc-js';
import { protoUnaryService, RAW_UNARY_SERVICE } from './plain-unary-definition.js';

const size = Number(process.argv[2] ?? 1024);
const payload = Buffer.alloc(size, 0x61);
const server = new grpc.Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
server.addService(RAW_UNARY_SERVICE, {
  Fetch: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, payload),
});
server.addService(protoUnaryService().service, {
  Fetch: (_call: unknown, cb: grpc.sendUnaryData<{ payload: Buffer }>) => cb(null, { payload }),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
process.on('SIGTERM', () => server.forceShutdown());
