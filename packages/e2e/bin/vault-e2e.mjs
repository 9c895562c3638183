#!/usr/bin/env node
// `vault-e2e`: runs the TypeScript CLI through tsx's loader (the suite is not pre-compiled).
import { register } from 'tsx/esm/api';

register();
await import('../src/vault-e2e.ts');
