/**
 * The signed-in session: the access token and the user that `POST /api/auth/login` answered.
 *
 * Kept in sessionStorage (and memory): it survives a reload and a deep link in the same tab, and it
 * ends when the tab closes; it is never shared with other tabs and never sent by the browser on
 * its own (a bearer header, not a cookie, so no CSRF). localStorage would keep a token for days
 * after the browser closed; memory alone would sign the user out on every reload. Any script on
 * the page could read either, which the single origin and no third-party scripts keep out.
 */
import type { components } from '../api/schema';

export type SessionUser = components['schemas']['UserResponse'];
export type Role = SessionUser['role'];

export interface Session {
  token: string;
  user: SessionUser;
  /** Milliseconds since the epoch when the token expires (its `exp`), or null when it has none. */
  expiresAt: number | null;
}

export interface SessionState {
  session: Session | null;
  /** Why the last session ended (shown on the sign-in page), if it did not end by signing out. */
  notice: string | null;
}

const KEY = 'spiffworks.session';

/** The `exp` claim of a JWT in milliseconds, or null (the portal never verifies: the API does). */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split('.')[1];
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

function load(): SessionState {
  const raw = storage()?.getItem(KEY);
  if (!raw) return { session: null, notice: null };
  try {
    const session = JSON.parse(raw) as Session;
    if (session.expiresAt !== null && session.expiresAt <= Date.now()) {
      storage()?.removeItem(KEY);
      return { session: null, notice: 'Your session has expired. Please sign in again.' };
    }
    return { session, notice: null };
  } catch {
    return { session: null, notice: null };
  }
}

type Listener = () => void;

function createSessionStore() {
  let state: SessionState = load();
  const listeners = new Set<Listener>();
  const emit = (next: SessionState): void => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    getState: (): SessionState => state,
    get: (): Session | null => state.session,
    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signIn(token: string, user: SessionUser): Session {
      const session: Session = { token, user, expiresAt: tokenExpiry(token) };
      storage()?.setItem(KEY, JSON.stringify(session));
      emit({ session, notice: null });
      return session;
    },
    /** Ends the session; `notice` says why on the sign-in page (none when the user signed out). */
    clear(notice: string | null = null): void {
      storage()?.removeItem(KEY);
      if (state.session === null && state.notice === notice) return;
      emit({ session: null, notice: state.session === null ? (notice ?? state.notice) : notice });
    },
    /** Re-reads sessionStorage (tests). */
    reload(): void {
      emit(load());
    },
  };
}

export const sessionStore = createSessionStore();
