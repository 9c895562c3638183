// One call from a driver selection to a running vault, for the CLI: the options every driver
// shares, plus the ones only one of them reads.
import type { VaultUnderTest } from '../vault-under-test.js';
import { type AddressDriverOptions, connectAddressVault } from './address-driver.js';
import { type DockerDriverOptions, startDockerVault } from './docker-driver.js';
import { type ProcessDriverOptions, startProcessVault } from './process-driver.js';
import type { DriverSelection } from './select-driver.js';
import type { OidcProviderSpec } from './vault-config.js';

export interface CommonDriverOptions {
  tls?: boolean;
  oidcProviders?: OidcProviderSpec[];
  configOverrides?: Record<string, unknown>;
  healthDeadlineMs?: number;
  tokenUser?: string;
  log?: (line: string) => void;
}

export interface StartDriverOptions extends CommonDriverOptions {
  docker?: Omit<DockerDriverOptions, keyof CommonDriverOptions | 'docker'>;
  process?: Omit<ProcessDriverOptions, keyof CommonDriverOptions>;
  /** Required for the address driver: where the running vault is. */
  address?: AddressDriverOptions;
}

export interface StartedVault extends VaultUnderTest {
  /** Leaves the vault running past this process (--keep); a no-op for address. */
  release(): void;
}

export async function startSelectedDriver(
  selection: DriverSelection,
  options: StartDriverOptions = {},
): Promise<StartedVault> {
  const { docker: dockerOptions, process: processOptions, address, ...common } = options;
  switch (selection.driver) {
    case 'docker':
      return startDockerVault({ ...dockerOptions, ...common, docker: selection.docker });
    case 'process':
      return startProcessVault({ ...processOptions, ...common });
    case 'address': {
      if (!address) {
        throw new Error(
          'the address driver needs the running vault: --grpc and --http (and --token-env, --admin-socket or --admin-command)',
        );
      }
      const vault = await connectAddressVault({
        ...address,
        ...(common.healthDeadlineMs ? { healthDeadlineMs: common.healthDeadlineMs } : {}),
        ...(common.tokenUser ? { tokenUser: common.tokenUser } : {}),
      });
      return { ...vault, release: () => {} };
    }
  }
}
