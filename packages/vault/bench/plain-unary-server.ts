// A bare grpc-js server with the baseline services of plain-unary-definition.ts: Fetch and the
// proto service answer with `size` bytes (FetchText: as many characters in a string field); Reply answers with the bytes of `replyFile` (when
// given). Prints its port on stdout.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { protoUnaryService, RAW_REPLY_SERVICE, RAW_UNARY_SERVICE } from './plain-unary-definition.js';

const size = Number(process.argv[2] ?? 1024);
const replyFile = process.argv[3];
const payload = Buffer.alloc(size, 0x61);
const text = payload.toString('latin1');
const reply = replyFile ? readFileSync(replyFile) : Buffer.alloc(0);
const server = new grpc.Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
server.addService(RAW_UNARY_SERVICE, {
  Call: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, payload),
});
server.addService(RAW_REPLY_SERVICE, {
  Call: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, reply),
});
server.addService(protoUnaryService().service, {
  Fetch: (_call: unknown, cb: grpc.sendUnaryData<{ payload: Buffer }>) => cb(null, { payload }),
  FetchText: (_call: unknown, cb: grpc.sendUnaryData<{ text: string }>) => cb(null, { text }),
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
process.on('SIGTERM', () => server.forceShutdown());
