// The reviewer reads the synthetic footprint that `serve --demo` generates: its dashboard, an
// organisation page, the DMA, a capability, its returns and one generated approved return
// (whose sections show figures), then /national. Each page answers 200, shows an h1, loads its
// assets and has no axe WCAG 2.2 AA violations.
//
// Run alone: scripts/e2e.sh --test-name-pattern='synthetic footprint'

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkAccessibility, launchBrowser, newContext, screenshot, signIn, watchFailedAssets } from '../support/browser.mjs';
import { slug, SYNTHETIC_FOOTPRINT, SYNTHETIC_PATHS } from '../support/pages.mjs';
import { startServer } from '../support/server.mjs';

describe('the reviewer reads the synthetic footprint', () => {
  let app;
  let browser;
  let context;
  let page;
  let takeFailedAssets;
  const url = (path) => new URL(path, app.baseUrl).href;

  before(async () => {
    app = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    takeFailedAssets = watchFailedAssets(page);
    await signIn(page, app.baseUrl, 'reviewer');
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  async function visit(path) {
    takeFailedAssets();
    const response = await page.goto(url(path));
    assert.equal(response?.status(), 200, `reviewer GET ${path} (ended at ${page.url()})`);
    const h1 = page.locator('h1').first();
    assert.ok(await h1.isVisible(), `${path}: no visible <h1>`);
    await screenshot(page, `reviewer-synthetic-${slug(path)}`);
    await checkAccessibility(page, `reviewer ${path}`);
    assert.deepEqual(takeFailedAssets(), [], `${path}: some assets failed to load, were blocked or reported errors`);
  }

  /** The first link on the page whose path matches `pattern`. */
  async function firstLink(pattern) {
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const found = hrefs.find((href) => pattern.test(href));
    assert.ok(found, `no link matching ${pattern} on ${page.url()}`);
    return found;
  }

  for (const path of SYNTHETIC_PATHS) {
    it(`${path} answers 200, shows an h1, loads its assets and passes axe`, async () => {
      await visit(path);
      if (path !== '/national') {
        assert.match(await page.locator('body').innerText(), /not real NHS data/, `${path}: the synthetic banner`);
      }
    });
  }

  it('an organisation page of the synthetic footprint passes axe', async () => {
    await page.goto(url(`/organisations?footprint=${SYNTHETIC_FOOTPRINT}`));
    const org = await firstLink(/^\/organisations\/Z[^/?]*/);
    await visit(org);
    assert.match(await page.locator('h1').first().innerText(), /synthetic/);
  });

  it('a generated approved return shows its sections and decision history, and passes axe', async () => {
    // An acute trust's second-quarter return: the quarter its DMA is scored.
    await page.goto(url(`/organisations?footprint=${SYNTHETIC_FOOTPRINT}`));
    const org = (await firstLink(/^\/organisations\/Z[^/?]*/)).split('/')[2].split('?')[0];
    const path = `/returns/2016-17-q2/${org}`;
    await visit(path);
    const text = await page.locator('main').innerText();
    assert.match(text, /Approved/);
    assert.match(text, /Decision history/);
    assert.match(text, /Submitted/);
    assert.match(text, /Synthetic return made by ldr generate/, 'the commentary section');
  });
});
