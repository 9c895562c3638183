// ncc's ESM output leaves `__dirname` free inside the emscripten build of ssh2's poly1305
// (dockerode → docker-modem → ssh2), which then throws at load. Give it the bundle's folder.
// Imported first by every module that loads dockerode.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const scope = globalThis as { __dirname?: string };
scope.__dirname ??= dirname(fileURLToPath(import.meta.url));
