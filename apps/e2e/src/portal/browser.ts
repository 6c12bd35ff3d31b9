/**
 * The browser half of the portal's end-to-end tests: playwright-core driving Debian's Chromium
 * (`/usr/bin/chromium`, installed by scripts/ensure-infra.sh; nothing downloads a browser) against
 * the real platform that `startPlatform` launches, whose gateway serves the built portal at its root.
 *
 * - `openBrowser()` launches one headless Chromium per spec file; `portal.signedIn(...)` or
 *   `portal.page()` give each role its own context (cookies and storage apart, like two people).
 * - `visit(page, name, ready)` is what every screen goes through: wait until `ready` shows, run an
 *   axe-core scan that fails on any serious or critical violation, and write a full-page screenshot
 *   to `tmp/portal-screenshots/<spec>-<nn>-<name>.png`.
 * - Waiting is Playwright's auto-waiting (`locator.waitFor`, actions) or `until` (poll with a
 *   deadline, reloading between tries) for eventually consistent screens; never fixed sleeps.
 * - A page error (an uncaught exception in the portal) or a console error fails the test that
 *   caused it (`assertNoPageErrors`), so a screen that half-renders cannot pass by accident.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import axe from 'axe-core';

// Under jest this file runs from apps/e2e/src/portal; built, from dist/apps/e2e/src/portal.
const UP = join(__dirname, '..', '..', '..', '..');
const ROOT = basename(UP) === 'dist' ? join(UP, '..') : UP;
export const SCREENSHOT_DIR = process.env.PORTAL_SCREENSHOT_DIR ?? join(ROOT, 'tmp', 'portal-screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** How long one step may wait for the portal (a screen, a button, a message). */
export const STEP_TIMEOUT_MS = 15_000;

/** axe impacts that fail a screen. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
  /** axe's own words for the first node (for color contrast: both colors and the ratio). */
  summary?: string;
}

export interface PortalBrowser {
  browser: Browser;
  baseUrl: string;
  /** A fresh context (its own cookies and storage) and its page. */
  page(): Promise<Page>;
  /** A fresh page signed in through the sign-in screen. */
  signedIn(email: string, password: string, screen?: string): Promise<Page>;
  close(): Promise<void>;
}

interface PageState {
  errors: string[];
  spec: string;
}
const states = new WeakMap<Page, PageState>();
const counters = new Map<string, number>();

/**
 * Launches headless Chromium for one spec file (`spec` prefixes its screenshots, whose old copies
 * are removed), against the gateway at `baseUrl`.
 */
export async function openBrowser(baseUrl: string, spec: string): Promise<PortalBrowser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of readdirSync(SCREENSHOT_DIR)) {
    if (file.startsWith(`${spec}-`)) rmSync(join(SCREENSHOT_DIR, file));
  }
  counters.set(spec, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const page = async (): Promise<Page> => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    contexts.push(context);
    const created = await context.newPage();
    const state: PageState = { errors: [], spec };
    states.set(created, state);
    created.on('pageerror', (error) => state.errors.push(`page error: ${error.message}`));
    created.on('console', (message) => {
      // A 4xx the portal shows at a field is an expected console line in Chromium ("Failed to load
      // resource"); anything else logged as an error is a bug.
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
        state.errors.push(`console error: ${message.text()}`);
      }
    });
    return created;
  };
  return {
    browser,
    baseUrl,
    page,
    async signedIn(email, password, screen = 'sign-in') {
      const created = await page();
      await signIn(created, email, password, screen);
      return created;
    },
    async close() {
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
      await browser.close();
    },
  };
}

/** Signs in through the sign-in screen (scanned and photographed on the way) and waits until it is gone. */
export async function signIn(page: Page, email: string, password: string, screen = 'sign-in'): Promise<void> {
  await page.goto('/');
  const emailField = page.getByRole('textbox', { name: 'Email' });
  await visit(page, screen, emailField);
  await emailField.fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * One screen: waits until `ready` is visible, scans it with axe-core (fails on serious / critical
 * violations), and writes its screenshot. Returns the findings below that bar, for the record.
 */
export async function visit(page: Page, name: string, ready: Locator): Promise<AxeFinding[]> {
  await ready.first().waitFor({ state: 'visible' });
  // Let entrance transitions finish (not endless ones, like a loader's) so the scan and the picture see the settled screen.
  await page.evaluate(() =>
    Promise.all(
      (globalThis as any).document
        .getAnimations()
        .filter((a: any) => Number.isFinite(a.effect?.getComputedTiming?.().endTime))
        .map((a: any) => a.finished.catch(() => undefined)),
    ),
  );
  // The resting screen: the pointer off whatever it last clicked (a hovered link is another state).
  await page.mouse.move(0, 0);
  const findings = await scan(page);
  await screenshot(page, name);
  const failing = findings.filter((finding) => FAILING_IMPACTS.has(finding.impact ?? ''));
  if (failing.length) {
    throw new Error(`axe-core: ${failing.length} serious/critical violation(s) on screen "${name}" (${page.url()}):\n${formatFindings(failing)}`);
  }
  assertNoPageErrors(page);
  return findings.filter((finding) => !FAILING_IMPACTS.has(finding.impact ?? ''));
}

/** Runs axe-core in the page (injected through the debugging protocol, so a Content-Security-Policy cannot block it). */
export async function scan(page: Page): Promise<AxeFinding[]> {
  const injected = await page.evaluate(() => typeof (globalThis as any).axe === 'object');
  if (!injected) await page.evaluate(axe.source);
  const results: axe.AxeResults = await page.evaluate(() =>
    (globalThis as any).axe.run((globalThis as any).document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    }),
  );
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    summary: violation.nodes[0]?.failureSummary?.replace(/\s+/g, ' ').slice(0, 300),
  }));
}

export function formatFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `  - [${f.impact}] ${f.id}: ${f.help}\n      ${f.targets.join('\n      ')}${f.summary ? `\n      (${f.summary})` : ''}`).join('\n');
}

/** Writes `<spec>-<nn>-<name>.png` (full page) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const spec = states.get(page)?.spec ?? 'portal';
  const n = (counters.get(spec) ?? 0) + 1;
  counters.set(spec, n);
  const file = join(SCREENSHOT_DIR, `${spec}-${String(n).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
  // From the top: a full-page capture of a scrolled page draws the fixed header and navigation mid-picture.
  await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Fails when the portal threw or logged an error since the last check. */
export function assertNoPageErrors(page: Page): void {
  const state = states.get(page);
  if (!state || state.errors.length === 0) return;
  const errors = state.errors.splice(0);
  throw new Error(`the portal reported errors on ${page.url()}:\n  ${errors.join('\n  ')}`);
}

/**
 * Waits for an eventually consistent screen: checks whether `target` is visible, and if not
 * reloads the page (`reload`, by default a plain reload) and checks again, until the deadline.
 */
export async function until(page: Page, target: Locator, options: { timeoutMs?: number; reload?: () => Promise<unknown> } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      await target.first().waitFor({ state: 'visible', timeout: 1_500 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await (options.reload ? options.reload() : page.reload());
  }
}

/** Presses Tab until `target` has the keyboard focus (at most `max` times); fails otherwise. */
export async function tabTo(page: Page, target: Locator, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((element: any) => element === (globalThis as any).document.activeElement || element.contains((globalThis as any).document.activeElement))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Where a locator search starts: a page, or a form / dialog / region within it. */
type Scope = Page | Locator;

/** The level-1 heading a screen shows when it is there. */
export function heading(page: Page, name: string): Locator {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/** A link of the side navigation, by its label. */
export function navLink(page: Page, label: string): Locator {
  return page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: label, exact: true });
}

/** A Mantine Select / MultiSelect input by its label (a textbox or a combobox, depending on the widget). */
export function selectInput(scope: Scope, name: string): Locator {
  return scope.getByRole('textbox', { name, exact: true }).or(scope.getByRole('combobox', { name, exact: true })).first();
}

/** Picks `option` from a Mantine Select or MultiSelect (typing `search` first, for a searchable one). */
export async function choose(page: Page, input: Locator, option: string | RegExp, search?: string): Promise<void> {
  await input.click();
  if (search !== undefined) await input.fill(search);
  await page.getByRole('option', { name: option }).click();
}
