import { ErrorCode } from '@spiffworks/contracts';
import { assertBeforeDeadline, currentDeadline, deadlineMargin, deadlineOf, runWithDeadline } from './deadline';
import { ServiceFailure } from './service-errors';

describe('request deadlines', () => {
  it('refuses to go on past the deadline of the request being handled, with REQUEST_EXPIRED', () => {
    const past = Date.now() - 1;
    runWithDeadline(past, () => {
      expect(currentDeadline()).toBe(past);
      let thrown: unknown;
      try {
        assertBeforeDeadline('sales.log');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ServiceFailure);
      expect((thrown as ServiceFailure).serviceError).toMatchObject({ code: ErrorCode.REQUEST_EXPIRED, status: 503 });
    });
  });

  it('lets work go on before the deadline, and outside any request', async () => {
    await runWithDeadline(Date.now() + 60_000, async () => {
      await Promise.resolve();
      expect(() => assertBeforeDeadline()).not.toThrow();
    });
    expect(currentDeadline()).toBeUndefined();
    expect(() => assertBeforeDeadline()).not.toThrow();
  });

  it('puts the deadline max(500 ms, 10 % of the timeout) before it by default, a configured margin when set, never more than half the timeout', () => {
    expect(deadlineMargin(10_000)).toBe(1000);
    expect(deadlineMargin(3000)).toBe(500);
    expect(deadlineMargin(30_000)).toBe(3000);
    expect(deadlineMargin(800)).toBe(400);
    expect(deadlineMargin(10_000, 2000)).toBe(2000);
    expect(deadlineMargin(10_000, 0)).toBe(0);
    expect(deadlineMargin(3000, 2000)).toBe(1500);
  });

  it('reads only a finite number as a deadline', () => {
    expect(deadlineOf({ deadline_at: 1700000000000 })).toBe(1700000000000);
    for (const request of [undefined, null, {}, { deadline_at: '1700000000000' }, { deadline_at: Number.NaN }]) {
      expect(deadlineOf(request)).toBeUndefined();
    }
  });
});
