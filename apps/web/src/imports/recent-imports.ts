/**
 * The imports started in this browser tab, newest first. The API has no list of imports, so the
 * portal keeps their ids in sessionStorage (per user, like the session itself): they last as long
 * as the tab, and a user who signs in after another in the same tab never sees the other's.
 */
import { useCallback, useState } from 'react';

export interface RecentImport {
  id: string;
  file_name: string | null;
  started_at: string;
}

const MAX_KEPT = 10;
/** `kind`: which imports (`sale-imports`, `partner-imports`), each listed apart. */
const keyOf = (kind: string, userId: string): string => `spiffworks.${kind}.${userId}`;

function read(kind: string, userId: string): RecentImport[] {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(keyOf(kind, userId)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentImport[]).filter((entry) => typeof entry?.id === 'string') : [];
  } catch {
    return [];
  }
}

function write(kind: string, userId: string, entries: RecentImport[]): void {
  try {
    sessionStorage.setItem(keyOf(kind, userId), JSON.stringify(entries));
  } catch {
    // Storage full or blocked: the list is a convenience, the import itself is on the server.
  }
}

export function useRecentImports(kind: string, userId: string): [RecentImport[], (entry: RecentImport) => void] {
  const [entries, setEntries] = useState(() => read(kind, userId));
  const remember = useCallback(
    (entry: RecentImport) => {
      const next = [entry, ...read(kind, userId).filter((e) => e.id !== entry.id)].slice(0, MAX_KEPT);
      write(kind, userId, next);
      setEntries(next);
    },
    [kind, userId],
  );
  return [entries, remember];
}
