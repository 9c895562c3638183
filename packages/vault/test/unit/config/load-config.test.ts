import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  loadConfig,
  resolveConfig,
  TLS_DISABLED_WARNING,
} from '../../../src/config/load-config.js';
import type { VaultConfig } from '../../../src/config/types.js';
import { configError } from '../../support/expect-errors.js';
import { useTempDir } from '../../support/temp-dir.js';

const tmp = useTempDir('load-config');
const TEAM_SECRET = 'team-secret-0123456789abcdef-DO-NOT-LEAK';

type Raw = Record<string, unknown>;

function merge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
        ? merge(current as Raw, value as Raw)
        : value;
  }
  return out;
}

const BASE: Raw = { server: { grpc: { tls: { disable: true } } }, tokens: { team_secret: TEAM_SECRET } };

/** Writes `text` as <tmp>/configs/runevault.conf (or <tmp>/runevault.conf) and loads it. */
function loadText(text: string, opts: { mode?: number; inConfigsDir?: boolean } = {}) {
  const dir = opts.inConfigsDir === false ? tmp() : join(tmp(), 'configs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'runevault.conf');
  writeFileSync(file, text);
  chmodSync(file, opts.mode ?? 0o600);
  return { file, ...loadConfig({ configPath: file }) };
}

const loadRaw = (over: Raw) => loadText(stringify(merge(BASE, over)));

/** Sets `value` at a dotted path inside a fresh object. */
function at(path: string, value: unknown): Raw {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Raw;
}

describe('defaults', () => {
  it('fills every default from VAULT.md and resolves paths against the install dir (configs/ layout)', () => {
    const { config, file, warnings } = loadRaw({});
    const home = tmp();
    const expected: VaultConfig = {
      file,
      installDir: home,
      daemon: { pidFile: join(home, '.runevault.pid') },
      server: {
        grpc: {
          host: '0.0.0.0',
          port: 50051,
          maxMessageMb: 256,
          maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
          tls: { cert: '', key: '', disable: true },
        },
        http: { host: '0.0.0.0', port: 9090 },
        admin: { socket: join(home, 'admin.sock') },
      },
      keys: {
        path: join(home, 'vault-keys'),
        keyId: 'vault-key',
        indexName: '',
        embeddingDim: 1024,
        generateIfMissing: true,
      },
      envector: { endpoint: '', apiKey: '' },
      tokens: {
        teamSecret: TEAM_SECRET,
        rolesFile: join(home, 'configs', 'roles.yml'),
        tokensFile: join(home, 'configs', 'tokens.yml'),
      },
      audit: {
        mode: 'stdout',
        path: join(home, 'logs', 'audit.log'),
        alert: { authFailureThreshold: 5, windowSeconds: 60 },
      },
      oidc: { providers: [] },
      decrypt: { workerMemoryLimitMb: 128 },
    };
    expect(config).toEqual(expected);
    expect(warnings).toEqual([TLS_DISABLED_WARNING]);
  });

  it("resolves against the file's own folder when it is not in configs/", () => {
    const { config } = loadText(stringify(BASE), { inConfigsDir: false });
    expect(config.installDir).toBe(tmp());
    expect(config.daemon.pidFile).toBe(join(tmp(), '.runevault.pid'));
    expect(config.tokens.tokensFile).toBe(join(tmp(), 'configs', 'tokens.yml'));
  });

  it('resolves every relative path and keeps absolute ones', () => {
    const { config } = loadRaw({
      daemon: { pid_file: 'run/vault.pid' },
      server: {
        grpc: { tls: { disable: false, cert: 'certs/server.pem', key: '/etc/ssl/server.key' } },
        admin: { socket: '/run/runevault/admin.sock' },
      },
      keys: { path: 'data/keys' },
      tokens: { roles_file: 'state/roles.yml', tokens_file: '/var/lib/tokens.yml' },
      audit: { path: 'audit/a.log' },
    });
    const home = tmp();
    expect(config.daemon.pidFile).toBe(join(home, 'run', 'vault.pid'));
    expect(config.server.grpc.tls).toEqual({
      cert: join(home, 'certs', 'server.pem'),
      key: '/etc/ssl/server.key',
      disable: false,
    });
    expect(config.server.admin.socket).toBe('/run/runevault/admin.sock');
    expect(config.keys.path).toBe(join(home, 'data', 'keys'));
    expect(config.tokens.rolesFile).toBe(join(home, 'state', 'roles.yml'));
    expect(config.tokens.tokensFile).toBe('/var/lib/tokens.yml');
    expect(config.audit.path).toBe(join(home, 'audit', 'a.log'));
  });

  it('treats empty sections and empty values as unset', () => {
    const { config } = loadText(
      `daemon:\nkeys:\n  index_name:\n  key_id:\nserver:\n  grpc:\n    tls: { disable: true }\ntokens:\n  team_secret: ${TEAM_SECRET}\n`,
    );
    expect(config.keys.keyId).toBe('vault-key');
    expect(config.keys.indexName).toBe('');
    expect(config.daemon.pidFile).toBe(join(tmp(), '.runevault.pid'));
  });

  it('takes explicit values over defaults', () => {
    const { config } = loadRaw({
      server: {
        grpc: { host: '127.0.0.1', port: 0, max_message_mb: 64, max_request_bytes: 1048576 },
        http: { port: 0 },
      },
      keys: { key_id: 'team-a', index_name: 'docs', embedding_dim: 768, generate_if_missing: false },
      envector: { endpoint: 'envector.test:443', api_key: 'k' },
      audit: { mode: 'file+stdout', alert: { auth_failure_threshold: 3, window_seconds: 10 } },
    });
    expect(config.server.grpc).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      maxMessageMb: 64,
      maxRequestBytes: 1048576,
    });
    expect(config.server.http.port).toBe(0);
    expect(config.keys).toMatchObject({
      keyId: 'team-a',
      indexName: 'docs',
      embeddingDim: 768,
      generateIfMissing: false,
    });
    expect(config.envector).toEqual({ endpoint: 'envector.test:443', apiKey: 'k' });
    expect(config.audit).toMatchObject({
      mode: 'file+stdout',
      alert: { authFailureThreshold: 3, windowSeconds: 10 },
    });
  });

  it('accepts an empty audit mode (audit off)', () => {
    expect(loadRaw({ audit: { mode: '' } }).config.audit.mode).toBe('');
  });
});

describe('unknown keys', () => {
  it('names the file, the dotted key, its line and the valid keys', () => {
    const text = [
      'server:',
      '  grpc:',
      '    prot: 50051',
      '    tls: { disable: true }',
      `tokens: { team_secret: ${TEAM_SECRET} }`,
      '',
    ].join('\n');
    const dir = join(tmp(), 'configs');
    const error = configError(() => loadText(text));
    expect(error.message).toBe(
      `${join(dir, 'runevault.conf')} (server.grpc.prot, line 3): unknown key; valid keys here: host, port, max_message_mb, max_request_bytes, tls`,
    );
    expect(error.file).toBe(join(dir, 'runevault.conf'));
  });

  it.each([
    ['deamon', 'daemon, server, keys, envector, tokens, audit, oidc, decrypt'],
    ['daemon.pidfile', 'pid_file'],
    ['server.grpcc', 'grpc, http, admin'],
    ['server.grpc.tls.certificate', 'cert, key, disable'],
    ['server.http.hots', 'host, port'],
    ['server.admin.sock', 'socket'],
    ['keys.keyid', 'path, key_id, index_name, embedding_dim, generate_if_missing'],
    ['envector.apikey', 'endpoint, api_key, api_key_file'],
    ['tokens.secret', 'team_secret, team_secret_file, roles_file, tokens_file'],
    ['audit.level', 'mode, path, alert'],
    ['audit.alert.threshold', 'auth_failure_threshold, window_seconds'],
    ['oidc.provider', 'providers'],
  ])('%s', (path, validKeys) => {
    const text = stringify(merge(BASE, at(path, 'x')));
    const leaf = path.split('.').at(-1) as string;
    const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${leaf}:`)) + 1;
    const error = configError(() => loadText(text));
    expect(error.message).toContain(
      `runevault.conf (${path}, line ${line}): unknown key; valid keys here: ${validKeys}`,
    );
  });

  it('in an oidc provider entry, with its index', () => {
    const error = configError(() =>
      loadRaw({
        oidc: {
          providers: [
            {
              name: 'ci',
              issuer: 'https://oidc.test.invalid',
              audiences: ['rv'],
              jwks_fil: 'j.json',
              role: 'member',
            },
          ],
        },
      }),
    );
    expect(error.message).toMatch(
      /\(oidc\.providers\[0\]\.jwks_fil, line \d+\): unknown key; valid keys here: name, issuer/,
    );
  });
});

describe('YAML syntax errors', () => {
  it('name the file and the line', () => {
    const text = ['server:', '  grpc:', '    port: [50051', '  http: {}', ''].join('\n');
    const error = configError(() => loadText(text));
    expect(error.file).toMatch(/runevault\.conf$/);
    expect(error.where).toBe('line 4');
    expect(error.message).toContain('invalid YAML');
  });

  it('report duplicate keys with their line', () => {
    const error = configError(() => loadText('keys:\n  key_id: a\n  key_id: b\n'));
    expect(error.where).toBe('line 3');
    expect(error.message).toMatch(/unique/);
  });

  it('never quote the source, which may hold a secret', () => {
    const error = configError(() => loadText(`tokens:\n  team_secret: "${TEAM_SECRET}\n`));
    expect(error.message).toMatch(/line \d+/);
    expect(error.message).not.toContain(TEAM_SECRET);
  });

  it('reject more than one document', () => {
    const error = configError(() => loadText('keys: {}\n---\nkeys: {}\n'));
    expect(error.message).toContain('more than one YAML document');
    expect(error.where).toBe('line 2');
  });

  it('reject a top level that is not a mapping', () => {
    expect(configError(() => loadText('- a\n- b\n')).message).toContain('expected a mapping, got a list');
  });
});

describe('wrong types and ranges', () => {
  it.each<[string, unknown, string]>([
    ['server.grpc.port', 70000, 'expected an integer in 0..65535, got number 70000; 0 picks a free port'],
    ['server.grpc.port', -1, 'expected an integer in 0..65535, got number -1'],
    ['server.grpc.port', 'abc', 'expected an integer in 0..65535, got "abc"'],
    [
      'server.http.port',
      80.5,
      'expected an integer in 0..65535, got number 80.5; 0 disables the HTTP listener',
    ],
    ['server.grpc.max_message_mb', 0, 'expected a positive number, got number 0; EvalKey bundles are large'],
    ['server.grpc.max_message_mb', -5, 'expected a positive number, got number -5'],
    [
      'server.grpc.max_request_bytes',
      1000,
      'expected an integer in 65536..2147483647, got number 1000; the largest DecryptScores request to accept',
    ],
    ['server.grpc.max_request_bytes', '64MB', 'expected an integer in 65536..2147483647, got "64MB"'],
    ['server.grpc.host', 42, 'expected a string, got number 42; quote the value'],
    ['server.grpc.host', '', 'must not be empty'],
    ['server.grpc.tls.disable', 'yes', 'expected true or false, got "yes"; write true or false unquoted'],
    ['audit.mode', 'syslog', 'expected one of "" | "file" | "stdout" | "file+stdout", got "syslog"'],
    ['audit.alert.auth_failure_threshold', 0, 'expected an integer >= 1, got number 0'],
    ['audit.alert.window_seconds', 'soon', 'expected an integer >= 1, got "soon"'],
    ['keys.embedding_dim', 0, 'expected an integer >= 1, got number 0'],
    ['keys.generate_if_missing', 'true', 'expected true or false, got "true"'],
    ['keys.key_id', '../escape', 'expected a folder name, got "../escape"; use a plain name like vault-key'],
    ['keys.index_name', 7, 'expected a string, got number 7'],
    ['daemon', 'pidfile', 'expected a mapping, got "pidfile"'],
    ['oidc.providers', 'ci', 'expected a list, got "ci"'],
  ])('%s = %j', (path, value, expected) => {
    const error = configError(() => loadRaw(at(path, value)));
    expect(error.message).toMatch(/runevault\.conf \(/);
    expect(error.where).toMatch(new RegExp(`^${path.replace(/\./g, '\\.')}, line \\d+$`));
    expect(error.message).toContain(expected);
  });
});

describe('secrets and *_file indirection', () => {
  function secretFile(name: string, content: string, mode = 0o600): string {
    const path = join(tmp(), 'secrets', name);
    mkdirSync(join(tmp(), 'secrets'), { recursive: true });
    writeFileSync(path, content);
    chmodSync(path, mode);
    return path;
  }

  it('reads team_secret_file (relative to the install dir) and api_key_file, trimmed, without warnings', () => {
    secretFile('team', `  ${TEAM_SECRET}\n`);
    const apiKey = secretFile('api', 'api-key-value\n');
    const { config, warnings } = loadText(
      stringify({
        server: { grpc: { tls: { disable: true } } },
        tokens: { team_secret_file: 'secrets/team' },
        envector: { api_key_file: apiKey },
      }),
    );
    expect(config.tokens.teamSecret).toBe(TEAM_SECRET);
    expect(config.envector.apiKey).toBe('api-key-value');
    expect(warnings).toEqual([TLS_DISABLED_WARNING]);
  });

  it('warns about a secret file looser than 0600, naming the file and never its content', () => {
    const path = secretFile('team', TEAM_SECRET, 0o644);
    const { warnings } = loadText(stringify({ ...BASE, tokens: { team_secret_file: path } }));
    const warning = warnings.find((w) => w.includes(path));
    expect(warning).toBe(
      `secret file ${path} is accessible by group/others (mode 0644); run chmod 600 ${path}`,
    );
    expect(warnings.join('\n')).not.toContain(TEAM_SECRET);
  });

  it('warns about a config file looser than 0600', () => {
    const { warnings, file } = loadText(stringify(BASE), { mode: 0o640 });
    expect(warnings).toContain(
      `config file ${file} is accessible by group/others (mode 0640); run chmod 600 ${file}`,
    );
    expect(loadText(stringify(BASE), { mode: 0o600 }).warnings.some((w) => w.includes('config file'))).toBe(
      false,
    );
  });

  it('rejects both the inline secret and its _file', () => {
    const path = secretFile('team', TEAM_SECRET);
    const error = configError(() => loadRaw({ tokens: { team_secret_file: path } }));
    expect(error.where).toMatch(/^tokens\.team_secret_file, line \d+$/);
    expect(error.message).toContain('both team_secret and team_secret_file are set; keep only one of them');
    expect(error.message).not.toContain(TEAM_SECRET);
  });

  it('rejects both api_key and api_key_file', () => {
    const path = secretFile('api', 'x');
    const error = configError(() => loadRaw({ envector: { api_key: 'inline', api_key_file: path } }));
    expect(error.message).toContain('envector.api_key_file');
    expect(error.message).toContain('both api_key and api_key_file are set');
  });

  it('names the key and the path of a missing secret file', () => {
    const error = configError(() =>
      loadText(stringify({ ...BASE, tokens: { team_secret_file: 'secrets/missing' } })),
    );
    expect(error.where).toMatch(/^tokens\.team_secret_file, line \d+$/);
    expect(error.message).toContain(`cannot read secret file ${join(tmp(), 'secrets', 'missing')} (ENOENT)`);
  });

  it('rejects an empty secret file', () => {
    const path = secretFile('team', '\n  \n');
    const error = configError(() => loadText(stringify({ ...BASE, tokens: { team_secret_file: path } })));
    expect(error.message).toContain(`secret file ${path} is empty`);
  });

  it('requires a team secret, saying how to set one', () => {
    for (const tokens of [{}, { team_secret: '' }]) {
      const error = configError(() => loadText(stringify({ ...BASE, tokens })));
      expect(error.message).toContain('tokens.team_secret');
      expect(error.message).toContain('set tokens.team_secret or tokens.team_secret_file');
    }
  });

  it('never echoes a secret of the wrong type', () => {
    const error = configError(() => loadText(stringify({ ...BASE, tokens: { team_secret: 987654321987 } })));
    expect(error.message).toContain('tokens.team_secret');
    expect(error.message).toContain('value not shown');
    expect(error.message).not.toContain('987654321987');
    const apiError = configError(() => loadRaw({ envector: { api_key: 55501234 } }));
    expect(apiError.message).not.toContain('55501234');
  });
});

describe('TLS', () => {
  const tokens = { team_secret: TEAM_SECRET };

  it('requires a cert unless disabled', () => {
    const error = configError(() => loadText(stringify({ tokens })));
    expect(error.where).toBe('server.grpc.tls.cert');
    expect(error.message).toContain('required while TLS is enabled');
    expect(error.message).toContain('server.grpc.tls.disable: true');
  });

  it('requires a key next to the cert', () => {
    const error = configError(() =>
      loadText(stringify({ tokens, server: { grpc: { tls: { cert: 'certs/server.pem' } } } })),
    );
    expect(error.where).toMatch(/^server\.grpc\.tls\.key, line \d+$/);
  });

  it('accepts cert and key without a warning', () => {
    const { config, warnings } = loadText(
      stringify({ tokens, server: { grpc: { tls: { cert: 'certs/s.pem', key: 'certs/s.key' } } } }),
    );
    expect(config.server.grpc.tls).toEqual({
      cert: join(tmp(), 'certs', 's.pem'),
      key: join(tmp(), 'certs', 's.key'),
      disable: false,
    });
    expect(warnings).toEqual([]);
  });

  it('warns loudly when disabled', () => {
    const { warnings } = loadRaw({});
    expect(warnings).toContain(
      'TLS is disabled: gRPC traffic (tokens, decrypted scores) travels in plaintext',
    );
  });
});

describe('oidc providers', () => {
  const provider = {
    name: 'ci',
    issuer: 'https://oidc.test.invalid',
    audiences: ['runevault'],
    jwks_file: 'oidc/jwks.json',
    algorithms: ['RS256', 'ES256'],
    bound_claims: { repository: 'org/*' },
    role: 'member',
    ttl: '15m',
  };
  const withProvider = (over: Raw) => loadRaw({ oidc: { providers: [{ ...provider, ...over }] } });

  it('parses a provider into OidcProviderConfig with defaults and a resolved jwks_file', () => {
    const { config, warnings } = withProvider({});
    expect(config.oidc.providers).toEqual([
      {
        name: 'ci',
        issuer: 'https://oidc.test.invalid',
        audiences: ['runevault'],
        jwksFile: join(tmp(), 'oidc', 'jwks.json'),
        algorithms: ['RS256', 'ES256'],
        boundClaims: { repository: 'org/*' },
        userClaim: 'sub',
        role: 'member',
        ttlSeconds: 900,
        maxTokenAgeSeconds: 3600,
        maxTokensPerSubject: 5,
        exchangeRateLimit: { max: 600, windowSeconds: 60 },
      },
    ]);
    expect(warnings).toEqual([TLS_DISABLED_WARNING]);
  });

  it('takes jwks_uri, user_claim and the ttl forms 1h / 900s / 1h0m', () => {
    const { config } = loadRaw({
      oidc: {
        providers: [
          {
            ...provider,
            jwks_file: undefined,
            jwks_uri: 'https://oidc.test.invalid/jwks',
            user_claim: 'email',
            ttl: '1h',
          },
          { ...provider, name: 'b', ttl: '900s' },
          { ...provider, name: 'c', ttl: '1h0m' },
        ],
      },
    });
    const [a, b, c] = config.oidc.providers;
    expect(a).toMatchObject({
      jwksUri: 'https://oidc.test.invalid/jwks',
      userClaim: 'email',
      ttlSeconds: 3600,
    });
    expect(a?.jwksFile).toBeUndefined();
    expect(b?.ttlSeconds).toBe(900);
    expect(c?.ttlSeconds).toBe(3600);
  });

  it('takes max_token_age', () => {
    expect(withProvider({ max_token_age: '10m' }).config.oidc.providers[0]?.maxTokenAgeSeconds).toBe(600);
  });

  it('takes max_tokens_per_subject and exchange_rate_limit', () => {
    const [parsed] = withProvider({ max_tokens_per_subject: 2, exchange_rate_limit: '100/10s' }).config.oidc
      .providers;
    expect(parsed).toMatchObject({
      maxTokensPerSubject: 2,
      exchangeRateLimit: { max: 100, windowSeconds: 10 },
    });
  });

  it('warns when a provider binds no claims', () => {
    const { warnings } = withProvider({ bound_claims: undefined });
    expect(warnings).toContain(
      "oidc provider 'ci' has no bound_claims: any token from https://oidc.test.invalid for runevault is accepted",
    );
  });

  it.each<[string, Raw, RegExp]>([
    ['name missing', { name: undefined }, /oidc\.providers\[0\]\.name.*required/],
    ['issuer missing', { issuer: undefined }, /oidc\.providers\[0\]\.issuer.*required/],
    ['issuer not a URL', { issuer: 'oidc.test' }, /issuer.*expected an http\(s\) URL, got "oidc\.test"/],
    ['audiences empty', { audiences: [] }, /audiences.*at least one audience/],
    ['audiences not a list', { audiences: 'runevault' }, /audiences.*expected a list/],
    ['both jwks sources', { jwks_uri: 'https://x.test/jwks' }, /exactly one of jwks_file and jwks_uri/],
    ['no jwks source', { jwks_file: undefined }, /exactly one of jwks_file and jwks_uri/],
    ['bad jwks_uri', { jwks_file: undefined, jwks_uri: 'ftp://x' }, /jwks_uri.*expected an http\(s\) URL/],
    [
      'unsupported algorithm',
      { algorithms: ['RS256', 'HS256'] },
      /algorithms\[1\].*unsupported algorithm "HS256"; supported: RS256/,
    ],
    ['empty algorithms', { algorithms: [] }, /algorithms.*must not be empty/],
    ['bound claim not a string', { bound_claims: { run: 5 } }, /bound_claims\.run.*expected a string/],
    ['role missing', { role: undefined }, /oidc\.providers\[0\]\.role.*required/],
    ['ttl over 1h', { ttl: '2h' }, /ttl.*expected a duration from 1s to 1h, got "2h"; write it like 15m/],
    ['ttl not a duration', { ttl: 'soon' }, /ttl.*got "soon"/],
    ['ttl zero', { ttl: '0s' }, /ttl.*expected a duration from 1s to 1h/],
    ['max_token_age over 24h', { max_token_age: '25h' }, /max_token_age.*from 1s to 24h, got "25h"/],
    [
      'max_tokens_per_subject over 100',
      { max_tokens_per_subject: 101 },
      /max_tokens_per_subject.*expected an integer in 1\.\.100, got number 101; the live exchanged tokens/,
    ],
    ['max_tokens_per_subject zero', { max_tokens_per_subject: 0 }, /max_tokens_per_subject.*1\.\.100/],
    [
      'exchange_rate_limit malformed',
      { exchange_rate_limit: 'lots' },
      /exchange_rate_limit.*expected N\/Ws \(1\.\.100000 calls per 1\.\.86400 s\), got "lots"; write it like 600\/60s/,
    ],
    ['exchange_rate_limit zero', { exchange_rate_limit: '0/60s' }, /exchange_rate_limit.*got "0\/60s"/],
    ['exchange_rate_limit a number', { exchange_rate_limit: 600 }, /exchange_rate_limit.*got 600/],
  ])('%s', (_name, over, expected) => {
    expect(configError(() => withProvider(over)).message).toMatch(expected);
  });

  it('rejects duplicate provider names', () => {
    const error = configError(() => loadRaw({ oidc: { providers: [provider, { ...provider }] } }));
    expect(error.where).toMatch(/^oidc\.providers\[1\]\.name, line \d+$/);
    expect(error.message).toContain('duplicate provider name "ci"');
  });
});

describe('resolveConfig', () => {
  it('builds a config from an object, resolving paths against installDir', () => {
    const { config } = resolveConfig(BASE, {
      file: join(tmp(), 'configs', 'runevault.conf'),
      installDir: tmp(),
    });
    expect(config.installDir).toBe(tmp());
    expect(config.keys.path).toBe(join(tmp(), 'vault-keys'));
  });

  it('derives the install dir from the file when not given', () => {
    const { config } = resolveConfig(BASE, { file: join(tmp(), 'configs', 'runevault.conf') });
    expect(config.installDir).toBe(tmp());
  });

  it('without a file: install dir is the cwd and errors say <inline config>', () => {
    expect(resolveConfig(BASE, { file: '' }).config).toMatchObject({ file: '', installDir: process.cwd() });
    const error = configError(() => resolveConfig({ ...BASE, extra: 1 }, { file: '' }));
    expect(error.message).toBe(
      '<inline config> (extra): unknown key; valid keys here: daemon, server, keys, envector, tokens, audit, oidc, decrypt',
    );
  });
});
