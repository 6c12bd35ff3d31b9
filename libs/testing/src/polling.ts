export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Waits for an eventually consistent result: calls `probe` until it returns without throwing
 * and `accept` holds, or fails after the deadline with the last value or error.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean = () => true,
  { timeoutMs = 20_000, intervalMs = 50 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms; last: ${describe(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value)?.slice(0, 500) ?? String(value);
  } catch {
    return String(value);
  }
}
