// After the whole test suite: no container labelled by our drivers or tests may remain.
// Prints one line per leftover (and removes it, so the next run starts clean); exit code 1
// when there were any, 0 when none, 0 with a note when no engine answers.
import Docker from 'dockerode';

const LABELS = ['io.runevault.ci.run', 'io.runevault.test'];

const docker = new Docker();
try {
  await docker.ping();
} catch (error) {
  console.log(`leftover containers: not checked (no Docker engine: ${error.message})`);
  process.exit(0);
}
const seen = new Map();
for (const label of LABELS) {
  for (const c of await docker.listContainers({ all: true, filters: { label: [label] } })) seen.set(c.Id, c);
}
for (const c of seen.values()) {
  console.log(
    `leftover container ${c.Id.slice(0, 12)} ${c.Names.join(',')} (${c.State}) labels ${JSON.stringify(c.Labels)}`,
  );
  await docker
    .getContainer(c.Id)
    .remove({ force: true })
    .catch(() => {});
}
console.log(`leftover containers: ${seen.size}`);
process.exit(seen.size > 0 ? 1 : 0);
