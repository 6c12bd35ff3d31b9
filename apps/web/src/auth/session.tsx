import { createContext, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { sessionStore } from './session-store';
import type { Role, Session, SessionUser } from './session-store';

export interface SessionContextValue {
  session: Session | null;
  user: SessionUser | null;
  notice: string | null;
  signIn: (email: string, password: string) => Promise<Session>;
  signOut: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Longest timer the browser keeps (about 24.8 days). */
const MAX_TIMEOUT = 2_147_483_647;

export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(sessionStore.subscribe, sessionStore.getState, sessionStore.getState);
  const queryClient = useQueryClient();
  const expiresAt = state.session?.expiresAt ?? null;

  // The token's own `exp`: end the session when it passes, even with no request in flight.
  useEffect(() => {
    if (expiresAt === null) return;
    const timer = setTimeout(() => sessionStore.clear('Your session has expired. Please sign in again.'), Math.min(MAX_TIMEOUT, Math.max(0, expiresAt - Date.now())));
    return () => clearTimeout(timer);
  }, [expiresAt]);

  // Nothing of one user's data stays cached for the next.
  useEffect(() => {
    if (state.session === null) queryClient.clear();
  }, [state.session, queryClient]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session: state.session,
      user: state.session?.user ?? null,
      notice: state.notice,
      async signIn(email, password) {
        const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
        return sessionStore.signIn(answer.access_token, answer.user);
      },
      signOut() {
        sessionStore.clear(null);
      },
    }),
    [state],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a <SessionProvider>');
  return value;
}

/** The signed-in user; only inside the signed-in layout (it redirects to sign-in otherwise). */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser outside a signed-in route');
  return user;
}

export function hasRole(user: SessionUser | null, roles: readonly Role[]): boolean {
  return user !== null && roles.includes(user.role);
}
