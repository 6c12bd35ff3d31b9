import { summarize } from './stats';
import type { LatencySummary } from './stats';

export interface PacedResult {
  sent: number;
  ok: number;
  failed: number;
  achieved_per_s: number;
  latency: LatencySummary;
}

/**
 * An open-loop load: one request every 1/rate seconds, evenly spaced, whether or not earlier ones
 * have answered, so latency is measured as clients that arrive on their own see it (autocannon's
 * rate limit sends each connection's quota in a burst at the start of every second instead).
 */
export async function pacedLoad(
  baseUrl: string,
  ratePerS: number,
  seconds: number,
  nextRequest: (n: number) => { path: string; token?: string; body: unknown },
): Promise<PacedResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const total = Math.round(ratePerS * seconds);
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / ratePerS;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const { path, token, body } = nextRequest(n);
    const sent = performance.now();
    inFlight.push(
      fetch(`${baseUrl}${path}`, {
        method: 'POST', body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      }).then(async (response) => {
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        if (response.ok) ok += 1;
        else failed += 1;
      }, () => {
        failed += 1;
      }),
    );
  }
  await Promise.all(inFlight);
  return { sent: total, ok, failed, achieved_per_s: Math.round((ok / ((performance.now() - start) / 1000)) * 10) / 10, latency: summarize(latencies) };
}
