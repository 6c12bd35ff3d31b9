import { redactSecrets } from './redaction';

describe('redactSecrets', () => {
  it.each([
    ['{"email":"a@b.c","password":"hunter2-secret"}', 'hunter2-secret'],
    ["{ password: 'hunter2-secret' }", 'hunter2-secret'],
    ['password=hunter2-secret&x=1', 'hunter2-secret'],
    ['authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl seen', 'eyJhbGciOiJIUzI1NiJ9'],
    ['"access_token":"opaque-value-123"', 'opaque-value-123'],
  ])('masks the secret in %s', (text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('sale.logged: delivery 2 failed: ledger refuses sale 42')).toBe('sale.logged: delivery 2 failed: ledger refuses sale 42');
  });
});
