import { useCallback, useState } from 'react';

/**
 * One `Idempotency-Key` per intended creation: the same key while a form retries, a new one after
 * it succeeded, so a retry after a timeout never creates twice.
 */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(() => crypto.randomUUID());
  const renew = useCallback(() => setKey(crypto.randomUUID()), []);
  return [key, renew];
}
