import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { DEFAULT_WORKER_MEMORY_LIMIT_MB } from '../fhe/score-decryptor-pool.js';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  MAX_MAX_REQUEST_BYTES,
  MAX_SCORE_BLOCKS,
  MIN_MAX_REQUEST_BYTES,
} from '../protocol/request-limits.js';
import { parseRateLimit } from '../tokens/rate-limiter.js';
import { parseDurationSeconds } from './duration.js';
import { type Mapping, SchemaReader } from './schema.js';
import type { AuditMode, OidcProviderConfig, VaultConfig } from './types.js';
import { parseYamlSource, type YamlPath } from './yaml-source.js';

export const DEFAULT_CONFIG_CANDIDATES: readonly string[] = [
  '/opt/rune-vault/configs/runevault.conf',
  './runevault.conf',
];

export const TLS_DISABLED_WARNING =
  'TLS is disabled: gRPC traffic (tokens, decrypted scores) travels in plaintext';

const AUDIT_MODES: readonly AuditMode[] = ['', 'file', 'stdout', 'file+stdout'];
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'EdDSA'] as const;
const OIDC_MAX_TTL_SECONDS = 3600;
const OIDC_DEFAULT_TTL_SECONDS = 900;
/** A JWT whose iat is older than this is refused even before its exp (bounds replay). */
const OIDC_DEFAULT_MAX_TOKEN_AGE_SECONDS = 3600;
const OIDC_MAX_MAX_TOKEN_AGE_SECONDS = 86_400;
/**
 * Live exchanged tokens per subject. Kept far below MAX_EPHEMERAL_TOKENS (10,000) so that no
 * single subject can fill the vault-wide pool and deny exchanges to the others.
 */
const OIDC_DEFAULT_MAX_TOKENS_PER_SUBJECT = 5;
const OIDC_MAX_MAX_TOKENS_PER_SUBJECT = 100;
/** New exchanged tokens per provider and window: 10 a second, sustained. */
const OIDC_DEFAULT_EXCHANGE_RATE_LIMIT = '600/60s';

export { DEFAULT_MAX_REQUEST_BYTES };

export interface LoadedConfig {
  config: VaultConfig;
  /** Operator-facing warnings (loose file modes, TLS off); never contain secret values. */
  warnings: string[];
}

/** No config file at any of the searched paths; the message lists them all. */
export class ConfigNotFoundError extends ConfigError {
  constructor(readonly searched: string[]) {
    super(searched.join(', '), undefined, 'config not found', 'use --config PATH');
    this.message = `config not found; searched ${searched.join(', ')} (use --config PATH)`;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `--config` wins; otherwise the first candidate that exists. Returns an absolute path. */
export function findConfigFile(
  explicit?: string,
  candidates: readonly string[] = DEFAULT_CONFIG_CANDIDATES,
): string {
  const searched = (explicit ? [explicit] : candidates).map((candidate) => resolve(candidate));
  const found = searched.find(isFile);
  if (!found) throw new ConfigNotFoundError(searched);
  return found;
}

/** The parent of `configs/` when the file sits in a folder named `configs`, else its own folder. */
export function installDirFor(configFile: string): string {
  const dir = dirname(resolve(configFile));
  return basename(dir) === 'configs' ? dirname(dir) : dir;
}

function looseModeWarning(what: string, path: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) === 0) return undefined;
    return `${what} ${path} is accessible by group/others (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 ${path}`;
  } catch {
    return undefined;
  }
}

/** Finds, reads and resolves the config file. */
export function loadConfig(opts: { configPath?: string; candidates?: string[] } = {}): LoadedConfig {
  const file = findConfigFile(opts.configPath, opts.candidates);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const source = parseYamlSource(text, file);
  const warnings: string[] = [];
  const fileWarning = looseModeWarning('config file', file);
  if (fileWarning) warnings.push(fileWarning);
  const resolved = buildConfig(
    source.value,
    file,
    installDirFor(file),
    new SchemaReader(file, source.lineOf),
  );
  return { config: resolved.config, warnings: [...warnings, ...resolved.warnings] };
}

/**
 * Resolves a raw config object (as parsed from YAML) without a file: the dev entry and
 * tests use it. `installDir` defaults to the one derived from `file`, or the cwd.
 */
export function resolveConfig(raw: unknown, opts: { file: string; installDir?: string }): LoadedConfig {
  const file = opts.file ? resolve(opts.file) : '';
  const installDir = resolve(opts.installDir ?? (file ? installDirFor(file) : process.cwd()));
  return buildConfig(raw, file, installDir, new SchemaReader(file || '<inline config>'));
}

function buildConfig(raw: unknown, file: string, installDir: string, reader: SchemaReader): LoadedConfig {
  const warnings: string[] = [];
  const path = (value: string) => resolve(installDir, value);

  const root = reader.mapping([], raw, [
    'daemon',
    'server',
    'keys',
    'envector',
    'tokens',
    'audit',
    'oidc',
    'decrypt',
  ]);

  const daemonPath = ['daemon'];
  const daemon = reader.mapping(daemonPath, root.daemon, ['pid_file']);

  const serverPath = ['server'];
  const server = reader.mapping(serverPath, root.server, ['grpc', 'http', 'admin']);
  const grpcPath = [...serverPath, 'grpc'];
  const grpc = reader.mapping(grpcPath, server.grpc, [
    'host',
    'port',
    'max_message_mb',
    'max_request_bytes',
    'tls',
  ]);
  const tlsPath = [...grpcPath, 'tls'];
  const tls = reader.mapping(tlsPath, grpc.tls, ['cert', 'key', 'disable']);
  const httpPath = [...serverPath, 'http'];
  const http = reader.mapping(httpPath, server.http, ['host', 'port']);
  const adminPath = [...serverPath, 'admin'];
  const admin = reader.mapping(adminPath, server.admin, ['socket']);

  const tlsDisable = reader.boolean(tlsPath, tls, 'disable') ?? false;
  const tlsCert = reader.nonEmptyString(tlsPath, tls, 'cert');
  const tlsKey = reader.nonEmptyString(tlsPath, tls, 'key');
  if (tlsDisable) {
    warnings.push(TLS_DISABLED_WARNING);
  } else {
    const tlsHint =
      'set server.grpc.tls.cert and server.grpc.tls.key to PEM files, or server.grpc.tls.disable: true for local development only';
    if (tlsCert === undefined) reader.fail([...tlsPath, 'cert'], 'required while TLS is enabled', tlsHint);
    if (tlsKey === undefined) reader.fail([...tlsPath, 'key'], 'required while TLS is enabled', tlsHint);
  }

  const keysPath = ['keys'];
  const keys = reader.mapping(keysPath, root.keys, [
    'path',
    'key_id',
    'index_name',
    'embedding_dim',
    'generate_if_missing',
  ]);
  const keyId = reader.nonEmptyString(keysPath, keys, 'key_id') ?? 'vault-key';
  if (/[/\\]/.test(keyId) || keyId === '.' || keyId === '..') {
    reader.fail(
      [...keysPath, 'key_id'],
      `expected a folder name, got ${JSON.stringify(keyId)}`,
      'use a plain name like vault-key',
    );
  }

  const envectorPath = ['envector'];
  const envector = reader.mapping(envectorPath, root.envector, ['endpoint', 'api_key', 'api_key_file']);

  const tokensPath = ['tokens'];
  const tokens = reader.mapping(tokensPath, root.tokens, [
    'team_secret',
    'team_secret_file',
    'roles_file',
    'tokens_file',
  ]);
  const teamSecret = readSecret(reader, tokensPath, tokens, 'team_secret', installDir, warnings);
  if (!teamSecret) {
    reader.fail(
      [...tokensPath, 'team_secret'],
      'required: the team secret derives every agent key',
      'set tokens.team_secret or tokens.team_secret_file',
    );
  }

  const auditPath = ['audit'];
  const audit = reader.mapping(auditPath, root.audit, ['mode', 'path', 'alert']);
  const alertPath = [...auditPath, 'alert'];
  const alert = reader.mapping(alertPath, audit.alert, ['auth_failure_threshold', 'window_seconds']);

  const config: VaultConfig = {
    file,
    installDir,
    daemon: { pidFile: path(reader.nonEmptyString(daemonPath, daemon, 'pid_file') ?? '.runevault.pid') },
    server: {
      grpc: {
        host: reader.nonEmptyString(grpcPath, grpc, 'host') ?? '0.0.0.0',
        port: reader.integer(grpcPath, grpc, 'port', { min: 0, max: 65535 }, '0 picks a free port') ?? 50051,
        maxMessageMb:
          reader.positiveNumber(
            grpcPath,
            grpc,
            'max_message_mb',
            'EvalKey bundles are large; the default is 256',
          ) ?? 256,
        maxRequestBytes:
          reader.integer(
            grpcPath,
            grpc,
            'max_request_bytes',
            { min: MIN_MAX_REQUEST_BYTES, max: MAX_MAX_REQUEST_BYTES },
            `the largest DecryptScores request to accept; the default ${DEFAULT_MAX_REQUEST_BYTES} fits ${MAX_SCORE_BLOCKS} full-level ciphertext blocks`,
          ) ?? DEFAULT_MAX_REQUEST_BYTES,
        tls: { cert: tlsCert ? path(tlsCert) : '', key: tlsKey ? path(tlsKey) : '', disable: tlsDisable },
      },
      http: {
        host: reader.nonEmptyString(httpPath, http, 'host') ?? '0.0.0.0',
        port:
          reader.integer(httpPath, http, 'port', { min: 0, max: 65535 }, '0 disables the HTTP listener') ??
          9090,
      },
      admin: { socket: path(reader.nonEmptyString(adminPath, admin, 'socket') ?? 'admin.sock') },
    },
    keys: {
      path: path(reader.nonEmptyString(keysPath, keys, 'path') ?? 'vault-keys'),
      keyId,
      indexName: reader.string(keysPath, keys, 'index_name') ?? '',
      embeddingDim: reader.integer(keysPath, keys, 'embedding_dim', { min: 1 }) ?? 1024,
      generateIfMissing: reader.boolean(keysPath, keys, 'generate_if_missing') ?? true,
    },
    envector: {
      endpoint: reader.string(envectorPath, envector, 'endpoint') ?? '',
      apiKey: readSecret(reader, envectorPath, envector, 'api_key', installDir, warnings) ?? '',
    },
    tokens: {
      teamSecret,
      rolesFile: path(reader.nonEmptyString(tokensPath, tokens, 'roles_file') ?? 'configs/roles.yml'),
      tokensFile: path(reader.nonEmptyString(tokensPath, tokens, 'tokens_file') ?? 'configs/tokens.yml'),
    },
    audit: {
      mode: reader.oneOf(auditPath, audit, 'mode', AUDIT_MODES) ?? 'stdout',
      path: path(reader.nonEmptyString(auditPath, audit, 'path') ?? 'logs/audit.log'),
      alert: {
        authFailureThreshold: reader.integer(alertPath, alert, 'auth_failure_threshold', { min: 1 }) ?? 5,
        windowSeconds: reader.integer(alertPath, alert, 'window_seconds', { min: 1 }) ?? 60,
      },
    },
    oidc: { providers: readOidcProviders(reader, root.oidc, installDir, warnings) },
    decrypt: readDecrypt(reader, root.decrypt),
  };
  return { config, warnings };
}

/** WASM memory is 32-bit (4 GiB at most); below 64 MiB a worker cannot hold a key and decrypt. */
const DECRYPT_WORKER_MEMORY_LIMIT_RANGE = { min: 64, max: 4096 } as const;

function readDecrypt(reader: SchemaReader, raw: unknown): VaultConfig['decrypt'] {
  const decryptPath = ['decrypt'];
  const decrypt = reader.mapping(decryptPath, raw, ['workers', 'worker_memory_limit_mb']);
  const workers = reader.integer(
    decryptPath,
    decrypt,
    'workers',
    { min: 1, max: 64 },
    'SEAL worker threads, e.g. 2',
  );
  const workerMemoryLimitMb =
    reader.integer(
      decryptPath,
      decrypt,
      'worker_memory_limit_mb',
      DECRYPT_WORKER_MEMORY_LIMIT_RANGE,
      'MiB of SEAL memory after which a decrypt worker is replaced; the default is 128',
    ) ?? DEFAULT_WORKER_MEMORY_LIMIT_MB;
  return workers === undefined ? { workerMemoryLimitMb } : { workers, workerMemoryLimitMb };
}

/**
 * `key` inline or `key_file` pointing at a file holding it (trimmed). A secret file readable
 * by others is a warning naming the file; the value never appears in a message.
 */
function readSecret(
  reader: SchemaReader,
  parent: YamlPath,
  obj: Mapping,
  key: string,
  installDir: string,
  warnings: string[],
): string | undefined {
  const inline = reader.string(parent, obj, key, { secret: true });
  const fileKey = `${key}_file`;
  const fileRef = reader.nonEmptyString(parent, obj, fileKey);
  if (fileRef === undefined) return inline;
  if (inline) {
    reader.fail([...parent, fileKey], `both ${key} and ${fileKey} are set`, `keep only one of them`);
  }
  const secretPath = resolve(installDir, fileRef);
  let text: string;
  try {
    text = readFileSync(secretPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return reader.fail(
      [...parent, fileKey],
      `cannot read secret file ${secretPath} (${code})`,
      'create it with mode 0600 or fix the path',
    );
  }
  const warning = looseModeWarning('secret file', secretPath);
  if (warning) warnings.push(warning);
  const value = text.trim();
  if (value === '')
    reader.fail([...parent, fileKey], `secret file ${secretPath} is empty`, 'write the secret into it');
  return value;
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function readOidcProviders(
  reader: SchemaReader,
  raw: unknown,
  installDir: string,
  warnings: string[],
): OidcProviderConfig[] {
  const oidc = reader.mapping(['oidc'], raw, ['providers']);
  const listPath = ['oidc', 'providers'];
  const names = new Set<string>();
  return reader.list(listPath, oidc.providers).map((item, index): OidcProviderConfig => {
    const at = [...listPath, index];
    const entry = reader.mapping(at, item, [
      'name',
      'issuer',
      'audiences',
      'jwks_file',
      'jwks_uri',
      'algorithms',
      'bound_claims',
      'user_claim',
      'role',
      'ttl',
      'max_token_age',
      'max_tokens_per_subject',
      'exchange_rate_limit',
    ]);
    const required = (key: string, hint: string): string =>
      reader.nonEmptyString(at, entry, key) ?? reader.fail([...at, key], 'required', hint);

    const name = required('name', 'name the provider; clients pass it as `provider`');
    if (names.has(name)) {
      reader.fail(
        [...at, 'name'],
        `duplicate provider name ${JSON.stringify(name)}`,
        'give each provider a unique name',
      );
    }
    names.add(name);

    const issuer = required('issuer', "set the issuer URL exactly as in the tokens' iss claim");
    if (!parseHttpUrl(issuer)) {
      reader.fail(
        [...at, 'issuer'],
        `expected an http(s) URL, got ${JSON.stringify(issuer)}`,
        'e.g. https://token.actions.githubusercontent.com',
      );
    }

    const audiences = reader.stringList(at, entry, 'audiences') ?? [];
    if (audiences.length === 0) {
      reader.fail(
        [...at, 'audiences'],
        'required: at least one audience',
        'list the aud values to accept, e.g. [runevault]',
      );
    }

    const jwksFile = reader.nonEmptyString(at, entry, 'jwks_file');
    const jwksUri = reader.nonEmptyString(at, entry, 'jwks_uri');
    if ((jwksFile === undefined) === (jwksUri === undefined)) {
      reader.fail(
        at,
        'exactly one of jwks_file and jwks_uri is required',
        'keep one: a local JWKS file or the JWKS URL',
      );
    }
    if (jwksUri !== undefined && !parseHttpUrl(jwksUri)) {
      reader.fail([...at, 'jwks_uri'], `expected an http(s) URL, got ${JSON.stringify(jwksUri)}`);
    }

    const algorithms = reader.stringList(at, entry, 'algorithms') ?? ['RS256'];
    if (algorithms.length === 0) {
      reader.fail([...at, 'algorithms'], 'must not be empty', `use some of ${OIDC_ALGORITHMS.join(', ')}`);
    }
    algorithms.forEach((algorithm, i) => {
      if (!(OIDC_ALGORITHMS as readonly string[]).includes(algorithm)) {
        reader.fail(
          [...at, 'algorithms', i],
          `unsupported algorithm ${JSON.stringify(algorithm)}`,
          `supported: ${OIDC_ALGORITHMS.join(', ')}`,
        );
      }
    });

    const boundClaims = reader.stringMap(at, entry, 'bound_claims') ?? {};
    if (Object.keys(boundClaims).length === 0) {
      warnings.push(
        `oidc provider '${name}' has no bound_claims: any token from ${issuer} for ${audiences.join(', ')} is accepted`,
      );
    }

    const duration = (key: string, fallback: number, max: number, range: string): number => {
      const raw = entry[key];
      if (raw === null || raw === undefined) return fallback;
      const parsed =
        typeof raw === 'string' || typeof raw === 'number' ? parseDurationSeconds(raw) : undefined;
      if (parsed === undefined || parsed < 1 || parsed > max) {
        reader.fail(
          [...at, key],
          `expected a duration from 1s to ${range}, got ${JSON.stringify(raw)}`,
          'write it like 15m, 1h or 900s',
        );
      }
      return parsed;
    };
    const ttlSeconds = duration('ttl', OIDC_DEFAULT_TTL_SECONDS, OIDC_MAX_TTL_SECONDS, '1h');
    const maxTokenAgeSeconds = duration(
      'max_token_age',
      OIDC_DEFAULT_MAX_TOKEN_AGE_SECONDS,
      OIDC_MAX_MAX_TOKEN_AGE_SECONDS,
      '24h',
    );
    const maxTokensPerSubject =
      reader.integer(
        at,
        entry,
        'max_tokens_per_subject',
        { min: 1, max: OIDC_MAX_MAX_TOKENS_PER_SUBJECT },
        'the live exchanged tokens one subject may hold, e.g. 5',
      ) ?? OIDC_DEFAULT_MAX_TOKENS_PER_SUBJECT;
    const rateText = entry.exchange_rate_limit ?? OIDC_DEFAULT_EXCHANGE_RATE_LIMIT;
    const exchangeRateLimit = typeof rateText === 'string' ? parseRateLimit(rateText) : undefined;
    if (exchangeRateLimit === undefined) {
      reader.fail(
        [...at, 'exchange_rate_limit'],
        `expected N/Ws (1..100000 calls per 1..86400 s), got ${JSON.stringify(rateText)}`,
        `write it like ${OIDC_DEFAULT_EXCHANGE_RATE_LIMIT}`,
      );
    }

    const provider: OidcProviderConfig = {
      name,
      issuer,
      audiences,
      algorithms,
      boundClaims,
      userClaim: reader.nonEmptyString(at, entry, 'user_claim') ?? 'sub',
      role: required('role', 'name the role issued tokens get, e.g. member'),
      ttlSeconds,
      maxTokenAgeSeconds,
      maxTokensPerSubject,
      exchangeRateLimit,
    };
    if (jwksFile !== undefined) provider.jwksFile = resolve(installDir, jwksFile);
    if (jwksUri !== undefined) provider.jwksUri = jwksUri;
    return provider;
  });
}
