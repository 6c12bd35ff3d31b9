import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Role } from './session-store';
import { hasRole, useSession } from './session';

/**
 * Renders its children only for the given roles (the route's `beforeLoad` already redirects; this
 * is the second lock, and the one to wrap a button or panel with inside a screen).
 */
export function RequireRole({ roles, children, fallback }: { roles: readonly Role[]; children: ReactNode; fallback?: ReactNode }) {
  const { user } = useSession();
  if (hasRole(user, roles)) return <>{children}</>;
  return <>{fallback ?? <Alert color="yellow" title="Not available">This page is not available for your account.</Alert>}</>;
}
