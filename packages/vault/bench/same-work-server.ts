// A bare grpc-js server doing the work any vault must do per DecryptScores and nothing else: read
// the request's fields, decode the strict base64 into a transfer buffer, decrypt in the same
// worker pool (same worker count) with the vault's secret key, encode the answer. No
// authentication, audit, metrics, interceptor or validation messages. The gap between it and the
// vault is the vault's own bookkeeping; the gap between it and (bare round trip + in-process
// decrypt) is base64 and the hop to a worker, which the upstream message (a base64 string field)
// and keeping SEAL off the event loop make part of any vault. Same flow-control windows as the
// vault. Usage: same-work-server.ts <SecKey.json> <workers>; prints its port.
import * as grpc from '@grpc/grpc-js';
import { ScoreDecryptorPool } from '../src/fhe/score-decryptor-pool.js';
import { applyFlowControlWindows } from '../src/grpc/flow-control-windows.js';
import { decodeBlob } from '../src/grpc/request-validation.js';
import { DECRYPT_SCORES_REQUEST, readWireMessage } from '../src/protocol/request-wire.js';
import { loadVaultProtos } from '../src/protocol/vault-protos.js';
import { rawUnaryMethod, SAME_WORK_PATH } from './plain-unary-definition.js';

const [secKeyFile, workers] = process.argv.slice(2) as [string, string];
const pool = await ScoreDecryptorPool.start({ secKeyFile, workers: Number(workers) });
const { proto } = loadVaultProtos();
const encodeResponse = proto.rune.vault.v1.VaultService.service.DecryptScores.responseSerialize;
const server = new grpc.Server({ 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 });
if (!applyFlowControlWindows(server)) throw new Error('could not set the flow-control windows');
server.addService(rawUnaryMethod(SAME_WORK_PATH), {
  Call: async (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
    try {
      const read = readWireMessage(call.request, DECRYPT_SCORES_REQUEST);
      if (!read.ok) throw new Error(read.problem);
      const base64 = read.fields.encrypted_blob_b64 as Buffer;
      const blob = decodeBlob(base64, (length) => pool.blobBuffer(length));
      const entries = await pool.decryptTopK(blob, read.fields.top_k as number);
      const results = entries.map((e) => ({ shard_idx: e.shardIdx, row_idx: e.rowIdx, score: e.score }));
      cb(null, encodeResponse({ results }));
    } catch (error) {
      cb({ code: grpc.status.INTERNAL, details: (error as Error).message });
    }
  },
});
server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`${port}\n`);
});
process.on('SIGTERM', () => {
  server.forceShutdown();
  void pool.close().then(() => process.exit(0));
});
