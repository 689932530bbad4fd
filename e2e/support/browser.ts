import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (CI installs it from apt); CHROMIUM_PATH points elsewhere. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'Chromium not found: install it (apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH',
    );
  }
  return found;
}

/**
 * Headless Chromium with nothing that reaches the network on its own (the test machine is
 * offline). Playwright gives every launch a fresh, temporary profile.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
/** The cookies of a signed-in user, to open more pages as them without signing in again. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
export const PHONE = { width: 360, height: 740 };

/** A fresh context (own cookies) at a screen size; axe needs pages from a context, not browser.newPage(). */
export async function newUser(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP,
  locale = 'zh-CN',
  storageState?: StorageState,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale,
    ...(storageState ? { storageState } : {}),
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  // Generous: the test machine's two cores may be busy; a wait only lasts as long as it must.
  context.setDefaultTimeout(30_000);
  return context;
}

/** Screenshots of every open page into test-results/ (gitignored), to see why a journey failed. */
export async function saveScreenshots(browser: Browser, name: string): Promise<string[]> {
  const dir = path.resolve(import.meta.dirname, '../../test-results');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let i = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      const file = path.join(dir, `${name}-${++i}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      files.push(file);
    }
  }
  return files;
}

/**
 * A browser test that leaves screenshots of every open page in test-results/<slug>-n.png when it
 * fails; with `closeContexts` every context is closed after it, so the next test starts afresh.
 */
export function browserTest(
  name: string,
  slug: string,
  browser: () => Browser,
  fn: () => Promise<void>,
  { closeContexts = false } = {},
) {
  test(name, async (t) => {
    try {
      await fn();
    } catch (err) {
      t.diagnostic(`screenshots: ${(await saveScreenshots(browser(), slug)).join(' ')}`);
      throw err;
    } finally {
      if (closeContexts) for (const context of browser().contexts()) await context.close();
    }
  });
}
