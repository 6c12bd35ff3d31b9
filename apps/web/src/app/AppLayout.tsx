import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useLocation, useRouter } from '@tanstack/react-router';
import type { AnyRoute } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useSession } from '../auth/session';
import { navFor } from './nav';

const ROLE_LABEL = { partner: 'Partner', admin: 'Admin', analyst: 'Analyst' } as const;

/** The signed-in shell: header with the user and sign-out, the role's navigation, the page. */
export function AppLayout() {
  const { user, signOut } = useSession();
  const router = useRouter();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const nav = useMemo(() => (user ? navFor(Object.values(router.routesById) as AnyRoute[], user.role) : []), [router, user]);

  // The session ended (signed out, expired, or any 401): back to sign-in, never a blank page.
  // (Once on the way there, render nothing: the redirect must not nest the sign-in page's own address.)
  if (!user) return location.pathname === '/sign-in' ? null : <Navigate to="/sign-in" search={{ redirect: location.href }} replace />;

  const active = (to: string, exact: boolean): boolean => (exact ? location.pathname.replace(/\/$/, '') === to : location.pathname === to || location.pathname.startsWith(`${to}/`));
  // The most specific link wins, so an area's index is not lit on its sub-pages.
  const current = nav.filter((item) => active(item.to, item.exact)).sort((a, b) => b.to.length - a.to.length)[0]?.to;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h4">
              SpiffWorks
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs">
              <VisuallyHidden>Signed in as </VisuallyHidden>
              {user.email}
            </Text>
            <Badge variant="light">{ROLE_LABEL[user.role]}</Badge>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          <div>
            {nav.map((item) => (
              <NavLink key={item.to} component={Link} to={item.to} activeOptions={{ exact: true, includeSearch: false }} label={item.label} active={item.to === current} aria-current={item.to === current ? 'page' : undefined} onClick={close} />
            ))}
          </div>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
