import { judge } from './judge';

const problem = (status: number, code: string, message: string): { status: number; text: string } =>
  ({ status, text: JSON.stringify({ status, code, message, detail: message }) });
const documented = { 400: ['VALIDATION_FAILED', 'MALFORMED_BODY'], 404: ['SALE_NOT_FOUND'], 429: ['TOO_MANY_LOGIN_ATTEMPTS'] };
const expected = { mentions: ['quantity', /not found/i], documented };

describe('judge: whether an answer is an acceptable rejection', () => {
  it('accepts a documented 4xx with a documented code and a message naming the problem', () => {
    expect(judge(problem(400, 'VALIDATION_FAILED', 'Quantity must not be less than 1'), expected)).toBeUndefined();
    expect(judge(problem(404, 'SALE_NOT_FOUND', 'sale 7d8e not found'), expected)).toBeUndefined();
  });

  it.each([
    ['a success', problem(201, 'VALIDATION_FAILED', 'quantity'), 'status 201 is not a 4xx'],
    ['a server error', problem(502, 'UPSTREAM_FAILED', 'quantity'), 'status 502 is not a 4xx'],
    ['a status the route does not document', problem(409, 'INVOICE_ALREADY_USED', 'quantity'), 'status 409 is not one the API document lists for this route'],
    ['a code the status does not document', problem(400, 'REQUEST_REFUSED', 'quantity'), 'code REQUEST_REFUSED is not one the API document lists for 400 (VALIDATION_FAILED, MALFORMED_BODY)'],
    ['a body that is no JSON', { status: 400, text: '<html>' }, 'the body is not JSON'],
    ['an empty message', problem(400, 'VALIDATION_FAILED', ' '), 'the body has no message'],
    ['a message that names something else', problem(400, 'VALIDATION_FAILED', 'price must be positive'), 'the message does not name quantity or /not found/i'],
  ])('refuses %s', (_what, answer, reason) => {
    expect(judge(answer, expected)).toBe(reason);
  });

  it("takes login's rate limit as a reason of its own", () => {
    expect(judge(problem(429, 'TOO_MANY_LOGIN_ATTEMPTS', 'too many login attempts; try again in 42 seconds'), expected)).toBeUndefined();
  });
});
