import { randomUUID } from 'node:crypto';

export interface SaleOutcome {
  invoice: string;
  status: number;
  revenueCents: number;
  attempts: number;
}

/**
 * A client that logs one sale and keeps at it until the answer is definitive: a 2xx (accepted) or a
 * 4xx (rejected). Network errors and 5xx are ambiguous — the sale may or may not have been
 * recorded — so it retries with the same Idempotency-Key, which makes the retry safe.
 */
export async function logSaleUntilDefinitive(
  baseUrl: string,
  token: string,
  body: Record<string, unknown> & { invoice_number: string },
  deadline: number,
): Promise<SaleOutcome> {
  const key = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(`${baseUrl}/api/fulfillment/sales`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      if (response.status < 500) {
        const revenueCents = Math.round((body.unit_price as number) * 100) * (body.quantity as number);
        return { invoice: body.invoice_number, status: response.status, revenueCents, attempts: attempt };
      }
    } catch {
      // connection refused or reset while a process restarts: ambiguous, retry
    }
    if (Date.now() > deadline) throw new Error(`sale ${body.invoice_number} had no definitive answer before the deadline`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempt, 2000)));
  }
}
