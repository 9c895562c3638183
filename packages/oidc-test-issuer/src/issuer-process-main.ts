// Entry of the issuer process when run from source (node --import tsx issuer-process-main.ts).
import { runIssuerProcess } from './issuer-process.js';

await runIssuerProcess();
