// Every demo role signs in and visits every main page in Debian Chromium: each page answers
// 200, has a visible <h1>, loads all of its assets, and has no axe WCAG 2.2 AA violations.
// Also: sign-in/sign-out, the error summary, 404 pages, no-JavaScript use, a few numbers as a
// person reads them, and that no page ever asked a host other than 127.0.0.1.
//
// Run with scripts/e2e.sh (or: node --test --test-concurrency=1 e2e/specs/).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  brokenLinkedFiles,
  checkAccessibility,
  launchBrowser,
  newContext,
  outsideRequests,
  screenshot,
  signIn,
  watchFailedAssets,
} from '../support/browser.mjs';
import { pathsFor, slug, USERS } from '../support/pages.mjs';
import { startServer } from '../support/server.mjs';

const NOT_FOUND_PATHS = ['/organisations/NOPE', '/no-such-page'];

const pathOf = (page) => new URL(page.url()).pathname;

async function assertVisibleH1(page, what) {
  const h1 = page.locator('h1').first();
  assert.ok((await page.locator('h1').count()) >= 1, `${what}: the page has no <h1>`);
  assert.ok(await h1.isVisible(), `${what}: the <h1> is not visible`);
  return (await h1.innerText()).trim();
}

/**
 * Visible text (innerText: cells separated by tabs) of the table rows that contain `rowText`.
 * Filtering happens here rather than with Playwright's hasText, which matches textContent,
 * where neighbouring cells run together ("9d" + "83" reads "9d83").
 */
async function rowTexts(page, rowText) {
  const rows = await page.locator('tr').allInnerTexts();
  return rows.filter((text) => (typeof rowText === 'string' ? text.includes(rowText) : rowText.test(text)));
}

describe('LDR Assurance in Chromium', () => {
  let app;
  let browser;
  const url = (path) => new URL(path, app.baseUrl).href;

  before(async () => {
    app = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  describe('signed out', () => {
    let context;
    let page;
    let takeFailedAssets;
    before(async () => {
      context = await newContext(browser);
      page = await context.newPage();
      takeFailedAssets = watchFailedAssets(page);
    });
    after(async () => context?.close());

    it('visiting / lands on /login', async () => {
      await page.goto(url('/'));
      assert.equal(pathOf(page), '/login');
    });

    it('the sign-in page answers 200, has an h1, loads its assets and passes axe', async () => {
      takeFailedAssets();
      const response = await page.goto(url('/login'));
      assert.equal(response?.status(), 200);
      await assertVisibleH1(page, '/login');
      await screenshot(page, 'signed-out-login');
      await checkAccessibility(page, 'sign-in page');
      assert.deepEqual(await brokenLinkedFiles(page), [], '/login: some <link href> files do not answer 200');
      assert.deepEqual(takeFailedAssets(), [], '/login: some assets failed to load, were blocked or reported errors');
    });

    it('a wrong password shows the NHS error summary and passes axe', async () => {
      await page.goto(url('/login'));
      await page.locator('#username').fill('pmo');
      await page.locator('#password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const summary = page.locator('.nhsuk-error-summary');
      await summary.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await summary.innerText(), /Enter a correct username and password/);
      assert.notEqual(pathOf(page), '/', 'a wrong password must not sign the user in');
      await screenshot(page, 'signed-out-wrong-password');
      await checkAccessibility(page, 'sign-in page with an error');
      assert.deepEqual(takeFailedAssets(), [], 'sign-in error page: some assets failed to load, were blocked or reported errors');
    });
  });

  for (const user of USERS) {
    describe(`signed in as ${user}`, () => {
      let context;
      let page;
      let takeFailedAssets;
      before(async () => {
        context = await newContext(browser);
        page = await context.newPage();
        takeFailedAssets = watchFailedAssets(page);
        await signIn(page, app.baseUrl, user);
      });
      after(async () => context?.close());

      for (const path of pathsFor(user)) {
        it(`${path} answers 200, shows an h1, loads its assets and passes axe`, async () => {
          takeFailedAssets();
          const response = await page.goto(url(path));
          assert.equal(response?.status(), 200, `${user} GET ${path} (ended at ${page.url()})`);
          assert.equal(pathOf(page), path, `${user} GET ${path} was redirected`);
          await assertVisibleH1(page, `${user} ${path}`);
          await screenshot(page, `${user}-${slug(path)}`);
          await checkAccessibility(page, `${user} ${path}`);
          assert.deepEqual(await brokenLinkedFiles(page), [], `${user} ${path}: some <link href> files do not answer 200`);
          assert.deepEqual(
            takeFailedAssets(),
            [],
            `${user} ${path}: some assets failed to load, were blocked by the Content-Security-Policy, or the page reported errors`,
          );
        });
      }

      if (user === 'pmo') {
        it('the dashboard aims table row for aim 9d shows 83', async () => {
          await page.goto(url('/'));
          const rows = await rowTexts(page, /\b9d\b/);
          assert.ok(rows.length >= 1, 'no table row on the dashboard contains "9d"');
          assert.ok(
            rows.some((text) => /\b83\b/.test(text)),
            `no dashboard row with "9d" also shows "83"; rows seen:\n${rows.join('\n')}`,
          );
        });

        it('/organisations/RTE shows 12 and 44 for Records, Assessments & Plans', async () => {
          await page.goto(url('/organisations/RTE'));
          const rows = await rowTexts(page, 'Records, Assessments & Plans');
          assert.ok(rows.length >= 1, 'no table row on /organisations/RTE contains "Records, Assessments & Plans"');
          assert.ok(
            rows.some((text) => /\b12\b/.test(text) && /\b44\b/.test(text)),
            `no "Records, Assessments & Plans" row shows both 12 and 44; rows seen:\n${rows.join('\n')}`,
          );
        });

        it('NHS.UK frontend JavaScript starts (style/ldr.js runs under the CSP)', async () => {
          takeFailedAssets();
          await page.goto(url('/'));
          await page.waitForFunction(() => document.body.classList.contains('nhsuk-frontend-supported'), null, {
            timeout: 5_000,
          });
          // The header component marks itself once it has started; it refuses markup it does not expect.
          await page.locator('header.nhsuk-header[data-nhsuk-header-init]').waitFor({ state: 'attached', timeout: 5_000 });
          assert.deepEqual(takeFailedAssets(), [], 'the dashboard with JavaScript: errors or blocked assets');
        });
      }

      it('signs out with the header "Sign out" button and lands on /login', async () => {
        await page.goto(url('/'));
        await page.getByRole('button', { name: 'Sign out', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
        assert.equal(pathOf(page), '/login');
        await page.goto(url('/'));
        assert.equal(pathOf(page), '/login', 'after signing out, / should send the user to /login again');
      });
    });
  }

  describe('pages that do not exist', () => {
    let context;
    let page;
    let takeFailedAssets;
    before(async () => {
      context = await newContext(browser);
      page = await context.newPage();
      takeFailedAssets = watchFailedAssets(page);
      await signIn(page, app.baseUrl, 'pmo');
    });
    after(async () => context?.close());

    for (const path of NOT_FOUND_PATHS) {
      it(`${path} answers 404 with an h1 "Page not found", loads its assets and passes axe`, async () => {
        takeFailedAssets();
        const response = await page.goto(url(path));
        assert.equal(response?.status(), 404, `GET ${path}`);
        const h1 = await assertVisibleH1(page, path);
        assert.equal(h1, 'Page not found');
        await screenshot(page, `pmo-not-found-${slug(path)}`);
        await checkAccessibility(page, `404 page ${path}`);
        assert.deepEqual(takeFailedAssets(), [], `404 page ${path}: some assets failed to load, were blocked or reported errors`);
      });
    }
  });

  describe('without JavaScript', () => {
    let context;
    after(async () => context?.close());

    it('a user can sign in and see the dashboard h1', async () => {
      context = await newContext(browser, { javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page, app.baseUrl, 'pmo');
      const response = await page.goto(url('/'));
      assert.equal(response?.status(), 200);
      await assertVisibleH1(page, 'dashboard without JavaScript');
      await screenshot(page, 'nojs-pmo-dashboard');
    });
  });

  // Declared last, so it runs after every other test in this file.
  it('no page asked a host other than 127.0.0.1', () => {
    assert.deepEqual(outsideRequests, [], `requests to other hosts were attempted (and blocked)`);
  });
});
