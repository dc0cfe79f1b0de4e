import { type Browser, chromium, type Frame, type Page } from 'playwright-core';

/**
 * The one place that knows how the suite's browser tests start a browser: Debian's chromium (installed by
 * `scripts/setup-system.mjs`; Playwright's own download cannot work offline), headless, as root in CI, with
 * Chromium's background traffic switched off because this machine has no network. Each call is a fresh profile.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A module's iframe in the shell once it is attached and has a document (on a busy machine that takes a moment). */
export async function moduleFrame(page: Page, moduleKey: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const handle = await page.waitForSelector(`iframe[data-module="${moduleKey}"]`, { timeout: 30_000 });
    const frame = await handle.contentFrame();
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no frame for ${moduleKey}`);
    await page.waitForTimeout(100);
  }
}
