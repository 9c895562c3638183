import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strictDeserializers } from '../../../src/grpc/strict-requests.js';
import {
  DECRYPT_METADATA_REQUEST,
  DECRYPT_SCORES_REQUEST,
  EXCHANGE_TOKEN_REQUEST,
  GET_PUBLIC_KEY_REQUEST,
  type MessageSpec,
  readWireMessage,
  utf8OrUndefined,
} from '../../../src/protocol/request-wire.js';
import { loadVaultProtos } from '../../../src/protocol/vault-protos.js';
import { fuzzBudget, fuzzTestTimeout } from '../../support/fuzz-budget.js';

// The strict reader against the oracle grpc-js used before it: proto-loader's (protobufjs)
// deserializer. For any bytes, the reader either refuses them or decodes exactly what the
// oracle decodes; it never throws; and it accepts every encoding the oracle writes.

interface Method {
  spec: MessageSpec;
  deserialize(buf: Buffer): Record<string, unknown>;
  serialize(value: object): Buffer;
  value: fc.Arbitrary<object>;
}

const { definition } = loadVaultProtos();
function methodOf(service: string, name: string, spec: MessageSpec, value: fc.Arbitrary<object>): Method {
  const m = (
    definition[service] as Record<
      string,
      { requestDeserialize: Method['deserialize']; requestSerialize: Method['serialize'] }
    >
  )[name];
  if (!m) throw new Error(`no method ${service}/${name}`);
  return { spec, deserialize: m.requestDeserialize, serialize: m.requestSerialize, value };
}

const text = fc.string({ unit: 'binary', maxLength: 60 });
const METHODS: Method[] = [
  methodOf('rune.vault.v1.VaultService', 'GetPublicKey', GET_PUBLIC_KEY_REQUEST, fc.record({ token: text })),
  methodOf(
    'rune.vault.v1.VaultService',
    'DecryptScores',
    DECRYPT_SCORES_REQUEST,
    fc.record({
      token: text,
      encrypted_blob_b64: text,
      top_k: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    }),
  ),
  methodOf(
    'rune.vault.v1.VaultService',
    'DecryptMetadata',
    DECRYPT_METADATA_REQUEST,
    fc.record({ token: text, encrypted_metadata_list: fc.array(text, { maxLength: 5 }) }),
  ),
  methodOf(
    'rune.vault.v1.TokenExchangeService',
    'ExchangeToken',
    EXCHANGE_TOKEN_REQUEST,
    fc.record({ subject_token: text, provider: text }),
  ),
];

function oracle(method: Method, buf: Buffer): Record<string, unknown> | undefined {
  try {
    return method.deserialize(buf);
  } catch {
    return undefined;
  }
}

/** Reader output in the oracle's shape; strings compared only where the bytes are UTF-8. */
function agreesWithOracle(method: Method, buf: Buffer): void {
  const read = readWireMessage(buf, method.spec);
  if (!read.ok) return; // refusing is always allowed: the reader is the stricter of the two
  const expected = oracle(method, buf);
  expect(expected, 'the reader accepted bytes the oracle refuses').toBeDefined();
  for (const { name, type } of Object.values(method.spec.fields)) {
    const ours = read.fields[name];
    const theirs = expected?.[name];
    if (type === 'int32') expect(ours).toBe(theirs);
    else if (type === 'bytes') {
      const s = utf8OrUndefined(ours as Buffer);
      if (s !== undefined) expect(s).toBe(theirs);
    } else {
      const list = ours as Buffer[];
      expect(list.length).toBe((theirs as string[]).length);
      list.forEach((item, i) => {
        const s = utf8OrUndefined(item);
        if (s !== undefined) expect(s).toBe((theirs as string[])[i]);
      });
    }
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 12 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;
function mutate(buf: Buffer, m: Mutation): Buffer {
  const at = m.at % (buf.length + 1);
  if (m.kind === 'truncate') return buf.subarray(0, at);
  if (m.kind === 'flip') {
    const copy = Buffer.from(buf);
    if (at < copy.length) copy[at] = m.byte;
    return copy;
  }
  return Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(at)]);
}

describe('request wire reader fuzz', () => {
  it(
    'arbitrary bytes → a refusal or exactly what protobufjs decodes, never a throw',
    () => {
      fc.assert(
        fc.property(fc.constantFrom(...METHODS), fc.uint8Array({ maxLength: 80 }), (method, bytes) => {
          agreesWithOracle(method, Buffer.from(bytes));
        }),
        fuzzBudget(3000),
      );
    },
    fuzzTestTimeout(),
  );

  it(
    'every encoding protobufjs writes is read back equal',
    () => {
      fc.assert(
        fc.property(
          fc
            .nat(METHODS.length - 1)
            .chain((i) => fc.tuple(fc.constant(METHODS[i] as Method), (METHODS[i] as Method).value)),
          ([method, value]) => {
            const buf = method.serialize(value);
            expect(readWireMessage(buf, method.spec).ok).toBe(true);
            agreesWithOracle(method, buf);
          },
        ),
        fuzzBudget(1000),
      );
    },
    fuzzTestTimeout(),
  );

  it(
    'mutated valid encodings (truncated, flipped, spliced) → a refusal or the oracle’s value',
    () => {
      fc.assert(
        fc.property(
          fc
            .nat(METHODS.length - 1)
            .chain((i) => fc.tuple(fc.constant(METHODS[i] as Method), (METHODS[i] as Method).value)),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          ([method, value], mutations) => {
            let buf = method.serialize(value);
            for (const m of mutations) buf = mutate(buf, m);
            agreesWithOracle(method, buf);
          },
        ),
        fuzzBudget(2000),
      );
    },
    fuzzTestTimeout(),
  );

  it(
    'the deserializers grpc-js calls never throw, whatever the bytes or the limit',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 200 }),
          fc.constantFrom('GetPublicKey', 'DecryptScores', 'DecryptMetadata', 'ExchangeToken' as const),
          fc.uint8Array({ maxLength: 120 }),
          (limit, name, bytes) => {
            const incoming = strictDeserializers(limit)[name](Buffer.from(bytes));
            if (!incoming.ok) {
              expect(['invalid_argument', 'resource_exhausted']).toContain(incoming.error.kind);
              expect(incoming.error.message).not.toContain('\u0000');
            }
          },
        ),
        fuzzBudget(2000),
      );
    },
    fuzzTestTimeout(),
  );
});
