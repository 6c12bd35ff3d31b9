export interface Answer {
  status: number;
  text: string;
}

export interface Expectation {
  /** What the message must name: any one of them, strings case-insensitively. */
  mentions: Array<string | RegExp>;
  /** Status → the error codes the API document lists for the route. */
  documented: Record<string, string[]>;
}

/** Why an answer is not an acceptable rejection, or undefined when it is one. */
export function judge(answer: Answer, expected: Expectation): string | undefined {
  const { status, text } = answer;
  if (status < 400 || status >= 500) return `status ${status} is not a 4xx`;
  let body: { message?: unknown; code?: unknown };
  try {
    body = JSON.parse(text) ?? {};
  } catch {
    return 'the body is not JSON';
  }
  const codes = expected.documented[String(status)];
  if (!codes) return `status ${status} is not one the API document lists for this route`;
  if (typeof body.code !== 'string' || !codes.includes(body.code)) return `code ${String(body.code)} is not one the API document lists for ${status} (${codes.join(', ')})`;
  const message = body.message;
  if (typeof message !== 'string' || message.trim() === '') return 'the body has no message';
  if (status === 429 && /too many/i.test(message)) return undefined; // login's rate limit answered first: a reason too
  const lower = message.toLowerCase();
  const named = expected.mentions.some((m) => (typeof m === 'string' ? lower.includes(m.toLowerCase()) : m.test(message)));
  return named ? undefined : `the message does not name ${expected.mentions.map(String).join(' or ')}`;
}
