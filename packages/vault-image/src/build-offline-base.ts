// The offline base image: where no registry is reachable, the Dockerfile's NODE_IMAGE is
// replaced by an image made from this host's own Node runtime — FROM scratch, the node
// binary, exactly the shared libraries it links (per ldd), a minimal passwd/group with the
// runtime user, and /tmp. Nothing is downloaded.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import type Docker from 'dockerode';
import { followProgress, inspectImage } from './docker-engine.js';
import { type ContextEntry, hashContext, packContext } from './tar-context.js';

const OFFLINE_BASE_REPOSITORY = 'runevault/node-offline';
/** The numeric user the vault runs as; the Dockerfile's USER says the same. */
export const RUNTIME_UID = 10001;
export const RUNTIME_GID = 10001;
export const CONTENT_LABEL = 'io.runevault.content-sha256';

// Where the official Node images keep node, so a Dockerfile works on either base.
const NODE_PATH_IN_IMAGE = 'usr/local/bin/node';

const BASE_DOCKERFILE = `FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin
CMD ["/usr/local/bin/node"]
`;

export interface OfflineBase {
  tag: string;
  imageId: string;
  /** The host files it was made of: the node binary, then the libraries. */
  files: string[];
  reused: boolean;
}

/**
 * The shared objects `binary` loads, as the paths the dynamic loader resolves (ldd output),
 * the program interpreter included; the kernel's vDSO is not a file and is skipped.
 */
export function linkedLibraries(binary: string): string[] {
  const output = execFileSync('ldd', [binary], { encoding: 'utf8' });
  if (/not a dynamic executable|statically linked/.test(output)) return [];
  const libraries: string[] = [];
  for (const line of output.split('\n')) {
    const resolved = /=>\s*(\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)\s+\(0x/.exec(line)?.[1];
    if (/=>\s*not found/.test(line)) throw new Error(`ldd ${binary}: ${line.trim()}`);
    if (resolved) libraries.push(resolved);
  }
  return libraries;
}

export function offlineBaseTag(nodeVersion = process.versions.node): string {
  return `${OFFLINE_BASE_REPOSITORY}:${nodeVersion}`;
}

/** The build context: Dockerfile + rootfs/ (file contents are the symlink targets). */
export function offlineBaseContext(nodeBinary: string): { entries: ContextEntry[]; files: string[] } {
  const libraries = linkedLibraries(nodeBinary);
  const passwd = [
    'root:x:0:0:root:/root:/sbin/nologin',
    `runevault:x:${RUNTIME_UID}:${RUNTIME_GID}:runevault:/opt/rune-vault:/sbin/nologin`,
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
  ];
  const group = ['root:x:0:', `runevault:x:${RUNTIME_GID}:`, 'nogroup:x:65534:'];
  const entries: ContextEntry[] = [
    { type: 'file', name: 'Dockerfile', content: BASE_DOCKERFILE },
    { type: 'file', name: `rootfs/${NODE_PATH_IN_IMAGE}`, source: nodeBinary, mode: 0o755 },
    // ld.so and libc are looked up at the exact paths ldd printed (e.g. /lib64/ld-linux-x86-64.so.2).
    ...libraries.map(
      (library): ContextEntry => ({
        type: 'file',
        name: `rootfs${library}`,
        source: realpathSync(library),
        mode: 0o755,
      }),
    ),
    { type: 'file', name: 'rootfs/etc/passwd', content: `${passwd.join('\n')}\n` },
    { type: 'file', name: 'rootfs/etc/group', content: `${group.join('\n')}\n` },
    { type: 'directory', name: 'rootfs/tmp', mode: 0o1777 },
  ];
  return { entries, files: [nodeBinary, ...libraries] };
}

/**
 * Builds `runevault/node-offline:<node version>` unless an image with that tag was already
 * made from the same bytes (content hash label), which makes repeat calls cost one hash.
 */
export async function ensureOfflineBase(
  docker: Docker,
  options: { nodeBinary?: string; noCache?: boolean; force?: boolean } = {},
): Promise<OfflineBase> {
  const nodeBinary = realpathSync(options.nodeBinary ?? process.execPath);
  const version = execFileSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  const tag = offlineBaseTag(version);
  const { entries, files } = offlineBaseContext(nodeBinary);
  const contentHash = hashContext(entries);

  const existing = await inspectImage(docker, tag);
  if (!options.force && existing?.Config?.Labels?.[CONTENT_LABEL] === contentHash) {
    return { tag, imageId: existing.Id, files, reused: true };
  }
  const stream = await docker.buildImage(packContext(entries), {
    t: tag,
    labels: {
      [CONTENT_LABEL]: contentHash,
      'org.opencontainers.image.title': 'node (offline, from the build host)',
      'org.opencontainers.image.version': version,
    },
    rm: true,
    forcerm: true,
    pull: false,
    nocache: options.noCache ?? false,
  });
  await followProgress(docker, stream);
  const built = await inspectImage(docker, tag);
  if (!built) throw new Error(`the engine reported success but has no image ${tag}`);
  return { tag, imageId: built.Id, files, reused: false };
}
