import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigNotFoundError,
  DEFAULT_CONFIG_CANDIDATES,
  findConfigFile,
  installDirFor,
  loadConfig,
} from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('find-config');
const MINIMAL = 'tokens: { team_secret: abc }\nserver: { grpc: { tls: { disable: true } } }\n';

function touch(path: string, text = MINIMAL): string {
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

describe('findConfigFile', () => {
  it('searches --config, then /opt/rune-vault/configs/runevault.conf, then ./runevault.conf', () => {
    expect(DEFAULT_CONFIG_CANDIDATES).toEqual(['/opt/rune-vault/configs/runevault.conf', './runevault.conf']);
  });

  it('prefers the explicit path over every candidate', () => {
    const explicit = touch(join(tmp(), 'mine.conf'));
    const candidate = touch(join(tmp(), 'candidate.conf'));
    expect(findConfigFile(explicit, [candidate])).toBe(explicit);
  });

  it('takes the first candidate that exists, in order', () => {
    const first = join(tmp(), 'first.conf');
    const second = touch(join(tmp(), 'second.conf'));
    expect(findConfigFile(undefined, [first, second])).toBe(second);
    touch(first);
    expect(findConfigFile(undefined, [first, second])).toBe(first);
  });

  it('ignores a directory with the candidate name', () => {
    const dir = join(tmp(), 'runevault.conf');
    mkdirSync(dir);
    const other = touch(join(tmp(), 'other.conf'));
    expect(findConfigFile(undefined, [dir, other])).toBe(other);
  });

  it('names every path searched, absolute, when nothing exists', () => {
    const missing = join(tmp(), 'nope.conf');
    const relative = 'surely-missing-runevault.conf';
    const error = (() => {
      try {
        findConfigFile(undefined, [missing, relative]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigNotFoundError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `config not found; searched ${missing}, ${resolve(relative)} (use --config PATH)`,
    );
    expect((error as ConfigNotFoundError).searched).toEqual([missing, resolve(relative)]);
  });

  it('does not fall back to the candidates when an explicit path is missing', () => {
    const candidate = touch(join(tmp(), 'candidate.conf'));
    const explicit = join(tmp(), 'typo.conf');
    expect(() => findConfigFile(explicit, [candidate])).toThrow(
      `config not found; searched ${explicit} (use --config PATH)`,
    );
  });
});

describe('installDirFor', () => {
  it('is the parent of configs/ for a file inside configs/', () => {
    expect(installDirFor('/opt/rune-vault/configs/runevault.conf')).toBe('/opt/rune-vault');
  });

  it("is the file's own folder otherwise", () => {
    expect(installDirFor('/srv/vault/runevault.conf')).toBe('/srv/vault');
    expect(installDirFor('/srv/configs-old/runevault.conf')).toBe('/srv/configs-old');
  });
});

describe('loadConfig lookup', () => {
  it('loads the explicit file and resolves relative paths against its install dir', () => {
    const file = touch(join(tmp(), 'configs', 'runevault.conf'));
    const { config } = loadConfig({ configPath: file });
    expect(config.file).toBe(file);
    expect(config.installDir).toBe(tmp());
    expect(config.tokens.rolesFile).toBe(join(tmp(), 'configs', 'roles.yml'));
  });

  it('loads the first candidate when no --config is given', () => {
    const file = touch(join(tmp(), 'runevault.conf'));
    const { config } = loadConfig({ candidates: [join(tmp(), 'missing.conf'), file] });
    expect(config.file).toBe(file);
    expect(config.installDir).toBe(tmp());
  });

  it('fails with the not-found message when nothing exists', () => {
    expect(() => loadConfig({ candidates: [join(tmp(), 'a.conf')] })).toThrow(ConfigNotFoundError);
  });
});
