// Browser test of the demo page (web/): Debian's Chromium driven by
// playwright-core (tests/node_modules), the page served from the repository
// root by tests/browser/server.mjs. Run: node --test tests/browser/page.test.mjs
import { describe, it as itBase, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startServer, REPO_ROOT } from './server.mjs';

// Debian's chromium package. LEADROSTER_CHROMIUM overrides it (e.g. to check the missing-browser message).
const CHROMIUM = process.env.LEADROSTER_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOT = path.join(REPO_ROOT, 'build', 'web-demo.png');
const REACHED_CAMPAIGN = '3f1c2b9e-6a4d-4e8f-9b1a-2c3d4e5f6a7b'; // the page's default for reached

function loadPlaywright() {
  const require = createRequire(path.join(REPO_ROOT, 'tests', 'package.json'));
  try {
    return require('playwright-core');
  } catch (e) {
    throw new Error('playwright-core is not installed in tests/node_modules (run scripts/install-deps.sh, or `npm ci` in tests/): ' + e.message);
  }
}

describe('demo page (web/) in Chromium', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let page;
  const problems = []; // console errors, page errors, failed requests

  // A setup failure (no Chromium, no build) fails every test with its message,
  // so it counts as failures (not only as cancelled tests) in the TAP summary.
  let setupError = null;
  const it = (name, fn) =>
    itBase(name, async (t) => {
      if (setupError) throw setupError;
      await fn(t);
    });

  before(async () => {
    try {
      await setup();
    } catch (e) {
      setupError = e;
    }
  });

  async function setup() {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: the browser test needs Debian's chromium package ` + '(installed by scripts/install-deps.sh: apt-get install chromium).',
      );
    }
    for (const f of ['npm/browser.mjs', 'npm/dist/leadroster-web.mjs', 'npm/dist/leadroster.wasm']) {
      if (!existsSync(path.join(REPO_ROOT, f))) throw new Error(`${f} is missing: build the package first (scripts/build.sh)`);
    }
    const { chromium } = loadPlaywright();
    server = await startServer({
      log: (method, url, status) => {
        if (status >= 400) problems.push(`HTTP ${status} for ${method} ${url}`);
      },
    });
    // launch() runs Chromium on a fresh temporary profile (user-data dir) of its own.
    browser = await chromium.launch({
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
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
  }

  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
  });

  // The normalized lead the page shows.
  const shownLead = async () => JSON.parse(await page.locator('#lead-json').textContent());
  const waitForLead = (predicateSource, arg) =>
    page.waitForFunction(
      ([src, a]) => {
        try {
          const lead = JSON.parse(document.getElementById('lead-json').textContent);
          return new Function('lead', 'arg', `return (${src});`)(lead, a);
        } catch {
          return false;
        }
      },
      [predicateSource, arg],
    );

  it('loads the engine from the npm package and shows its version', async () => {
    await page.goto(`${server.url}/web/`);
    await page.waitForSelector('body[data-engine="ready"]');
    const shown = (await page.locator('#engine-version').textContent()).trim();
    const { load } = await import(path.join(REPO_ROOT, 'npm', 'index.mjs'));
    const engine = await load();
    assert.equal(shown, engine.version);
    assert.match(shown, /^\d+\.\d+\.\d+/);
    // The page imported the package entry, not a private copy.
    const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    assert.ok(scripts.includes('/npm/browser.mjs'), `page did not load /npm/browser.mjs: ${scripts.join(', ')}`);
    assert.ok(scripts.includes('/npm/dist/leadroster.wasm'), 'page did not fetch the .wasm');
  });

  it('magnetite: a bad email shows invalid_email under the email field while typing', async () => {
    await page.selectOption('#provider', 'magnetite');
    const email = page.getByLabel('Email', { exact: true });
    await email.click();
    await email.pressSequentially('Jane.Doe@', { delay: 10 });
    const msg = page.locator('[data-msgs-for="email"] [data-code="invalid_email"]');
    await msg.waitFor({ state: 'visible' });
    assert.match(await msg.textContent(), /invalid_email/);
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    // The error is under the email field, not elsewhere.
    const holder = await msg.evaluate((n) => n.closest('[data-field-box]').dataset.fieldBox);
    assert.equal(holder, 'email');
    // Untouched required fields are hints, not errors yet.
    assert.equal(await page.locator('[data-msgs-for="companyName"] .msg.error').count(), 0);
  });

  it('magnetite: fixing the email clears the error and the lead shows it lowercased', async () => {
    const email = page.getByLabel('Email', { exact: true });
    await email.pressSequentially('Acme.COM', { delay: 10 });
    await page.locator('[data-msgs-for="email"] [data-code="invalid_email"]').waitFor({ state: 'detached' });
    await waitForLead('lead.email === arg', 'jane.doe@acme.com');
    const lead = await shownLead();
    assert.equal(lead.email, 'jane.doe@acme.com');
    assert.equal(lead.domain, 'acme.com'); // derived from the email
    assert.equal(await email.getAttribute('aria-invalid'), null);
    // Nested field path: a non-integer employee count is reported under that field.
    const count = page.locator('[data-path="company.employeeCount"]');
    await count.fill('12.5');
    const typeMsg = page.locator('[data-msgs-for="company.employeeCount"] [data-code="invalid_type"]');
    await typeMsg.waitFor({ state: 'visible' });
    await count.fill('12');
    await typeMsg.waitFor({ state: 'detached' });
    await waitForLead('lead.company && lead.company.employeeCount === 12');
    await page.getByLabel('Company name').fill('Acme');
    await page.getByLabel('Contact name').fill('Jane Doe');
    await page.waitForFunction(() => document.getElementById('lead-state').dataset.ok === 'true');
  });

  it('reached: a French phone with default country FR becomes E.164', async () => {
    await page.selectOption('#provider', 'reached');
    await page.getByLabel('Default country').fill('FR');
    const phone = page.getByLabel('Phone', { exact: true });
    await phone.click();
    await phone.pressSequentially('06 12 34 56 78', { delay: 10 });
    await waitForLead('lead.phone === arg', '+33612345678');
    assert.equal((await shownLead()).phone, '+33612345678');
    assert.equal(await page.locator('[data-msgs-for="phone"] .msg').count(), 0);
    assert.equal(await page.locator('#campaign-id').inputValue(), REACHED_CAMPAIGN);
  });

  it('batch: 3 pasted rows give ok, duplicate and invalid, with summary and requests', async () => {
    const csv = ['phone,email,first_name', '06 12 34 56 78,,Jeanne', '+33 6 12 34 56 78,jeanne@example.fr,Jeanne', '+1 5,,Nobody'].join('\n');
    const input = page.getByLabel(/^Rows/);
    await input.focus();
    // A real paste: put the text on a DataTransfer and let the textarea take it.
    await page.evaluate((text) => {
      const ta = document.getElementById('batch-input');
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      if (ta.dispatchEvent(ev)) document.execCommand('insertText', false, text);
    }, csv);
    assert.equal(await input.inputValue(), csv);
    await page.getByRole('button', { name: 'Run plan' }).click();
    await page.locator('#rows-table tbody tr').nth(2).waitFor();

    const rows = await page.$$eval('#rows-table tbody tr', (trs) =>
      trs.map((tr) => ({
        index: tr.dataset.index,
        status: tr.dataset.status,
        badge: tr.querySelector('.badge').textContent,
        dup: tr.querySelector('td.dup').textContent.trim(),
        problems: [...tr.querySelectorAll('.problems li')].map((li) => `${li.dataset.field}/${li.dataset.code}`),
      })),
    );
    assert.deepEqual(
      rows.map((r) => [r.index, r.status, r.badge]),
      [
        ['0', 'ok', 'ok'],
        ['1', 'duplicate', 'duplicate'],
        ['2', 'invalid', 'invalid'],
      ],
    );
    assert.equal(rows[1].dup, 'line 2 on phone'); // row 0 is the pasted CSV's line 2 (the header is line 1)
    const nums = await page.$$eval('#rows-table tbody tr td.num', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(nums, ['2', '3', '4'], '# is the line in the pasted text');
    assert.deepEqual(rows[2].problems, ['phone/invalid_phone']);
    assert.equal(rows[0].dup, '—');

    const summary = await page.$$eval('#summary [data-key]', (ds) =>
      Object.fromEntries(ds.map((d) => [d.dataset.key, Number(d.querySelector('dd').textContent)])),
    );
    assert.deepEqual(summary, { total: 3, ok: 1, invalid: 1, duplicate: 1, requests: 1 });

    const reqs = await page.$$eval('#requests > li', (lis) =>
      lis.map((li) => ({
        leads: Number(li.dataset.leads),
        path: li.querySelector('.req-path').textContent,
        method: li.querySelector('.method').textContent,
      })),
    );
    assert.deepEqual(reqs, [{ leads: 1, path: `/v1/campaigns/${REACHED_CAMPAIGN}/leads`, method: 'POST' }]);
    assert.equal((await page.locator('#request-count').textContent()).trim(), '1');
  });

  it('reached: list-quality warnings (role_email, email_typo) show under the email field and on a plan row', async () => {
    const email = page.getByLabel('Email', { exact: true });
    await email.fill('info@gmial.com');
    const typo = page.locator('[data-msgs-for="email"] [data-code="email_typo"]');
    await typo.waitFor({ state: 'visible' });
    await page.locator('[data-msgs-for="email"] [data-code="role_email"]').waitFor({ state: 'visible' });
    assert.equal(await email.getAttribute('aria-invalid'), null, 'a warning that drops nothing does not mark the field invalid');
    await email.fill('');
    await page.getByLabel(/^Rows/).fill(['email', 'ann@mailinator.com', 'bo@gmial.com'].join('\n'));
    await page.getByRole('button', { name: 'Run plan' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#rows-table tbody tr').length === 2);
    const rows = await page.$$eval('#rows-table tbody tr', (trs) =>
      trs.map((tr) => ({
        status: tr.dataset.status,
        problems: [...tr.querySelectorAll('.problems li')].map((li) => `${li.dataset.field}/${li.dataset.code}`),
        text: tr.querySelector('.problems')?.textContent ?? '',
      })),
    );
    assert.deepEqual(
      rows.map((r) => [r.status, r.problems]),
      [
        ['ok', ['email/disposable_email']],
        ['ok', ['email/email_typo']],
      ],
    );
    assert.match(rows[1].text, /email_typo/, 'the warning is written on the row');
  });

  it('every provider of the engine is listed and gets a form and a sample, none named by the page', async () => {
    const { load } = await import(path.join(REPO_ROOT, 'npm', 'index.mjs'));
    const engine = await load();
    const listed = await page.$$eval('#provider option', (os) => os.map((o) => o.value));
    assert.deepEqual(listed, engine.providers());
    for (const p of engine.providers()) {
      await page.selectOption('#provider', p);
      const d = engine.describeProvider(p);
      // an input for each identity field, labelled, and the channel select only where it applies
      for (const f of d.identity.anyOf) assert.equal(await page.locator(`[data-path="${f}"]`).count(), 1, `${p}: ${f}`);
      assert.equal(await page.locator('#channel-field').isHidden(), !d.options.some((o) => o.name === 'channel'), p);
      await page.locator('#load-sample').click();
      await page.locator('#rows-table tbody tr').first().waitFor();
      const statuses = await page.$$eval('#rows-table tbody tr', (trs) => trs.map((tr) => tr.dataset.status || tr.className));
      assert.ok(statuses.length >= 3, `${p}: sample rows ${statuses}`);
    }
    await page.selectOption('#provider', engine.providers()[0]);
  });

  it('takes a screenshot and saw no console errors or failed requests', async () => {
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(readFileSync(SCREENSHOT).length > 10_000, 'screenshot is suspiciously small');
    assert.deepEqual(problems, []);
  });
});
