// Debian's Chromium driven by playwright-core (tests/node_modules), with the
// flags every browser test here uses. LEADROSTER_CHROMIUM overrides the path.
import { existsSync } from 'node:fs';
import { devModule } from './workerd.mjs';

export const CHROMIUM = process.env.LEADROSTER_CHROMIUM || '/usr/bin/chromium';

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's chromium package (scripts/install-deps.sh installs it).`);
  }
  const { chromium } = devModule('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
    timeout: 60_000,
  });
}

/** Opens url in a new page; resolves to the text of #out once it is set (or throws with the page's errors). */
export async function runPage(browser, url, { timeout = 30_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push('console: ' + m.text()));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  try {
    await page.goto(url);
    try {
      await page.waitForFunction(() => document.getElementById('out')?.dataset.done === '1', null, { timeout });
    } catch (e) {
      throw new Error(`${url}: no result within ${timeout} ms; ${problems.join('; ') || 'no page errors'}`);
    }
    return { text: await page.locator('#out').textContent(), problems };
  } finally {
    await page.close();
  }
}
