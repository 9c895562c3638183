// Header and size rules for ciphertexts that arrive from callers, checked before SEAL sees a byte.
// SEAL inflates a zlib/zstd-compressed object completely into WASM memory before parsing it, and
// WASM memory never shrinks: a few KB of compressed zeros would pin gigabytes in a decrypt worker.
// So untrusted ciphertexts must be uncompressed, and no larger than one of our parameters can be.
import type { CkksParams } from './ckks-params.js';

/** SEAL's compr_mode_type values (header byte 5). */
const SEAL_COMPRESSION_MODES: Readonly<Record<number, string>> = Object.freeze({
  0: 'none',
  1: 'zlib',
  2: 'zstd',
});

// One text for every shape mismatch: which field is off helps nobody but a prober.
const NOT_OURS = "ciphertext is not valid for this vault's key parameters";
const SEAL_MAGIC = 0xa15e;
const SEAL_HEADER_BYTES = 16;

/**
 * Bytes of an uncompressed SEAL 4.x Ciphertext besides its coefficients: outer header (16),
 * parms_id (32), is_ntt_form (1), size, poly_modulus_degree, coeff_modulus_size, scale,
 * correction_factor (8 each), then the coefficient array's own header (16) and length (8).
 * Measured: 393,329 bytes at N=8192 with 3 primes = 113 + 2·3·8192·8.
 */
export const CIPHERTEXT_METADATA_BYTES = 113;
// Offsets of the uint64 shape fields in that layout (little-endian).
const POLYS_OFFSET = 49;
const DEGREE_OFFSET = 57;
const PRIMES_OFFSET = 65;

/**
 * The largest uncompressed ciphertext a caller may send for these parameters: 2 polynomials
 * (a fresh or relinearized ciphertext) at the top data level (every prime but the special one),
 * N coefficients of 8 bytes each. Anything larger is not one of ours.
 */
export function maxCiphertextBytes(params: CkksParams): number {
  const dataPrimes = Math.max(1, params.coeffModulusBits.length - 1);
  return CIPHERTEXT_METADATA_BYTES + 2 * dataPrimes * params.polyModulusDegree * 8;
}

/**
 * Why these bytes cannot be an acceptable ciphertext for `params`, or undefined when SEAL may
 * load them. The text names no caller bytes, only the mode or sizes we computed.
 */
export function ciphertextProblem(bytes: Uint8Array, params: CkksParams): string | undefined {
  if (bytes.length < SEAL_HEADER_BYTES) return NOT_OURS;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) !== SEAL_MAGIC || bytes[2] !== SEAL_HEADER_BYTES || bytes[3] !== 4) {
    return NOT_OURS;
  }
  const mode = bytes[5] as number;
  if (mode !== 0) {
    const name = SEAL_COMPRESSION_MODES[mode];
    return name
      ? `ciphertext compression '${name}' is not accepted; send it uncompressed (compression mode none)`
      : NOT_OURS;
  }
  // Uncompressed, so SEAL reads exactly these bytes: the declared size must be their length.
  if (view.getBigUint64(8, true) !== BigInt(bytes.length)) {
    return NOT_OURS;
  }
  const max = maxCiphertextBytes(params);
  if (bytes.length > max) {
    return `ciphertext is ${bytes.length} bytes, more than the ${max} a ciphertext of this vault's parameters can have`;
  }
  // SEAL reserves polys × primes × N words from these fields before reading the data, so pin
  // them to a 2-polynomial ciphertext of our degree whose length matches them exactly.
  if (bytes.length < CIPHERTEXT_METADATA_BYTES) return NOT_OURS;
  const polys = view.getBigUint64(POLYS_OFFSET, true);
  const degree = view.getBigUint64(DEGREE_OFFSET, true);
  const primes = view.getBigUint64(PRIMES_OFFSET, true);
  const dataPrimes = BigInt(Math.max(1, params.coeffModulusBits.length - 1));
  if (polys !== 2n || degree !== BigInt(params.polyModulusDegree) || primes < 1n || primes > dataPrimes) {
    return NOT_OURS;
  }
  const expected = CIPHERTEXT_METADATA_BYTES + 2 * Number(primes) * params.polyModulusDegree * 8;
  if (bytes.length !== expected) return NOT_OURS;
  return undefined;
}
