// The steering pack in Chromium (issue 12): the PMO generates a report and downloads its PDF
// and workbook, the Steering Group endorses it, the PMO makes a reviewer link, and a reviewer
// without an account opens the same report by that link. Every page passes axe, at 390 px too.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkAccessibility, launchBrowser, newContext, screenshot, signIn } from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

describe('the steering pack', () => {
  let app;
  let browser;
  const url = (path) => new URL(path, app.baseUrl).href;
  let reportPath;
  let linkUrl;

  before(async () => {
    app = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('the PMO generates a report, opens it and downloads its PDF and workbook', async () => {
    const context = await newContext(browser, { acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, app.baseUrl, 'pmo');
    await page.goto(url('/reports'));
    await checkAccessibility(page, '/reports (PMO)');
    await page.locator('#period').selectOption('2016-17-q1');
    await Promise.all([page.waitForURL(/\/reports\/\d+$/, { timeout: 60_000 }), page.getByRole('button', { name: 'Generate report' }).click()]);
    reportPath = new URL(page.url()).pathname;
    assert.match(await page.locator('h1').innerText(), /Gloucestershire \(GLOS\), 2016\/17 Q1/);
    assert.match(await page.locator('.ldr-report-footer').innerText(), /SHA-256 of the frozen facts: [0-9a-f]{64}/);
    await checkAccessibility(page, 'the report page');
    await screenshot(page, 'report-page');

    const pdf = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report (PDF)' }).click()]);
    assert.match(pdf[0].suggestedFilename(), /\.pdf$/);
    const xlsx = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the data (XLSX)' }).click()]);
    assert.match(xlsx[0].suggestedFilename(), /\.xlsx$/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url(reportPath));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the report fits 390 px (overflow ${overflow})`);
    await checkAccessibility(page, 'the report page at 390 px');
    await context.close();
  });

  it('the Steering Group endorses it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, 'steering');
    await page.goto(url('/reports'));
    await page.getByRole('button', { name: /^Endorse/ }).first().click();
    await page.waitForURL(/\/reports$/);
    assert.match(await page.locator('table').first().innerText(), /Endorsed/);
    await checkAccessibility(page, '/reports (Steering Group, endorsed)');
    await page.goto(url(reportPath));
    assert.match(await page.locator('.ldr-report-about').innerText(), /Endorsed by the Steering Group/);
    await context.close();
  });

  it('the PMO makes a reviewer link, and a refused date keeps what was typed', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signIn(page, app.baseUrl, 'pmo');
    await page.goto(url(`${reportPath}/links`));
    await checkAccessibility(page, 'reviewer links');
    await page.locator('#expires-day').fill('31');
    await page.locator('#expires-month').fill('2');
    await page.locator('#expires-year').fill('2099');
    await page.getByRole('button', { name: 'Make link' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await summary.innerText(), /must be a real date/);
    assert.equal(await page.locator('#expires-year').inputValue(), '2099');
    await checkAccessibility(page, 'reviewer links with errors');
    const soon = new Date(Date.now() + 14 * 24 * 3600 * 1000);
    await page.locator('#expires-day').fill(String(soon.getUTCDate()));
    await page.locator('#expires-month').fill(String(soon.getUTCMonth() + 1));
    await page.locator('#expires-year').fill(String(soon.getUTCFullYear()));
    await page.locator('#note').fill('NHS England regional reviewer');
    await page.getByRole('button', { name: 'Make link' }).click();
    await page.waitForURL(/\/links$/);
    linkUrl = (await page.locator('.ldr-link-url').first().innerText()).trim();
    assert.match(linkUrl, /\/shared\/\d+-/);
    await context.close();
  });

  it('a reviewer opens the report by the link without an account, and a forged link gets a clear page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const response = await page.goto(linkUrl);
    assert.equal(response?.status(), 200);
    assert.match(await page.locator('.ldr-report-notice').innerText(), /read only/);
    assert.match(await page.locator('.ldr-report-about').innerText(), /Endorsed by the Steering Group/);
    assert.equal(await page.getByRole('link', { name: 'Download the data (XLSX)' }).count(), 0, 'the link opens the report and its PDF only');
    await checkAccessibility(page, 'the report by a reviewer link');
    await screenshot(page, 'report-by-link');
    const forged = await page.goto(`${linkUrl}x`);
    assert.equal(forged?.status(), 404);
    assert.match(await page.locator('h1').innerText(), /This link is not valid/);
    await checkAccessibility(page, 'a forged link');
    await context.close();
  });
});
