import { ISSUER_PROCESS_ARG, runIssuerProcess } from '@runevault/oidc-test-issuer';
import { run } from './main.js';
import { post } from './post.js';
import * as stateHelper from './state-helper.js';

// One bundle, three roles: main, post (told apart by saved state), and the detached issuer
// process that main starts with this same file.
if (process.argv[2] === ISSUER_PROCESS_ARG) await runIssuerProcess();
else if (stateHelper.isPost()) await post();
else await run();
