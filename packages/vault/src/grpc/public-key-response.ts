import type * as grpc from '@grpc/grpc-js';
import { KeyBundleReply } from '../vault-operations.js';

// GetPublicKeyResponse { string key_bundle_json = 1; } written from a KeyBundleReply's parts:
// the field's tag and length, the shared head (encoded once per key load) and the caller's
// tail. protobufjs would measure and UTF-8-encode the whole 1.2 MB string on every call; the
// bytes are the same (a unit test holds them to proto-loader's encoder).

const KEY_BUNDLE_JSON_TAG = (1 << 3) | 2; // field 1, length-delimited

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function encodeKeyBundleReply(reply: KeyBundleReply): Buffer {
  const length = reply.sharedHead.length + reply.callerTail.length;
  // proto3 leaves an empty string off the wire; a bundle is never empty, but stay exact.
  if (length === 0) return Buffer.alloc(0);
  const header = [KEY_BUNDLE_JSON_TAG, ...varintBytes(length)];
  const out = Buffer.allocUnsafe(header.length + length);
  out.set(header, 0);
  reply.sharedHead.copy(out, header.length);
  reply.callerTail.copy(out, header.length + reply.sharedHead.length);
  return out;
}

/**
 * Wire bytes per reply object: VaultOperations hands a repeat caller the same immutable reply,
 * so it is encoded once; the bytes go when the reply does. Never written after encoding, so
 * even a transport that kept a reference could not show one caller another's bytes.
 */
const encodedReplies = new WeakMap<KeyBundleReply, Buffer>();

function encodedOnce(reply: KeyBundleReply): Buffer {
  let bytes = encodedReplies.get(reply);
  if (!bytes) {
    bytes = encodeKeyBundleReply(reply);
    encodedReplies.set(reply, bytes);
  }
  return bytes;
}

/** `service` whose GetPublicKey writes KeyBundleReply values itself and anything else as before. */
export function withKeyBundleSerializer(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const method = service.GetPublicKey;
  if (!method) return service;
  const original = method.responseSerialize;
  const responseSerialize = (value: unknown) =>
    value instanceof KeyBundleReply ? encodedOnce(value) : original(value);
  return { ...service, GetPublicKey: { ...method, responseSerialize } } as grpc.ServiceDefinition;
}
