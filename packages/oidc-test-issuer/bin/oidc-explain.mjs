#!/usr/bin/env node
// `oidc-explain`: runs the TypeScript CLI through tsx's loader (like workflow-policy).
import { register } from 'tsx/esm/api';

register();
await import('../src/explain/cli-main.ts');
