// One Ctrl-C once the vault is healthy or while the cases run tears everything down (the
// harness and the reasons: test/support/ctrl-c-runs.ts).
import { describeCtrlCTeardown, PHASES } from '../support/ctrl-c-runs.js';

describeCtrlCTeardown(PHASES.filter(({ phase }) => phase === 'healthy' || phase === 'cases running'));
