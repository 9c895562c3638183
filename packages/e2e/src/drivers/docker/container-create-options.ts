// The container's create options as a pure function of what the driver decided, so both
// network modes are checked by unit tests (bridge mode is never started here: these
// machines only allow loopback traffic). No mounts: a bind source is a path on the engine's
// host, which a job in a container (act), a remote DOCKER_HOST or DinD does not share; the
// vault's files are copied in before start (copy-into-container.ts).
import type Docker from 'dockerode';
import type { Listener } from '../vault-config.js';

/** Which run a container belongs to; the sweep and the tests find containers by it. */
export const RUN_LABEL = 'io.runevault.ci.run';
/** Epoch milliseconds at creation, so a sweep can tell old leftovers from a live run's. */
export const CREATED_LABEL = 'io.runevault.ci.created';
/** owner/name of the repository whose CI made it (set by the actions), to sweep only its own. */
export const REPO_LABEL = 'io.runevault.ci.repo';
export const CONTAINER_INSTALL_DIR = '/opt/rune-vault';
/** The image's own listen ports (its EXPOSE), used inside the container in bridge mode. */
export const CONTAINER_GRPC_PORT = 50051;
export const CONTAINER_HTTP_PORT = 9090;

/**
 * host: the container shares the host's network and listens on free loopback ports (the
 * only mode usable on loopback-only machines). bridge: its own network, ports published on
 * 127.0.0.1 (hosted runners).
 */
export type NetworkMode = 'host' | 'bridge';

export interface ContainerSpec {
  image: string;
  runId: string;
  createdAtMs: number;
  network: NetworkMode;
  /** Host ports clients connect to on 127.0.0.1. */
  grpcPort: number;
  httpPort: number;
  name?: string;
  labels?: Record<string, string>;
}

/** Where the vault inside the container listens, for its config. */
export function containerListeners(spec: Pick<ContainerSpec, 'network' | 'grpcPort' | 'httpPort'>): {
  grpc: Listener;
  http: Listener;
} {
  if (spec.network === 'host') {
    return {
      grpc: { host: '127.0.0.1', port: spec.grpcPort },
      http: { host: '127.0.0.1', port: spec.httpPort },
    };
  }
  // Published ports reach the container's own interface, never its loopback.
  return {
    grpc: { host: '0.0.0.0', port: CONTAINER_GRPC_PORT },
    http: { host: '0.0.0.0', port: CONTAINER_HTTP_PORT },
  };
}

function containerLabels(
  spec: Pick<ContainerSpec, 'runId' | 'createdAtMs' | 'labels'>,
): Record<string, string> {
  return { ...spec.labels, [RUN_LABEL]: spec.runId, [CREATED_LABEL]: String(spec.createdAtMs) };
}

export function containerCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const common: Docker.ContainerCreateOptions = {
    Image: spec.image,
    Labels: containerLabels(spec),
    // Cmd and User stay the image's: `daemon start --generate-team-secret` as 10001.
    Tty: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(spec.name ? { name: spec.name } : {}),
  };
  if (spec.network === 'host') {
    return { ...common, HostConfig: { NetworkMode: 'host' } };
  }
  const grpc = `${CONTAINER_GRPC_PORT}/tcp`;
  const http = `${CONTAINER_HTTP_PORT}/tcp`;
  return {
    ...common,
    ExposedPorts: { [grpc]: {}, [http]: {} },
    HostConfig: {
      NetworkMode: 'bridge',
      // 127.0.0.1 only: a published port on 0.0.0.0 would open the vault to the network.
      PortBindings: {
        [grpc]: [{ HostIp: '127.0.0.1', HostPort: String(spec.grpcPort) }],
        [http]: [{ HostIp: '127.0.0.1', HostPort: String(spec.httpPort) }],
      },
    },
  };
}
