import autocannon from 'autocannon';

export interface PlannedRequest {
  method: 'POST' | 'PUT' | 'GET';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpRate {
  name: string;
  perSecond: number;
  ok: number;
  failed: number;
  seconds: number;
  connections: number;
  latencyMs: { p50: number; p99: number; max: number };
  statusCodes: Record<string, number>;
}

/**
 * Sends each planned request exactly once over `connections` keep-alive connections with
 * autocannon (every submission needs its own draft, every completion its own task), and
 * reports the successful ones per second.
 */
export async function walk(
  name: string,
  baseUrl: string,
  planned: PlannedRequest[],
  connections: number,
): Promise<HttpRate> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    amount: planned.length,
    timeout: 60,
    requests: [
      {
        setupRequest: (req) => {
          const p = planned[next++ % planned.length]!;
          return { ...req, method: p.method, path: p.path, headers: p.headers, body: p.body };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    name,
    perSecond: ok / result.duration,
    ok,
    failed: result.non2xx + result.errors,
    seconds: result.duration,
    connections,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([k, v]) => [k, Number(v.count)]),
    ),
  };
}
