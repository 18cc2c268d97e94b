// Browser test of the page's grid telling what happened to every row (issue
// 16 §1, §3): `#` is the row's line in the file (the CSV header is line 1, a
// quoted two-line cell counts its lines), duplicate links name the line they
// point to, a value left out of a lead that is still sent (an invalid
// optional email on a reached lead with a phone) makes its cell red with
// aria-invalid and its reason visible without hovering, and a "with problems"
// filter and count list those rows. Run: node --test tests/browser/problems.test.mjs
import { describe, it as itBase, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, REPO_ROOT } from './server.mjs';
import { launchChromium } from '../support/chromium.mjs';

// line 1 header; 2 ok; 3-4 a two-line note; 5 a bad optional email (sent with
// its phone); 6 a duplicate of line 2; 7 a bad phone with a good email.
const CSV =
  [
    'email,phone,notes',
    'ann@acme.com,+33612345671,hello',
    'bo@acme.com,+33612345672,"two',
    'lines"',
    'maelle.girard81 @free.fr,+33612345673,x',
    'ANN@acme.com,,again',
    'cy@acme.com,12,y',
  ].join('\n') + '\n';

describe('demo page: lines and values left out, in Chromium', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let page;
  const problems = [];
  let setupError = null;
  const it = (name, fn) =>
    itBase(name, async (t) => {
      if (setupError) throw setupError;
      await fn(t);
    });

  before(async () => {
    try {
      for (const f of ['npm/browser.mjs', 'npm/dist/leadroster-web.mjs', 'npm/dist/leadroster.wasm']) {
        if (!existsSync(path.join(REPO_ROOT, f))) throw new Error(`${f} is missing: build the package first (scripts/build.sh)`);
      }
      server = await startServer({ log: (m, u, s) => s >= 400 && problems.push(`HTTP ${s} for ${m} ${u}`) });
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (e) => problems.push('page error: ' + e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push('console error: ' + m.text()));
    } catch (e) {
      setupError = e;
    }
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
  });

  it('plans the file; # is the line in the file; the duplicate link names line 2', async () => {
    await page.goto(`${server.url}/web/`);
    await page.waitForSelector('body[data-engine="ready"][data-worker="ready"]');
    await page.selectOption('#provider', 'reached');
    const file = path.join(REPO_ROOT, 'build', 'test-data', 'problems.csv');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, CSV);
    await page.setInputFiles('#file-input', file);
    await page.locator('#file-mapping-box').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Plan file' }).click();
    await page.waitForSelector('body[data-file-plan="done"]');
    const rows = await page.$$eval('#grid-rows [role="row"]', (rs) =>
      rs.map((r) => [r.dataset.index, r.querySelector('[role="rowheader"]').textContent, r.dataset.status]),
    );
    assert.deepEqual(rows, [
      ['0', '2', 'ok'],
      ['1', '3', 'ok'],
      ['2', '5', 'ok'],
      ['3', '6', 'duplicate'],
      ['4', '7', 'ok'],
    ]);
    const link = page.locator('#row-3 a.dup-link');
    assert.equal(await link.textContent(), 'line 2');
  });

  it('a value left out is a red cell with aria-invalid and its reason visible without hovering', async () => {
    const cell = page.locator('#row-2 [data-col="0"]');
    assert.equal(await cell.getAttribute('aria-invalid'), 'true');
    const why = cell.locator('.why');
    assert.equal(await why.isVisible(), true, 'the reason is shown, not only on hover');
    assert.match(await why.textContent(), /invalid_email/);
    assert.match(await cell.getAttribute('title'), /invalid_email/);
    assert.match(await page.locator('#row-4 [data-col="1"] .why').textContent(), /invalid_phone/);
    assert.equal(await page.locator('#row-4 [data-col="1"]').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#row-0 [aria-invalid]').count(), 0, 'a clean row has no red cell');
  });

  it('"with problems" counts and filters the rows sent without a value', async () => {
    assert.equal(await page.locator('#filter-problems-count').textContent(), '2');
    await page.check('#filter-problems');
    await page.waitForFunction(() => document.querySelectorAll('#grid-rows [role="row"]').length === 2);
    const shown = await page.$$eval('#grid-rows [role="row"]', (rs) => rs.map((r) => r.querySelector('[role="rowheader"]').textContent));
    assert.deepEqual(shown, ['5', '7']);
    await page.check('#filter-all');
    assert.deepEqual(problems, []);
  });
});
