// SEAL setup shared by key generation, the decryptor and the client encryptor.
import sealModule from 'node-seal';
import type { Context } from 'node-seal/implementation/context.js';
import type { SEALLibrary } from 'node-seal/implementation/seal.js';

export type Seal = SEALLibrary;
export type SealContext = Context;

export interface CkksParams {
  polyModulusDegree: number;
  coeffModulusBits: number[];
  scaleBits: number;
}

export const DEFAULT_CKKS_PARAMS: Readonly<CkksParams> = Object.freeze({
  polyModulusDegree: 8192,
  coeffModulusBits: [60, 40, 40, 60],
  scaleBits: 40,
});

// node-seal ships a UMD bundle whose typings declare an ES default export; at runtime
// (Node ESM importing CJS) the default import is the init function itself.
type SealInit = () => Promise<Seal>;
const sealInit: SealInit =
  typeof sealModule === 'function'
    ? (sealModule as unknown as SealInit)
    : (sealModule as unknown as { default: SealInit }).default;

let sealPromise: Promise<Seal> | undefined;
let sealMemory: WebAssembly.Memory | undefined;

/** One WASM instance per thread; compiling it again per call would cost ~40 ms and memory. */
export function loadSeal(): Promise<Seal> {
  if (!sealPromise) {
    sealPromise = captureWasmMemory(sealInit).catch((error: unknown) => {
      sealPromise = undefined;
      throw error;
    });
  }
  return sealPromise;
}

/**
 * Bytes of this thread's SEAL WebAssembly memory (undefined before loadSeal resolves). WASM
 * memory only ever grows, so this is the high-water mark a decrypt worker keeps for its life.
 */
export function sealMemoryBytes(): number | undefined {
  return sealMemory?.buffer.byteLength;
}

/**
 * node-seal keeps its Emscripten module private, so the instance's exported Memory is caught on
 * its way out of WebAssembly.instantiate while `init` runs; the original is restored after.
 */
async function captureWasmMemory(init: SealInit): Promise<Seal> {
  const original = WebAssembly.instantiate;
  const remember = (result: unknown) => {
    const instance = (result as { instance?: WebAssembly.Instance }).instance ?? result;
    const exports = (instance as WebAssembly.Instance).exports ?? {};
    for (const value of Object.values(exports)) {
      if (value instanceof WebAssembly.Memory) sealMemory = value;
    }
    return result;
  };
  WebAssembly.instantiate = ((...args: Parameters<typeof original>) =>
    (original as (...a: unknown[]) => Promise<unknown>)(...args).then(remember)) as typeof original;
  try {
    return await init();
  } finally {
    WebAssembly.instantiate = original;
  }
}

function describeCkksParams(params: CkksParams): string {
  return `poly_modulus_degree ${params.polyModulusDegree}, coeff_modulus_bits [${params.coeffModulusBits.join(',')}], scale_bits ${params.scaleBits}`;
}

/** Shape checks SEAL would otherwise report as an opaque abort or a bare "bit_sizes is invalid". */
export function ckksParamsProblem(params: CkksParams): string | undefined {
  const { polyModulusDegree: n, coeffModulusBits: bits, scaleBits } = params;
  if (!Number.isInteger(n) || n < 1024 || n > 32768 || (n & (n - 1)) !== 0) {
    return 'poly_modulus_degree must be a power of two between 1024 and 32768';
  }
  if (
    !Array.isArray(bits) ||
    bits.length < 2 ||
    !bits.every((b) => Number.isInteger(b) && b >= 1 && b <= 60)
  ) {
    return 'coeff_modulus_bits must list at least two integers between 1 and 60';
  }
  if (
    !Number.isInteger(scaleBits) ||
    scaleBits < 1 ||
    scaleBits >= bits.slice(0, -1).reduce((a, b) => a + b, 0)
  ) {
    return 'scale_bits must be a positive integer below the data modulus bit count';
  }
  return undefined;
}

export function ckksScale(params: CkksParams): number {
  return 2 ** params.scaleBits;
}

/** The caller owns the returned context and must `.delete()` it. */
export function createCkksContext(seal: Seal, params: CkksParams): SealContext {
  const problem = ckksParamsProblem(params);
  if (problem) throw new Error(`invalid CKKS parameters (${describeCkksParams(params)}): ${problem}`);
  const parms = seal.EncryptionParameters(seal.SchemeType.ckks);
  let coeffModulus: ReturnType<Seal['CoeffModulus']['Create']> | undefined;
  try {
    parms.setPolyModulusDegree(params.polyModulusDegree);
    coeffModulus = seal.CoeffModulus.Create(
      params.polyModulusDegree,
      Int32Array.from(params.coeffModulusBits),
    );
    parms.setCoeffModulus(coeffModulus);
    const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
    if (!context.parametersSet()) {
      context.delete();
      const total = params.coeffModulusBits.reduce((a, b) => a + b, 0);
      const max = seal.CoeffModulus.MaxBitCount(params.polyModulusDegree, seal.SecurityLevel.tc128);
      const why =
        total > max
          ? `coeff modulus has ${total} bits, above the 128-bit security limit of ${max}`
          : 'SEAL rejected them';
      throw new Error(`invalid CKKS parameters (${describeCkksParams(params)}): ${why}`);
    }
    return context;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('invalid CKKS parameters')) throw error;
    throw new Error(`invalid CKKS parameters (${describeCkksParams(params)}): ${String(error)}`);
  } finally {
    coeffModulus?.delete();
    parms.delete();
  }
}

/**
 * SEAL serialization header: magic 0xA15E, header size 16, version 4.x, compression mode
 * 0..2, then the total byte size. Checking it first matters: SEAL aborts the WASM instance
 * (instead of throwing) on truncated input. Only for key files the operator owns: ciphertexts
 * from callers go through ciphertextProblem (ciphertext-limits.ts), which refuses compression.
 */
export function hasValidSealHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (
    view.getUint16(0, true) === 0xa15e &&
    bytes[2] === 16 &&
    bytes[3] === 4 &&
    (bytes[5] ?? 255) <= 2 &&
    view.getBigUint64(8, true) === BigInt(bytes.length)
  );
}

/** The SEAL serialization version this build writes (e.g. "4.1"), recorded in key files. */
export function sealSerializationVersion(seal: Seal): string {
  const params = seal.EncryptionParameters(seal.SchemeType.ckks);
  try {
    const header = params.saveArray(seal.ComprModeType.none);
    return `${header[3]}.${header[4]}`;
  } finally {
    params.delete();
  }
}
