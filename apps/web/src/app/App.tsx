import '@mantine/core/styles.css';
import { Alert, Drawer, MantineProvider, Modal, createTheme } from '@mantine/core';
import type { CSSVariablesResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import type { RouterHistory } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { ProblemError } from '../api/problem';
import { SessionProvider, useSession } from '../auth/session';
import { createAppRouter } from './router';
import type { AppRouter } from './router';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  // WCAG AA text contrast on filled buttons and badges (the e2e's axe scan fails below 4.5:1):
  // indigo 7 under white text (5:1), and every other filled color gets black or white text,
  // whichever contrasts more (0.179 is the luminance where both give the same ratio, 4.58:1).
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.179,
  components: {
    // Mantine's close buttons are icons without a name (axe: button-name, critical).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: 'Dismiss' } }),
  },
});

/** Colors whose shade 9 is too light for text on a tinted background (WCAG AA 4.5:1). */
const DARK_TEXT: Record<string, string> = { indigo: '#2c3e9e', green: '#1e6b30', teal: '#066649', yellow: '#8a4b00', orange: '#9c330a', lime: '#3d6308' };

/**
 * Mantine's "dimmed" text (gray 6 on white, 3.3:1) fails WCAG AA contrast, which the e2e's axe
 * scan reports as serious on every screen: gray 7 (7.5:1) instead.
 */
export const accessibleColors: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Error text and the required asterisk: red 9 (5.5:1) instead of red 6 (3.3:1).
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // Text of light / subtle / outline variants (alerts, light badges and buttons) on their tinted
    // backgrounds: shade 9, or darker where shade 9 is still too light to reach 4.5:1.
    ...Object.fromEntries(
      Object.keys(theme.colors).flatMap((color) => {
        const text = DARK_TEXT[color] ?? `var(--mantine-color-${color}-9)`;
        return [
          [`--mantine-color-${color}-light-color`, text],
          [`--mantine-color-${color}-outline`, text],
          [`--mantine-color-${color}-text`, text],
        ];
      }),
    ),
  },
  dark: {},
});

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will not change by asking again.
        retry: (count, error) => !(error instanceof ProblemError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
  });
}

function RoutedApp({ router }: { router: AppRouter }) {
  const { session } = useSession();
  // Guards read the session from the router context: re-run them when it changes.
  useEffect(() => {
    router.update({ ...router.options, context: { ...router.options.context, session } });
    void router.invalidate();
  }, [router, session]);
  return <RouterProvider router={router} context={{ session }} />;
}

/** The portal: Mantine, TanStack Query, the session and the router. `history` for tests (memory). */
export function App({ history, queryClient: given }: { history?: RouterHistory; queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [router] = useState(() => createAppRouter(queryClient, history));
  return (
    <MantineProvider theme={theme} cssVariablesResolver={accessibleColors}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RoutedApp router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
