// The credentials the docker CLI would send for a registry: what `docker login` (or
// docker/login-action) wrote to $DOCKER_CONFIG/config.json, else ~/.docker/config.json —
// a per-registry credential helper, else the credential store, else the `auths` entry. The
// Engine API pulls with no credentials of its own, so the action hands them over as the CLI does.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Engine API's AuthConfig (sent base64-encoded in X-Registry-Auth). */
export interface RegistryAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

export interface FoundAuth {
  auth: RegistryAuth | undefined;
  /** For the log: where the credentials came from, or why there are none. */
  source: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's key in config.json, for references with no registry or docker.io. */
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 10_000;

export type RunHelper = (helper: string, serverUrl: string) => Promise<string>;

export function dockerConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

/** `https://host/v1/` → host, as the CLI's ConvertToHostname compares keys. */
function hostOf(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0] ?? key;
}

/** What the CLI runs: `docker-credential-<helper> get`, the server URL on stdin, JSON out. */
const runCredentialHelper: RunHelper = (helper, serverUrl) =>
  new Promise((resolve, reject) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { timeout: HELPER_TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${stderr || stdout || error.message}`.trim())) : resolve(stdout),
    );
    child.stdin?.end(serverUrl);
  });

/**
 * The credentials for `registry` (a reference's domain; undefined for Docker Hub). A helper
 * that has none ("credentials not found") means none, as for the CLI; a helper that fails
 * otherwise is reported in `source` and the pull goes anonymously (the registry then says no).
 */
export async function registryAuthFor(
  registry: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  runHelper: RunHelper = runCredentialHelper,
): Promise<FoundAuth> {
  const file = dockerConfigFile(env);
  const hub = registry === undefined || registry === 'docker.io' || registry === 'index.docker.io';
  const host = hub ? 'docker.io' : registry;
  const serverUrl = hub ? DOCKER_HUB_KEY : registry;
  if (!existsSync(file)) return { auth: undefined, source: `no ${file}: pulling from ${host} anonymously` };
  let config: DockerConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as DockerConfig;
  } catch (error) {
    return {
      auth: undefined,
      source: `${file} is not JSON (${(error as Error).message}): pulling anonymously`,
    };
  }
  const matches = (key: string) =>
    hub ? key === DOCKER_HUB_KEY || hostOf(key) === 'docker.io' : hostOf(key) === host;

  const helperKey = Object.keys(config.credHelpers ?? {}).find(matches);
  const helper = helperKey ? config.credHelpers?.[helperKey] : config.credsStore;
  if (helper) {
    try {
      const answer = JSON.parse(await runHelper(helper, serverUrl)) as { Username?: string; Secret?: string };
      if (!answer.Secret)
        return { auth: undefined, source: `docker-credential-${helper} has none for ${host}` };
      // The CLI's convention: a user named <token> means the secret is an identity token.
      const auth: RegistryAuth =
        answer.Username === '<token>'
          ? { identitytoken: answer.Secret, serveraddress: serverUrl }
          : { username: answer.Username ?? '', password: answer.Secret, serveraddress: serverUrl };
      return { auth, source: `credentials for ${host} from docker-credential-${helper}` };
    } catch (error) {
      const message = (error as Error).message;
      if (/credentials not found/i.test(message)) {
        return { auth: undefined, source: `docker-credential-${helper} has none for ${host}` };
      }
      return {
        auth: undefined,
        source: `docker-credential-${helper} failed (${message.split('\n')[0]}): pulling from ${host} anonymously`,
      };
    }
  }

  const key = Object.keys(config.auths ?? {}).find(matches);
  const entry = key ? config.auths?.[key] : undefined;
  if (!entry)
    return { auth: undefined, source: `${file} has no credentials for ${host}: pulling anonymously` };
  if (entry.identitytoken) {
    return {
      auth: { identitytoken: entry.identitytoken, serveraddress: serverUrl },
      source: `credentials for ${host} from ${file}`,
    };
  }
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (!username || !password) {
    return { auth: undefined, source: `${file} has an empty entry for ${host}: pulling anonymously` };
  }
  return {
    auth: { username, password, serveraddress: serverUrl },
    source: `credentials for ${host} from ${file}`,
  };
}
