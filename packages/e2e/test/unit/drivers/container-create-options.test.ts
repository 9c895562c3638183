import { describe, expect, it } from 'vitest';
import {
  CONTAINER_GRPC_PORT,
  CONTAINER_HTTP_PORT,
  type ContainerSpec,
  CREATED_LABEL,
  containerCreateOptions,
  containerListeners,
  RUN_LABEL,
} from '../../../src/drivers/docker/container-create-options.js';
import { vaultConfig } from '../../../src/drivers/vault-config.js';

const base: ContainerSpec = {
  image: 'runevault:dev',
  runId: 'run-42',
  createdAtMs: 1_700_000_000_000,
  network: 'host',
  grpcPort: 41001,
  httpPort: 41002,
};

/** Nothing of this host's filesystem: no mount, bind or volume of any kind. */
function expectNoHostPaths(options: ReturnType<typeof containerCreateOptions>) {
  expect(options.HostConfig).not.toHaveProperty('Mounts');
  expect(options.HostConfig).not.toHaveProperty('Binds');
  expect(options.HostConfig).not.toHaveProperty('VolumesFrom');
  expect(options).not.toHaveProperty('Volumes');
}

describe('containerCreateOptions', () => {
  it('labels the container with its run id and creation time, keeping extra labels', () => {
    const options = containerCreateOptions({ ...base, labels: { team: 'ci', [RUN_LABEL]: 'overridden' } });
    expect(options.Labels).toEqual({ team: 'ci', [RUN_LABEL]: 'run-42', [CREATED_LABEL]: '1700000000000' });
    expect(options.Image).toBe('runevault:dev');
    // The image's own Cmd and numeric User stay in force.
    expect(options.Cmd).toBeUndefined();
    expect(options.User).toBeUndefined();
  });

  it('host mode: host networking, nothing exposed or published, no mount of a host path', () => {
    const options = containerCreateOptions(base);
    expect(options.HostConfig).toEqual({ NetworkMode: 'host' });
    expect(options.ExposedPorts).toBeUndefined();
    expectNoHostPaths(options);
  });

  it('host mode: the vault listens on loopback at the host ports', () => {
    expect(containerListeners(base)).toEqual({
      grpc: { host: '127.0.0.1', port: 41001 },
      http: { host: '127.0.0.1', port: 41002 },
    });
  });

  it('bridge mode: image ports exposed and published on 127.0.0.1 only, at the host ports', () => {
    const options = containerCreateOptions({ ...base, network: 'bridge' });
    expect(options.HostConfig?.NetworkMode).toBe('bridge');
    expect(options.ExposedPorts).toEqual({
      [`${CONTAINER_GRPC_PORT}/tcp`]: {},
      [`${CONTAINER_HTTP_PORT}/tcp`]: {},
    });
    expect(options.HostConfig?.PortBindings).toEqual({
      '50051/tcp': [{ HostIp: '127.0.0.1', HostPort: '41001' }],
      '9090/tcp': [{ HostIp: '127.0.0.1', HostPort: '41002' }],
    });
    expectNoHostPaths(options);
  });

  it('bridge mode: the config inside listens on 0.0.0.0 at the image ports', () => {
    const listeners = containerListeners({ ...base, network: 'bridge' });
    expect(listeners).toEqual({
      grpc: { host: '0.0.0.0', port: 50051 },
      http: { host: '0.0.0.0', port: 9090 },
    });
    const config = vaultConfig(listeners) as {
      server: { grpc: { host: string; port: number }; http: unknown };
    };
    expect(config.server.grpc).toMatchObject({ host: '0.0.0.0', port: 50051 });
    expect(config.server.http).toEqual({ host: '0.0.0.0', port: 9090 });
  });

  it('names the container only when asked', () => {
    expect(containerCreateOptions(base)).not.toHaveProperty('name');
    expect(containerCreateOptions({ ...base, name: 'vault-1' }).name).toBe('vault-1');
  });
});
