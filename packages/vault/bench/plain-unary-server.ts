// A bare grpc-js server with the baseline services of plain-unary-definition.ts: Fetch answers
// with the bytes of `textFile` in a bytes field, FetchText with the same bytes as a string field
// (as GetPublicKey's key_bundle_json), Raw Fetch with them as they are; Reply answers with the
// bytes of `replyFile`. It uses the vault's HTTP/2 flow-control windows unless `default-windows`
// is given, so the baseline and the vault differ only in what the vault does. Prints its port.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { applyFlowControlWindows } from '../src/grpc/flow-control-windows.js';
import { protoUnaryService, RAW_REPLY_SERVICE, RAW_UNARY_SERVICE } from './plain-unary-definition.js';

const [textFile, replyFile, windows] = process.argv.slice(2) as [string, string, string | undefined];
const payload = readFileSync(textFile);
const text = payload.toString('utf8');
const reply = readFileSync(replyFile);
const server = new grpc.Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
if (windows !== 'default-windows' && !applyFlowControlWindows(server)) {
  throw new Error('could not set the flow-control windows');
}
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
