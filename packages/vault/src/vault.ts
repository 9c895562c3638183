import type { Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { startAdminServer } from './admin/admin-server.js';
import { AuditLog } from './audit/audit-log.js';
import type { VaultConfig } from './config/types.js';
import { generateKeys, keyFilesPresent, readPublicKeyFiles } from './fhe/key-files.js';
import { ScoreDecryptorPool } from './fhe/score-decryptor-pool.js';
import { InFlightCalls } from './grpc/unary-call.js';
import { bindGrpc, createVaultGrpcServer, serverCredentials } from './grpc/vault-grpc-server.js';
import { createObservabilityServer, listenHttp } from './http/observability-server.js';
import { createLogger, type Logger } from './log/logger.js';
import { decryptMetadataList } from './metadata/index.js';
import { createVaultMetrics, type VaultMetrics } from './metrics/vault-metrics.js';
import type { JwksCacheOptions } from './oidc/provider-keys.js';
import { TokenExchange } from './oidc/token-exchange.js';
import { SecretRedactor } from './redact.js';
import { TokenStore } from './tokens/token-store.js';
import { VaultOperations } from './vault-operations.js';

const DRAIN_TIMEOUT_MS = 5_000;
/** After the last call is answered, how long its reply may take to leave before we force. */
const REPLY_FLUSH_MS = 1_000;

export interface StartVaultOptions {
  logger?: Logger;
  /** Where the stdout audit sink writes (tests capture it). */
  auditStdout?: { write(s: string): unknown };
  /** SEAL decryption workers; default min(2, cores). */
  decryptWorkers?: number;
  now?: () => Date;
  /** Cache timings of jwks_uri OIDC providers (tests shorten them; see oidc/provider-keys.ts). */
  jwksCache?: JwksCacheOptions;
}

export interface RunningVault {
  grpcPort: number;
  /** 0 when the HTTP listener is disabled. */
  httpPort: number;
  grpcAddress: string;
  adminSocket: string;
  tokens: TokenStore;
  metrics: VaultMetrics;
  redactor: SecretRedactor;
  isServing(): boolean;
  /** Unary calls being served right now (what shutdown drains). */
  activeCalls(): number;
  /** Health → NOT_SERVING at once, drain in-flight calls (5 s), then close everything. */
  close(): Promise<void>;
}

/** Starts the whole vault in this process: keys, token store, gRPC, HTTP, audit, metrics. */
export async function startVault(
  config: VaultConfig,
  options: StartVaultOptions = {},
): Promise<RunningVault> {
  const redactor = new SecretRedactor();
  redactor.add(config.tokens.teamSecret);
  redactor.add(config.envector.apiKey);
  const logger = options.logger ?? createLogger({ redactor });

  const keyDir = join(config.keys.path, config.keys.keyId);
  if (!keyFilesPresent(keyDir)) {
    if (!config.keys.generateIfMissing) {
      throw new Error(
        `no FHE keys in ${keyDir}; run \`runevault keys generate\` or set keys.generate_if_missing: true`,
      );
    }
    logger.info(`no FHE keys in ${keyDir}; generating them (first start)`);
    await generateKeys(keyDir);
  }
  const publicKeys = readPublicKeyFiles(keyDir);

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        logger.warn(`shutdown step failed: ${(error as Error).message}`);
      }
    }
  };

  try {
    const metrics = createVaultMetrics();
    const tokens = TokenStore.load({
      rolesFile: config.tokens.rolesFile,
      tokensFile: config.tokens.tokensFile,
      ...(options.now ? { now: options.now } : {}),
      onWarning: (message) => logger.warn(message),
    });
    cleanups.push(() => tokens.close());
    metrics.tokensActive.set(tokens.activeTokenCount());

    const audit = new AuditLog({
      mode: config.audit.mode,
      path: config.audit.path,
      alert: config.audit.alert,
      metrics,
      redactor,
      ...(options.auditStdout ? { stdout: options.auditStdout } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    cleanups.push(() => audit.close());

    const decryptWorkers = options.decryptWorkers ?? config.decrypt.workers;
    const decryptor = await ScoreDecryptorPool.start({
      secKeyFile: join(keyDir, 'SecKey.json'),
      ...(decryptWorkers ? { workers: decryptWorkers } : {}),
      workerMemoryLimitMb: config.decrypt.workerMemoryLimitMb,
      onWorkerRetired: (reason) => logger.warn(`decrypt worker replaced: ${reason}`),
    });
    cleanups.push(() => decryptor.close());

    const operations = new VaultOperations({
      tokens,
      decryptor,
      teamSecret: config.tokens.teamSecret,
      publicKeys,
      keyId: config.keys.keyId,
      indexName: config.keys.indexName,
      envector: config.envector,
      decryptMetadataList,
    });
    let tokenExchange: TokenExchange | undefined;
    if (config.oidc.providers.length > 0) {
      tokenExchange = new TokenExchange({
        providers: config.oidc.providers,
        tokens,
        metrics,
        logger,
        ...(options.now ? { now: options.now } : {}),
        ...(options.jwksCache ? { jwksCache: options.jwksCache } : {}),
      });
      await tokenExchange.checkProviders();
      logger.info(
        `token exchange: ${config.oidc.providers.map((p) => `'${p.name}' (${p.issuer} → role ${p.role})`).join(', ')}`,
      );
    }
    const inFlight = new InFlightCalls();
    const { server, setServing } = createVaultGrpcServer(
      operations,
      { audit, metrics, logger, inFlight },
      {
        maxMessageBytes: config.server.grpc.maxMessageMb * 1024 * 1024,
        maxRequestBytes: config.server.grpc.maxRequestBytes,
        ...(tokenExchange ? { tokenExchange } : {}),
      },
    );
    const grpcHost = config.server.grpc.host.includes(':')
      ? `[${config.server.grpc.host}]`
      : config.server.grpc.host;
    const grpcPort = await bindGrpc(
      server,
      `${grpcHost}:${config.server.grpc.port}`,
      serverCredentials(config.server.grpc.tls),
    );
    cleanups.push(() => shutdownGrpc(server, inFlight, logger));

    let serving = false;
    let httpPort = 0;
    let httpServer: HttpServer | undefined;
    if (config.server.http.port !== 0) {
      httpServer = createObservabilityServer({
        metrics,
        isServing: () => serving,
        beforeMetrics: () => metrics.tokensActive.set(tokens.activeTokenCount()),
      });
      httpPort = await listenHttp(httpServer, config.server.http.host, config.server.http.port);
      const listening = httpServer;
      // Runs last: /health keeps answering 503 while gRPC calls drain.
      cleanups.unshift(() => closeHttp(listening));
    }

    const admin = await startAdminServer({
      socketPath: config.server.admin.socket,
      tokens,
      isServing: () => serving,
      logger,
      onTokensChanged: () => metrics.tokensActive.set(tokens.activeTokenCount()),
    });
    // Runs very last: operators can still ask for status while calls drain.
    cleanups.unshift(() => admin.close());

    serving = true;
    setServing(true);
    metrics.up.set(1);
    logger.info(
      `serving gRPC on ${config.server.grpc.host}:${grpcPort}${httpPort ? `, HTTP on ${config.server.http.host}:${httpPort}` : ''}`,
    );

    let closing: Promise<void> | undefined;
    return {
      grpcPort,
      httpPort,
      grpcAddress: `${grpcHost}:${grpcPort}`,
      adminSocket: admin.socketPath,
      tokens,
      metrics,
      redactor,
      isServing: () => serving,
      activeCalls: () => inFlight.size,
      close: () => {
        closing ??= (async () => {
          serving = false;
          setServing(false);
          metrics.up.set(0);
          await cleanup();
        })();
        return closing;
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function shutdownGrpc(server: grpc.Server, inFlight: InFlightCalls, logger: Logger) {
  // tryShutdown refuses new calls and completes once every call and stream has ended. We
  // wait for the unary calls we serve (bounded), give their replies a moment to flush, then
  // force: that also ends long-lived streams such as health Watch, which never end alone.
  const graceful = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  const drained = await Promise.race([
    inFlight.drained().then(() => true),
    sleep(DRAIN_TIMEOUT_MS).then(() => false),
  ]);
  if (drained)
    await Promise.race([graceful, sleep(Math.min(REPLY_FLUSH_MS, Math.max(0, deadline - Date.now())))]);
  else logger.warn(`${inFlight.size} call(s) still running after ${DRAIN_TIMEOUT_MS} ms; forcing shutdown`);
  server.forceShutdown();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
