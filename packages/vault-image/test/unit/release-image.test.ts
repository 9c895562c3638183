// The pure parts of publishing an image: the OCI labels it carries and how a registry's refusal
// is read (the engine's own texts, as docker-registry and GHCR answer them).
import { describe, expect, it } from 'vitest';
import { missingOciLabels, ociLabels, REQUIRED_OCI_LABELS } from '../../src/oci-labels.js';
import { classifyRegistryError } from '../../src/registry-errors.js';
import { engineErrorText, registryOf } from '../../src/registry-transfer.js';

const INPUTS = {
  source: 'https://github.com/runevault/runevault',
  version: '1.2.3',
  revision: '0123456789abcdef0123456789abcdef01234567',
  created: new Date('2026-01-02T03:04:05Z'),
};

describe('ociLabels', () => {
  it('the full OCI set, with the Dockerfile description and NOASSERTION while no license is declared', () => {
    expect(ociLabels(INPUTS)).toEqual({
      'org.opencontainers.image.source': 'https://github.com/runevault/runevault',
      'org.opencontainers.image.version': '1.2.3',
      'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      'org.opencontainers.image.title': 'runevault',
      'org.opencontainers.image.description': 'FHE decryption vault over gRPC (daemon and admin CLI)',
      'org.opencontainers.image.licenses': 'NOASSERTION',
    });
    expect(missingOciLabels(ociLabels(INPUTS))).toEqual([]);
    expect(ociLabels({ ...INPUTS, licenses: 'Apache-2.0' })['org.opencontainers.image.licenses']).toBe(
      'Apache-2.0',
    );
  });

  it('refuses a short revision or a source that is not an https address', () => {
    expect(() => ociLabels({ ...INPUTS, revision: '0123456' })).toThrow(/not a 40-hex commit id/);
    expect(() => ociLabels({ ...INPUTS, source: 'git@github.com:o/r.git' })).toThrow(/not an https:\/\//);
  });

  it('names each required label an image lacks, empty ones included', () => {
    expect(missingOciLabels(undefined)).toEqual(REQUIRED_OCI_LABELS);
    const { 'org.opencontainers.image.revision': _, ...rest } = ociLabels(INPUTS);
    expect(missingOciLabels({ ...rest, 'org.opencontainers.image.licenses': '' })).toEqual([
      'org.opencontainers.image.revision',
      'org.opencontainers.image.licenses',
    ]);
  });
});

describe('registry refusals', () => {
  it.each([
    ['no basic auth credentials', 'auth'],
    ['unauthorized: authentication required', 'auth'],
    ['denied: permission_denied: write_package', 'auth'],
    ['toomanyrequests: You have reached your pull rate limit.', 'rate-limit'],
    ['manifest for ghcr.io/o/runevault:9 not found: manifest unknown: manifest unknown', 'not-found'],
    ['Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'network'],
    ['something else entirely', 'other'],
  ])('%s → %s', (text, kind) => {
    expect(classifyRegistryError(text)).toBe(kind);
  });

  it("keeps the engine's first line without docker-modem's prefix", () => {
    expect(engineErrorText(new Error('(HTTP code 404) unexpected - manifest unknown\nmore'))).toBe(
      'manifest unknown',
    );
    expect(engineErrorText(new Error(''))).toBe('no reason given');
  });

  it('the registry of a reference: a host part, else Docker Hub', () => {
    expect(registryOf('ghcr.io/o/runevault:1')).toBe('ghcr.io');
    expect(registryOf('127.0.0.1:5000/o/runevault@sha256:ab')).toBe('127.0.0.1:5000');
    expect(registryOf('localhost/x')).toBe('localhost');
    expect(registryOf('library/node:20')).toBe('docker.io');
    expect(registryOf('runevault:dev')).toBe('docker.io');
  });
});
