import { describe, expect, it } from 'vitest';
import {
  ckksParamsProblem,
  createCkksContext,
  DEFAULT_CKKS_PARAMS,
  hasValidSealHeader,
  loadSeal,
  sealSerializationVersion,
} from '../../../src/fhe/ckks-params.js';

describe('ckks params', () => {
  it('default params build a context with 4096 slots', async () => {
    const seal = await loadSeal();
    const context = createCkksContext(seal, DEFAULT_CKKS_PARAMS);
    const encoder = seal.CKKSEncoder(context);
    expect(encoder.slotCount).toBe(4096);
    encoder.delete();
    context.delete();
  });

  it('loadSeal is memoized', async () => {
    expect(await loadSeal()).toBe(await loadSeal());
  });

  it.each([
    [{ polyModulusDegree: 3000, coeffModulusBits: [60, 40, 60], scaleBits: 40 }, /power of two/],
    [{ polyModulusDegree: 8192, coeffModulusBits: [60], scaleBits: 40 }, /at least two integers/],
    [{ polyModulusDegree: 8192, coeffModulusBits: [61, 40, 60], scaleBits: 40 }, /between 1 and 60/],
    [{ polyModulusDegree: 8192, coeffModulusBits: [60, 40, 60], scaleBits: 100 }, /scale_bits/],
  ])('rejects malformed params %j', async (params, message) => {
    expect(ckksParamsProblem(params)).toMatch(message);
    expect(() => createCkksContext({} as never, params)).toThrow(message);
  });

  it('names the security limit when the modulus is too large for the degree', async () => {
    const seal = await loadSeal();
    const params = { polyModulusDegree: 4096, coeffModulusBits: [60, 60, 60], scaleBits: 40 };
    expect(() => createCkksContext(seal, params)).toThrow(
      /invalid CKKS parameters \(poly_modulus_degree 4096.*180 bits, above the 128-bit security limit of 109/,
    );
  });

  it('recognises a SEAL serialization header and rejects truncation and garbage', async () => {
    const seal = await loadSeal();
    const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
    const bytes = parms.saveArray();
    parms.delete();
    expect(hasValidSealHeader(bytes)).toBe(true);
    expect(hasValidSealHeader(bytes.subarray(0, bytes.length - 1))).toBe(false);
    expect(hasValidSealHeader(new Uint8Array(64))).toBe(false);
    expect(hasValidSealHeader(new Uint8Array(3))).toBe(false);
    expect(sealSerializationVersion(seal)).toMatch(/^4\.\d+$/);
  });
});
