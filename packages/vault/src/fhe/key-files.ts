// Key files on disk: {dir}/EncKey.json, EvalKey.json (public, served verbatim) and SecKey.json (0600).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import {
  type CkksParams,
  ckksParamsProblem,
  createCkksContext,
  DEFAULT_CKKS_PARAMS,
  loadSeal,
  sealSerializationVersion,
} from './ckks-params.js';

export const KEY_FILE_FORMAT = 'runevault-ckks-v1';
export type KeyKind = 'EncKey' | 'EvalKey' | 'SecKey';
export const KEY_FILE_NAMES = ['EncKey.json', 'EvalKey.json', 'SecKey.json'] as const;

/** A parsed, validated key file; `data` is the base64 SEAL serialization. */
export interface KeyFile {
  kind: KeyKind;
  params: CkksParams;
  sealVersion: string;
  data: string;
}

const REGENERATE_HINT = 'restore it from backup or run `runevault keys generate --force` (replaces all keys)';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function keyFilesPresent(dir: string): boolean {
  return KEY_FILE_NAMES.every((name) => existsSync(join(dir, name)));
}

export function readPublicKeyFiles(dir: string): { encKeyJson: string; evalKeyJson: string } {
  return {
    encKeyJson: readKeyFileText(join(dir, 'EncKey.json')),
    evalKeyJson: readKeyFileText(join(dir, 'EvalKey.json')),
  };
}

export function readSecretKeyFile(path: string): KeyFile {
  return parseKeyFile(readKeyFileText(path), path, 'SecKey');
}

/**
 * Validates a key file's text. `source` names the file in errors; messages never quote the
 * file's content, since a SecKey's content is the secret.
 */
export function parseKeyFile(text: string, source: string, kind: KeyKind): KeyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(source, undefined, 'is not valid JSON', REGENERATE_HINT);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, undefined, 'must be a JSON object', REGENERATE_HINT);
  }
  const file = raw as Record<string, unknown>;
  if (file.format !== KEY_FILE_FORMAT) {
    throw new ConfigError(source, 'format', `expected "${KEY_FILE_FORMAT}"`, REGENERATE_HINT);
  }
  if (file.kind !== kind) {
    const found =
      typeof file.kind === 'string' && /^\w{1,20}$/.test(file.kind) ? `"${file.kind}"` : 'something else';
    throw new ConfigError(
      source,
      'kind',
      `expected "${kind}", found ${found}`,
      'check the file is the right key',
    );
  }
  if (file.scheme !== 'ckks') throw new ConfigError(source, 'scheme', 'expected "ckks"', REGENERATE_HINT);
  const params = parseParams(file.params, source);
  if (typeof file.seal_version !== 'string' || file.seal_version === '') {
    throw new ConfigError(source, 'seal_version', 'must be a non-empty string', REGENERATE_HINT);
  }
  const data = file.data;
  if (typeof data !== 'string' || data.length === 0 || data.length % 4 !== 0 || !BASE64.test(data)) {
    throw new ConfigError(source, 'data', 'is not valid base64', REGENERATE_HINT);
  }
  return { kind, params, sealVersion: file.seal_version, data };
}

function parseParams(value: unknown, source: string): CkksParams {
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(source, 'params', 'must be an object', REGENERATE_HINT);
  }
  const p = value as Record<string, unknown>;
  const params: CkksParams = {
    polyModulusDegree: p.poly_modulus_degree as number,
    coeffModulusBits: p.coeff_modulus_bits as number[],
    scaleBits: p.scale_bits as number,
  };
  const problem = ckksParamsProblem(params);
  if (problem) throw new ConfigError(source, 'params', problem, REGENERATE_HINT);
  return params;
}

/** File text, or a ConfigError naming the file when it cannot be read. */
export function readKeyFileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'read error';
    throw new ConfigError(path, undefined, `cannot read key file (${code})`, 'run `runevault keys generate`');
  }
}

/**
 * Creates EncKey/EvalKey/SecKey in `dir`. A complete existing set is kept unless `force`;
 * a partial set is an error, because silently replacing half a key set breaks clients.
 */
export async function generateKeys(
  dir: string,
  opts: { params?: CkksParams; force?: boolean } = {},
): Promise<{ dir: string; generated: boolean }> {
  const present = KEY_FILE_NAMES.filter((name) => existsSync(join(dir, name)));
  if (!opts.force && present.length === KEY_FILE_NAMES.length) return { dir, generated: false };
  if (!opts.force && present.length > 0) {
    const missing = KEY_FILE_NAMES.filter((name) => !present.includes(name));
    throw new ConfigError(
      dir,
      undefined,
      `incomplete key set: missing ${missing.join(', ')}`,
      'restore the missing files, or use `runevault keys generate --force` to replace all keys',
    );
  }
  const params = opts.params ?? DEFAULT_CKKS_PARAMS;
  const contents = await createKeyContents(params);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  await writeKeySet(dir, contents);
  return { dir, generated: true };
}

async function createKeyContents(
  params: CkksParams,
): Promise<Record<(typeof KEY_FILE_NAMES)[number], string>> {
  const seal = await loadSeal();
  const context = createCkksContext(seal, params);
  const keygen = seal.KeyGenerator(context);
  const secretKey = keygen.secretKey();
  // Seeded serializations are half the size of PublicKey/RelinKeys.save() and load the same way.
  const publicKey = keygen.createPublicKeySerializable();
  const relinKeys = keygen.createRelinKeysSerializable();
  try {
    const header = {
      format: KEY_FILE_FORMAT,
      scheme: 'ckks',
      params: {
        poly_modulus_degree: params.polyModulusDegree,
        coeff_modulus_bits: [...params.coeffModulusBits],
        scale_bits: params.scaleBits,
      },
      seal_version: sealSerializationVersion(seal),
    };
    const render = (kind: KeyKind, data: string) => `${JSON.stringify({ ...header, kind, data }, null, 2)}\n`;
    return {
      'EncKey.json': render('EncKey', publicKey.save()),
      'EvalKey.json': render('EvalKey', relinKeys.save()),
      'SecKey.json': render('SecKey', secretKey.save()),
    };
  } finally {
    relinKeys.delete();
    publicKey.delete();
    secretKey.delete();
    keygen.delete();
    context.delete();
  }
}

/** All temp files are written and synced before any rename, keeping the partial-set window tiny. */
async function writeKeySet(
  dir: string,
  contents: Record<(typeof KEY_FILE_NAMES)[number], string>,
): Promise<void> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps: Array<[string, string]> = [];
  try {
    for (const name of KEY_FILE_NAMES) {
      const temp = join(dir, `${name}${suffix}`);
      temps.push([temp, join(dir, name)]);
      const mode = name === 'SecKey.json' ? 0o600 : 0o644;
      const handle = await open(temp, 'wx', mode);
      try {
        await handle.writeFile(contents[name], 'utf8');
        await handle.chmod(mode);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const [temp, target] of temps) await rename(temp, target);
    await syncDir(dir);
  } finally {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
