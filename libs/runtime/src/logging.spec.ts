import { runWithCorrelation } from '@spiffworks/messaging';
import { PlatformLogger, createPinoLogger } from './logging';
import type { PlatformConfig } from './config';

/** A logger writing into an array, one parsed JSON object per line. */
function capture(level: PlatformConfig['LOG_LEVEL'] = 'debug') {
  const lines: string[] = [];
  const pino = createPinoLogger('partners', level, { write: (line: string) => void lines.push(line) });
  return { pino, nest: new PlatformLogger(pino), lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const PASSWORD = 'hunter2-Secret-Pass';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl';
const OPAQUE_TOKEN = 'opaque-token-7f3a9c';
const BCRYPT = `$2b$10$${'a'.repeat(53)}`;

describe('structured JSON logs', () => {
  it('writes one JSON object per line with level, time, service and msg', () => {
    const log = capture();
    log.pino.info('hello');
    log.nest.log('from nest', 'SalesService');
    const [first, second] = log.parsed();
    expect(first).toEqual({ level: 'info', time: expect.any(String), service: 'partners', msg: 'hello' });
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
    expect(second).toMatchObject({ level: 'info', service: 'partners', context: 'SalesService', msg: 'from nest' });
    expect(log.lines.every((line) => !line.slice(0, -1).includes('\n'))).toBe(true);
  });

  it('carries the current correlation id, and none outside a correlated context', async () => {
    const log = capture();
    await runWithCorrelation('trace-abc', async () => {
      await Promise.resolve();
      log.nest.warn('inside');
    });
    log.pino.info('outside');
    const [inside, outside] = log.parsed();
    expect(inside).toMatchObject({ level: 'warn', correlation_id: 'trace-abc', msg: 'inside' });
    expect(outside).not.toHaveProperty('correlation_id');
  });

  it('keeps Nest\'s error stack, object messages and the level threshold', () => {
    const log = capture('warn');
    log.nest.log('dropped below warn');
    log.nest.debug('dropped too');
    const error = new Error('it broke');
    log.nest.error('request failed', error.stack, 'ExceptionsHandler');
    log.nest.error({ msg: 'structured', event_type: 'sale.logged' }, 'Transactions');
    log.nest.fatal(error);
    const [failed, structured, fatal] = log.parsed();
    expect(log.lines).toHaveLength(3);
    expect(failed).toMatchObject({ level: 'error', context: 'ExceptionsHandler', msg: 'request failed', stack: expect.stringContaining('it broke') });
    expect(structured).toMatchObject({ level: 'error', context: 'Transactions', msg: 'structured', event_type: 'sale.logged' });
    expect(fatal).toMatchObject({ level: 'fatal', msg: 'it broke', err: expect.objectContaining({ message: 'it broke' }) });
  });

  it('never writes a password, a bearer token, a JWT or a bcrypt hash, wherever it sits', () => {
    const log = capture();
    log.nest.log(`login {"email":"a@b.c","password":"${PASSWORD}"}`);
    log.nest.warn(`authorization: Bearer ${OPAQUE_TOKEN}`);
    log.nest.error(new Error(`jwt ${JWT} rejected`));
    log.nest.log({ msg: 'user row', user: { email: 'a@b.c', password_hash: BCRYPT }, body: { password: PASSWORD } });
    log.pino.info({ req: { headers: { authorization: `Bearer ${JWT}`, cookie: 'session=abc' } } }, 'request');
    log.pino.info({ deep: { deeper: { deepest: { password: PASSWORD, token: OPAQUE_TOKEN } } } }, 'nested');
    log.pino.info({ note: `hash ${BCRYPT} and ${JWT}` }, `access_token=${OPAQUE_TOKEN}&x=1`);
    log.pino.info({ list: [{ access_token: OPAQUE_TOKEN }] }, 'array');

    const text = log.lines.join('');
    expect(log.lines).toHaveLength(8);
    for (const secret of [PASSWORD, JWT, OPAQUE_TOKEN, BCRYPT, 'eyJhbGciOiJIUzI1NiJ9', 'session=abc']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
    // What is not secret stays readable.
    expect(log.parsed()[3]).toMatchObject({ msg: 'user row', user: { email: 'a@b.c' } });
  });
});
