// @actions/cache behind a switch: when the cache service is missing (a plain shell, `act`, a
// runner without ACTIONS_RUNTIME_TOKEN) the step warns once and runs uncached instead of failing.
import * as core from '@actions/core';

export type RestoreResult = 'exact' | 'partial' | 'miss' | 'off';

/** Why caching cannot work here, or undefined when it can. */
export function cacheUnavailableReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ACT === 'true') return 'running under act, which has no GitHub cache service';
  // The same switch @actions/cache uses to pick its protocol.
  const urlVariable = env.ACTIONS_CACHE_SERVICE_V2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL';
  if (!env[urlVariable]) return `no cache service (${urlVariable} is not set: not on a GitHub runner)`;
  if (!env.ACTIONS_RUNTIME_TOKEN) return 'no cache service (ACTIONS_RUNTIME_TOKEN is not set)';
  return undefined;
}

export class ActionCache {
  private constructor(readonly enabled: boolean) {}

  /** `wanted` is the `cache` input; a wanted but unavailable cache is reported once, here. */
  static open(wanted: boolean, env: NodeJS.ProcessEnv = process.env): ActionCache {
    if (!wanted) return new ActionCache(false);
    const reason = cacheUnavailableReason(env);
    if (reason) {
      core.warning(`caching is off: ${reason}; npm dependencies and FHE keys are made afresh in this run`);
      return new ActionCache(false);
    }
    return new ActionCache(true);
  }

  async restore(paths: string[], key: string, restoreKeys: string[] = []): Promise<RestoreResult> {
    if (!this.enabled) return 'off';
    try {
      const cache = await loadCache();
      const hit = await cache.restoreCache(paths, key, restoreKeys);
      if (hit === undefined) return 'miss';
      return hit === key ? 'exact' : 'partial';
    } catch (error) {
      core.warning(`cache restore of ${key} failed, continuing without it: ${messageOf(error)}`);
      return 'miss';
    }
  }

  /** A failed save costs the next run time, never this one its result. */
  async save(paths: string[], key: string): Promise<void> {
    if (!this.enabled) return;
    try {
      const cache = await loadCache();
      await cache.saveCache(paths, key);
    } catch (error) {
      core.warning(`cache save of ${key} failed: ${messageOf(error)}`);
    }
  }
}

// Loaded on first use: the Azure storage client inside it is most of the bundle, and a run
// without a cache service never needs it.
function loadCache(): Promise<typeof import('@actions/cache')> {
  return import('@actions/cache');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
