import { serviceDatabase, sslOf } from './database';

describe('sslOf (DATABASE_SSL)', () => {
  it.each([
    [undefined, false],
    ['disable', false],
    ['require', { rejectUnauthorized: false }],
    ['verify-full', { rejectUnauthorized: true }],
  ] as const)('%p is pg ssl %p', (mode, ssl) => {
    expect(sslOf(mode)).toEqual(ssl);
  });

  it('is part of the service database target', () => {
    const base = { DATABASE_HOST: 'db', DATABASE_PORT: 5432, DATABASE_USER: 'u', DATABASE_PASSWORD: 'p', DATABASE_NAME_PREFIX: 'x' };
    expect(serviceDatabase({ ...base, DATABASE_SSL: 'verify-full' }, 'partners')).toMatchObject({ database: 'x_partners', ssl: { rejectUnauthorized: true } });
  });
});
