import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VaultMetrics } from '../metrics/vault-metrics.js';

// GET /health and GET /metrics on a plain HTTP listener, for load balancers and Prometheus.
export function createObservabilityServer(opts: {
  metrics: VaultMetrics;
  isServing: () => boolean;
  /** Refreshes gauges that are read rather than counted (e.g. active tokens). */
  beforeMetrics?: () => void;
}) {
  return http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendJson(
        res,
        405,
        { error: `Method ${req.method} not allowed; use GET` },
        { allow: 'GET, HEAD' },
      );
    }
    if (path === '/health') {
      const serving = opts.isServing();
      return sendJson(res, serving ? 200 : 503, { status: serving ? 'healthy' : 'unhealthy' });
    }
    if (path === '/metrics') {
      try {
        opts.beforeMetrics?.();
        const body = await opts.metrics.render();
        res.writeHead(200, { 'content-type': opts.metrics.contentType });
        return res.end(body);
      } catch {
        return sendJson(res, 500, { error: 'metrics unavailable' });
      }
    }
    return sendJson(res, 404, { error: `No route for ${req.method} ${path}` });
  });
}

function sendJson(
  res: http.ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function listenHttp(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
