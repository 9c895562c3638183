// Containers after (or without) the run that started them: find them by label, read their
// logs, stop and remove one by id (a post step in another process), sweep old leftovers.
import { randomBytes } from 'node:crypto';
import { connectDocker, isNotFound } from '@runevault/vault-image/docker';
import type Docker from 'dockerode';
import { CREATED_LABEL, RUN_LABEL } from './container-create-options.js';

export function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export interface SweepOptions {
  docker?: Docker;
  /** Only containers created at least this long ago go (a live run's stay). */
  olderThanMs: number;
  /** A label key (any value) or key=value; default RUN_LABEL (every run). */
  label?: string;
}

export interface SweptContainer {
  id: string;
  runId?: string;
  ageMs: number;
}

/**
 * Removes labelled leftovers (a killed run, a --keep) older than `olderThanMs`. The age is
 * read from CREATED_LABEL, else from the engine's creation time.
 */
export async function sweepLabelledContainers(options: SweepOptions): Promise<SweptContainer[]> {
  const docker = options.docker ?? connectDocker();
  const now = Date.now();
  const found = await docker.listContainers({ all: true, filters: { label: [options.label ?? RUN_LABEL] } });
  const old = found
    .map((info) => {
      const created = Number(info.Labels?.[CREATED_LABEL]);
      const createdAt = Number.isFinite(created) && created > 0 ? created : info.Created * 1000;
      return { id: info.Id, runId: info.Labels?.[RUN_LABEL], ageMs: now - createdAt };
    })
    .filter((entry) => entry.ageMs >= options.olderThanMs);
  await Promise.all(
    old.map((entry) => docker.getContainer(entry.id).remove({ force: true }).catch(ignoreNotFound)),
  );
  return old.map((entry) => ({
    id: entry.id,
    ageMs: entry.ageMs,
    ...(entry.runId ? { runId: entry.runId } : {}),
  }));
}

/** Containers carrying a run's label (what a finished run must leave at zero). */
export function listRunContainers(docker: Docker, runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
}

/**
 * Stops (SIGTERM, then SIGKILL after `stopTimeoutSec`) and removes a container by id or name.
 * 'absent' when there was nothing to remove: gone already, or removed by someone else meanwhile.
 */
export async function removeContainer(
  docker: Docker,
  idOrName: string,
  options: { stopTimeoutSec?: number } = {},
): Promise<'removed' | 'absent'> {
  const container = docker.getContainer(idOrName);
  try {
    await container.stop({ t: options.stopTimeoutSec ?? 10 });
  } catch (error) {
    if (isNotFound(error)) return 'absent';
    ignoreNotModified(error);
  }
  try {
    await container.remove({ force: true });
    return 'removed';
  } catch (error) {
    ignoreGone(error);
    return 'absent';
  }
}

/** The container's labels, or undefined when the engine has no such container. */
export async function containerLabels(
  docker: Docker,
  idOrName: string,
): Promise<Record<string, string> | undefined> {
  try {
    return (await docker.getContainer(idOrName).inspect()).Config.Labels ?? {};
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}

/** 404: already removed; 409: a removal is already in progress (a teardown racing another). */
export function ignoreGone(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 409) ignoreNotFound(error);
}

/** 304: already stopped. */
function ignoreNotModified(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 304) throw error;
}

export function ignoreNotFoundOrNotModified(error: unknown): void {
  if ((error as { statusCode?: number }).statusCode !== 304) ignoreNotFound(error);
}
