// One Ctrl-C while `npm run e2e` builds the image or creates the container tears everything
// down (the harness and the reasons: test/support/ctrl-c-runs.ts).
import { describeCtrlCTeardown, PHASES } from '../support/ctrl-c-runs.js';

describeCtrlCTeardown(PHASES.filter(({ phase }) => phase === 'image build' || phase === 'container created'));
