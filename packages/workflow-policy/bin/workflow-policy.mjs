#!/usr/bin/env node
// `workflow-policy`: runs the TypeScript CLI through tsx's loader (like vault-e2e).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
