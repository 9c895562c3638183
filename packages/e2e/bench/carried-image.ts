// `npx tsx packages/e2e/bench/carried-image.ts [runs]` (default 3): the image
// start-vault-container builds from the vault it carries (actions/start-vault-container/dist/
// vault-image), when no image input is given.
//   cold   every layer rebuilt (no-cache) from the committed context, on the base this engine
//          has (the pinned Node image if present, else the offline base from this host's node;
//          that base is not rebuilt), and the image's size;
//   step   the action's main step through the runner harness, no image input: first use
//          (build, with this engine's layer cache) and a second run (reuse by content hash).
// Each run uses a copy of the context with its own marker line, so its tag is new; every tag
// made here is removed at the end.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runAction } from '@runevault/action-runner';
import {
  buildImageFromContext,
  checkDockerEngine,
  defaultNodeImage,
  inspectImage,
  offlineBaseTag,
  readVaultImageContext,
} from '@runevault/vault-image';

const runs = Number(process.argv[2] ?? 3);
const engine = await checkDockerEngine();
if (!engine.ok) {
  console.error(`carried-image: ${engine.reason}`);
  process.exit(1);
}
const { docker } = engine;
const ACTION = join(REPO_ROOT, 'actions/start-vault-container');
const scratch = mkdtempSync(join(tmpdir(), 'bench-carried-'));
const made = new Set<string>();

/** A repository holding only the action (as the runner downloads it), its context marked `marker`. */
function actionCopy(marker: string): string {
  const root = join(scratch, marker);
  cpSync(join(ACTION, 'action.yml'), join(root, 'actions/start-vault-container/action.yml'));
  cpSync(join(ACTION, 'dist'), join(root, 'actions/start-vault-container/dist'), { recursive: true });
  const conf = join(
    root,
    'actions/start-vault-container/dist/vault-image/packages/vault/image/runevault.conf',
  );
  writeFileSync(conf, `${readFileSync(conf, 'utf8')}# bench ${marker}\n`);
  return root;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

try {
  const official = defaultNodeImage();
  const base = (await inspectImage(docker, official)) ? official : offlineBaseTag();
  if (!(await inspectImage(docker, base)))
    throw new Error(`${base} is not on the engine: run npm run image once`);

  const cold: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const context = readVaultImageContext(
      join(actionCopy(`cold-${i}-${process.pid}`), 'actions/start-vault-container/dist/vault-image'),
    );
    const tag = `runevault-bench:cold-${process.pid}-${i}`;
    made.add(tag);
    const started = performance.now();
    const built = await buildImageFromContext({
      docker,
      context,
      tags: [tag],
      nodeImage: base,
      noCache: true,
    });
    cold.push(performance.now() - started);
    size = built.sizeBytes;
  }

  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < runs; i++) {
    const repoRoot = actionCopy(`step-${i}-${process.pid}`);
    for (const times of [first, again]) {
      const inputs = {
        name: `bench-carried-${process.pid}-${i}-${times === first ? 1 : 2}`,
        'issue-token': '',
      };
      const main = await runAction({ action: 'start-vault-container', repoRoot, inputs, timeoutMs: 600_000 });
      const post = await runAction({
        action: 'start-vault-container',
        repoRoot,
        inputs,
        entry: 'post',
        state: main.state,
      });
      await Promise.all([main.remove(), post.remove()]);
      if (main.exitCode !== 0) throw new Error(`the action failed:\n${main.lines.join('\n')}`);
      made.add(main.outputs.image ?? '');
      times.push(main.timing.totalMs);
    }
  }
  console.log(`base: ${base}; ${runs} runs each; medians (min–max)`);
  console.log(
    `cold build (no-cache):       ${seconds(median(cold))} (${seconds(Math.min(...cold))}–${seconds(Math.max(...cold))})`,
  );
  console.log(`image size:                  ${(size / 1e6).toFixed(0)} MB`);
  console.log(
    `main step, first use:        ${seconds(median(first))} (${seconds(Math.min(...first))}–${seconds(Math.max(...first))})`,
  );
  console.log(
    `main step, reused:           ${seconds(median(again))} (${seconds(Math.min(...again))}–${seconds(Math.max(...again))})`,
  );
} finally {
  for (const tag of made)
    if (tag)
      await docker
        .getImage(tag)
        .remove()
        .catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}
