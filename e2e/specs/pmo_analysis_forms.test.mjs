// The PMO's analysis forms in Chromium (issue 11): the computed-RAG rules and the gap
// register. Each form page and its error summary pass axe, and a refused form keeps what was
// typed. Nothing here changes the data another spec relies on: every submission is refused.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkAccessibility, launchBrowser, newContext, screenshot, signIn } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

describe('the PMO analysis forms', () => {
  let app;
  let browser;
  let context;
  let page;
  const url = (path) => new URL(path, app.baseUrl).href;

  before(async () => {
    app = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    await signIn(page, app.baseUrl, 'pmo');
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  for (const path of ['/rules', '/gaps/register/gaps/new', '/gaps/register/initiatives/new']) {
    it(`${path} answers 200 and passes axe`, async () => {
      const response = await page.goto(url(path));
      assert.equal(response?.status(), 200, path);
      await checkAccessibility(page, path);
    });
  }

  it('a new rule version with bad values shows every problem at once, keeps them, and passes axe', async () => {
    await page.goto(url('/rules'));
    await page.locator('#aim-window').fill('one');
    await page.locator('#trajectory-tolerance').fill('50');
    await page.getByRole('button', { name: 'Add this version' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await summary.innerText();
    assert.match(text, /must be a number, like 5/);
    assert.match(text, /Select the quarter the new rules take effect from/);
    assert.equal(await page.locator('#aim-window').inputValue(), 'one', 'what was typed is kept');
    await screenshot(page, 'pmo-rules-errors');
    await checkAccessibility(page, '/rules with errors');
  });
});
