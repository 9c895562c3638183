import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import {
  generateKeys,
  KEY_FILE_FORMAT,
  keyFilesPresent,
  parseKeyFile,
  readPublicKeyFiles,
  readSecretKeyFile,
} from '../../../src/fhe/key-files.js';
import { configError as thrown } from '../../support/expect-errors.js';

// Small but valid parameters keep keygen in the milliseconds for unit tests.
const TINY = { polyModulusDegree: 4096, coeffModulusBits: [40, 25, 40], scaleBits: 25 };

let root: string;
let keyDir: string;
let secKeyText: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'vault-key-files-'));
  keyDir = join(root, 'vault-keys', 'vault-key');
  await generateKeys(keyDir, { params: TINY });
  secKeyText = readFileSync(join(keyDir, 'SecKey.json'), 'utf8');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** No error text may quote key material: no long base64 run, no slice of the key data. */
function expectNoKeyMaterial(message: string): void {
  const data = (JSON.parse(secKeyText) as { data: string }).data;
  expect(message).not.toMatch(/[A-Za-z0-9+/]{32,}/);
  expect(message).not.toContain(data.slice(100, 124));
}

describe('generateKeys', () => {
  it('writes the three key files with the documented shape and modes', () => {
    expect(readdirSync(keyDir).sort()).toEqual(['EncKey.json', 'EvalKey.json', 'SecKey.json']);
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(keyDir, 'SecKey.json')).mode & 0o777).toBe(0o600);
    for (const kind of ['EncKey', 'EvalKey', 'SecKey']) {
      const file = JSON.parse(readFileSync(join(keyDir, `${kind}.json`), 'utf8'));
      expect(Object.keys(file).sort()).toEqual([
        'data',
        'format',
        'kind',
        'params',
        'scheme',
        'seal_version',
      ]);
      expect(file).toMatchObject({
        format: KEY_FILE_FORMAT,
        kind,
        scheme: 'ckks',
        params: { poly_modulus_degree: 4096, coeff_modulus_bits: [40, 25, 40], scale_bits: 25 },
      });
      expect(file.seal_version).toMatch(/^4\.\d+$/);
      expect(Buffer.from(file.data, 'base64').length).toBeGreaterThan(1000);
    }
    expect(keyFilesPresent(keyDir)).toBe(true);
  });

  it('keeps a complete key set unless forced', async () => {
    const before = readFileSync(join(keyDir, 'SecKey.json'), 'utf8');
    await expect(generateKeys(keyDir, { params: TINY })).resolves.toEqual({ dir: keyDir, generated: false });
    expect(readFileSync(join(keyDir, 'SecKey.json'), 'utf8')).toBe(before);
  });

  it('replaces all keys with force and leaves no temp files behind', async () => {
    const dir = join(root, 'forced');
    await generateKeys(dir, { params: TINY });
    const before = readFileSync(join(dir, 'SecKey.json'), 'utf8');
    await expect(generateKeys(dir, { params: TINY, force: true })).resolves.toEqual({ dir, generated: true });
    expect(readFileSync(join(dir, 'SecKey.json'), 'utf8')).not.toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['EncKey.json', 'EvalKey.json', 'SecKey.json']);
  });

  it('refuses a partial key set, naming the missing files and the --force way out', async () => {
    const dir = join(root, 'partial');
    await generateKeys(dir, { params: TINY });
    unlinkSync(join(dir, 'EvalKey.json'));
    unlinkSync(join(dir, 'SecKey.json'));
    expect(keyFilesPresent(dir)).toBe(false);
    const error = await generateKeys(dir, { params: TINY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('missing EvalKey.json, SecKey.json');
    expect((error as Error).message).toContain('keys generate --force');
    expect(readdirSync(dir)).toEqual(['EncKey.json']);
  });

  it('rejects invalid params before touching the disk', async () => {
    const dir = join(root, 'bad-params');
    await expect(
      generateKeys(dir, { params: { polyModulusDegree: 1000, coeffModulusBits: [60, 60], scaleBits: 40 } }),
    ).rejects.toThrow(/power of two/);
    expect(() => statSync(dir)).toThrow();
  });
});

describe('reading key files', () => {
  it('serves the public key files verbatim', () => {
    const { encKeyJson, evalKeyJson } = readPublicKeyFiles(keyDir);
    expect(encKeyJson).toBe(readFileSync(join(keyDir, 'EncKey.json'), 'utf8'));
    expect(evalKeyJson).toBe(readFileSync(join(keyDir, 'EvalKey.json'), 'utf8'));
  });

  it('parses a valid SecKey file', () => {
    const key = readSecretKeyFile(join(keyDir, 'SecKey.json'));
    expect(key).toMatchObject({ kind: 'SecKey', params: TINY });
    expect(key.data.length).toBeGreaterThan(1000);
  });

  const variants: Array<[string, (file: Record<string, unknown>) => string, RegExp]> = [
    ['corrupt JSON', () => '{"format": "runevault-ckks-v1", "data": "QUJD', /is not valid JSON/],
    ['a JSON array', () => '[]', /must be a JSON object/],
    [
      'a wrong format',
      (f) => JSON.stringify({ ...f, format: 'other' }),
      /\(format\): expected "runevault-ckks-v1"/,
    ],
    [
      'the wrong kind',
      (f) => JSON.stringify({ ...f, kind: 'EncKey' }),
      /\(kind\): expected "SecKey", found "EncKey"/,
    ],
    [
      'a key-like kind',
      (f) => JSON.stringify({ ...f, kind: (f.data as string).slice(0, 60) }),
      /found something else/,
    ],
    ['a non-ckks scheme', (f) => JSON.stringify({ ...f, scheme: 'bfv' }), /\(scheme\): expected "ckks"/],
    ['missing params', (f) => JSON.stringify({ ...f, params: undefined }), /\(params\): must be an object/],
    [
      'invalid params',
      (f) =>
        JSON.stringify({
          ...f,
          params: { poly_modulus_degree: 8192, coeff_modulus_bits: [60], scale_bits: 40 },
        }),
      /\(params\): coeff_modulus_bits/,
    ],
    [
      'bad base64 data',
      (f) => JSON.stringify({ ...f, data: `${(f.data as string).slice(0, 400)}!!` }),
      /\(data\): is not valid base64/,
    ],
    ['empty data', (f) => JSON.stringify({ ...f, data: '' }), /\(data\): is not valid base64/],
    ['missing seal_version', (f) => JSON.stringify({ ...f, seal_version: 4 }), /\(seal_version\)/],
  ];

  it.each(variants)(
    'rejects %s with a ConfigError naming the file, without key content',
    (_label, mutate, expected) => {
      const path = join(root, 'variant-SecKey.json');
      writeFileSync(path, mutate(JSON.parse(secKeyText)));
      const error = thrown(() => readSecretKeyFile(path));
      expect(error.file).toBe(path);
      expect(error.message).toMatch(expected);
      expectNoKeyMaterial(error.message);
    },
  );

  it('names a missing key file and how to create one', () => {
    const path = join(root, 'nowhere', 'SecKey.json');
    const error = thrown(() => readSecretKeyFile(path));
    expect(error.message).toBe(`${path}: cannot read key file (ENOENT); run \`runevault keys generate\``);
  });

  it('parseKeyFile checks the expected kind for public keys too', () => {
    const { encKeyJson } = readPublicKeyFiles(keyDir);
    expect(parseKeyFile(encKeyJson, 'EncKey.json', 'EncKey').kind).toBe('EncKey');
    expect(() => parseKeyFile(encKeyJson, 'EvalKey.json', 'EvalKey')).toThrow(
      /expected "EvalKey", found "EncKey"/,
    );
  });

  it('keyFilesPresent is false for an empty or missing directory', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(keyFilesPresent(empty)).toBe(false);
    expect(keyFilesPresent(join(root, 'missing'))).toBe(false);
  });
});
