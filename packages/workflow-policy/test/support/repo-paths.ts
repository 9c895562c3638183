import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const WORKFLOWS_DIR = join(REPO_ROOT, '.github', 'workflows');
