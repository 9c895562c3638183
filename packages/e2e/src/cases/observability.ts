import { httpGet } from '../clients/http-get.js';
import { CaseFailure, type E2eCase } from './case.js';
import { summarize } from './case-helpers.js';

export const healthCase: E2eCase = {
  id: 1,
  name: 'health',
  deadlineMs: 5_000,
  async run(vault, ctx) {
    const answer = await httpGet(`${vault.httpUrl}/health`, ctx.signal);
    const expected = '200 {"status":"healthy"} from GET /health';
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      body = undefined;
    }
    const healthy = (body as { status?: unknown } | undefined)?.status === 'healthy';
    if (answer.status !== 200 || !healthy) {
      throw new CaseFailure(expected, `${answer.status} ${summarize(answer.body.trim())}`);
    }
  },
};

// A sample line or its HELP/TYPE header: the family exists even before the first call.
const REQUESTS_TOTAL = /^(# (HELP|TYPE) )?vault_requests_total\b/m;

export const metricsCase: E2eCase = {
  id: 2,
  name: 'metrics',
  deadlineMs: 5_000,
  async run(vault, ctx) {
    const answer = await httpGet(`${vault.httpUrl}/metrics`, ctx.signal);
    const expected = '200 and Prometheus text with vault_requests_total from GET /metrics';
    if (answer.status !== 200) throw new CaseFailure(expected, `${answer.status} ${summarize(answer.body)}`);
    if (!REQUESTS_TOTAL.test(answer.body)) {
      const families = [...answer.body.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
      throw new CaseFailure(
        expected,
        families.length > 0
          ? `${families.length} metric families without it (${summarize(families.join(', '), 200)})`
          : `no metric families (${summarize(answer.body)})`,
      );
    }
  },
};
