// The engine-only part of the image toolkit: connect, check, inspect, exec, the runtime user.
// Importing it loads neither esbuild nor the image build (whose module reads package.json at
// load), so a bundled tool — the start-vault-container action — can use it.
export { RUNTIME_GID, RUNTIME_UID } from './build-offline-base.js';
export {
  checkDockerEngine,
  connectDocker,
  type EngineStatus,
  inspectImage,
  isNotFound,
} from './docker-engine.js';
export { type ExecResult, execInContainer } from './exec-in-container.js';
