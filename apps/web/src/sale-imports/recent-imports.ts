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
const keyOf = (userId: string): string => `spiffworks.sale-imports.${userId}`;

function read(userId: string): RecentImport[] {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(keyOf(userId)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentImport[]).filter((entry) => typeof entry?.id === 'string') : [];
  } catch {
    return [];
  }
}

function write(userId: string, entries: RecentImport[]): void {
  try {
    sessionStorage.setItem(keyOf(userId), JSON.stringify(entries));
  } catch {
    // Storage full or blocked: the list is a convenience, the import itself is on the server.
  }
}

export function useRecentImports(userId: string): [RecentImport[], (entry: RecentImport) => void] {
  const [entries, setEntries] = useState(() => read(userId));
  const remember = useCallback(
    (entry: RecentImport) => {
      const next = [entry, ...read(userId).filter((e) => e.id !== entry.id)].slice(0, MAX_KEPT);
      write(userId, next);
      setEntries(next);
    },
    [userId],
  );
  return [entries, remember];
}
