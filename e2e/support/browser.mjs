// Browser helpers: Debian Chromium driven by playwright-core, and axe-core checks.
// Never run `npx playwright install`: the tests use the system browser at /usr/bin/chromium.

import assert from 'node:assert/strict';
import { base32Decode, codeForStep, currentStep } from './totp.mjs';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from './server.mjs';

const e2eDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const screenshotDir = join(e2eDir, 'screenshots');

export const CHROMIUM = process.env.LDR_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** Every request (from any context made by newContext) that tried to reach another host. */
export const outsideRequests = [];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A browser context in which every request to a host other than 127.0.0.1/localhost
 * is aborted and recorded in `outsideRequests`, so a test can assert that none happened.
 * `options` go to browser.newContext (for example { javaScriptEnabled: false }).
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  await context.route(
    (url) => !LOCAL_HOSTS.has(url.hostname),
    (route) => {
      const request = route.request();
      outsideRequests.push({
        url: request.url(),
        resourceType: request.resourceType(),
        from: request.frame()?.url() ?? '(no frame)',
      });
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

/**
 * Collects what went wrong loading a page's own assets: responses with status >= 400 and
 * failed requests for anything but the page itself (stylesheets, scripts, images, fonts...),
 * anything the Content-Security-Policy refused (Chromium reports it on the console), any
 * other console error (a favicon that is missing, an NHS.UK component that did not start:
 * style/ldr.js reports those with console.error) and any uncaught script error.
 * Returns a function that reports (and clears) what was collected.
 */
export function watchFailedAssets(page) {
  const failed = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest()) return;
    if (response.status() >= 400) failed.push(`${response.status()} ${request.method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.isNavigationRequest()) return;
    // ERR_ABORTED is the browser dropping an in-flight request because the page navigated away.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    failed.push(`failed (${request.failure()?.errorText}) ${request.method()} ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/Content Security Policy/i.test(text)) {
      failed.push(`CSP: ${text}`);
      return;
    }
    const source = message.location()?.url ?? '';
    // Chromium also logs "Failed to load resource" for the page itself when it answers 404;
    // that status is the test's business, not an asset failure.
    if (/^Failed to load resource/.test(text) && source === page.url()) return;
    failed.push(`console error: ${text}${source ? ` (${source})` : ''}`);
  });
  page.on('pageerror', (error) => failed.push(`uncaught script error: ${error.message}`));
  return () => failed.splice(0, failed.length);
}

/**
 * Every <link href> of the current page (stylesheets, icons, manifest) fetched with the
 * page's cookies; returns "<status> <url>" for each that does not answer 200. Browsers fetch
 * icons lazily and outside the page's request events, so a missing favicon is checked here.
 * A URL that answered 200 once is not fetched again (the same files are on every page).
 */
const linkedFilesOk = new Set();
export async function brokenLinkedFiles(page) {
  const hrefs = await page.locator('link[href]').evaluateAll((links) => [...new Set(links.map((l) => l.href))]);
  const results = await Promise.all(
    hrefs
      .filter((href) => !linkedFilesOk.has(href))
      .map(async (href) => {
        if (!LOCAL_HOSTS.has(new URL(href).hostname)) {
          return `another host: ${href}`; // never fetched: no request may leave 127.0.0.1
        }
        const response = await page.request.get(href, { maxRedirects: 0 });
        const status = response.status();
        await response.dispose();
        if (status !== 200) return `${status} ${href}`;
        linkedFilesOk.add(href);
        return null;
      }),
  );
  return results.filter((r) => r !== null);
}

/**
 * What this test process knows of each account's authenticator, per server: the key read
 * from the set-up page, the last code step used (a code works once), and the recovery codes
 * shown at set-up (used when two sign-ins fall in the same 30-second window).
 */
const authenticators = new Map();

/** Signs in through the login form (and the security-code step for the PMO and Steering
 * Group, setting up the authenticator the first time) and waits until the browser is on `/`. */
export async function signIn(page, baseUrl, username, password = DEMO_PASSWORD) {
  const response = await page.goto(new URL('/login', baseUrl).href);
  assert.equal(response?.status(), 200, `GET /login should answer 200`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  try {
    await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/login/code', { timeout: 15_000 });
    if (new URL(page.url()).pathname === '/login/code') {
      await enterSecurityCode(page, `${baseUrl}|${username}`);
    }
    await page.waitForURL((url) => url.pathname === '/', { timeout: 15_000 });
  } catch (err) {
    const summary = await page
      .locator('.nhsuk-error-summary')
      .innerText({ timeout: 1_000 })
      .catch(() => '(no .nhsuk-error-summary on the page)');
    throw new Error(`signing in as ${username} did not reach / (now at ${page.url()}): ${summary}`, { cause: err });
  }
}

async function enterSecurityCode(page, key) {
  const settingUp = (await page.locator('#totp-key').count()) > 0;
  if (settingUp) {
    const secret = base32Decode(await page.locator('#totp-key').innerText());
    authenticators.set(key, { secret, lastStep: 0, recovery: [] });
    await checkAccessibility(page, 'authenticator set-up');
  }
  const auth = authenticators.get(key);
  assert.ok(auth, `no authenticator set up in this test run for ${key}`);
  const step = Math.max(currentStep(), auth.lastStep + 1);
  let code;
  if (step <= currentStep() + 1) {
    code = codeForStep(auth.secret, step);
    auth.lastStep = step;
  } else {
    code = auth.recovery.pop();
    assert.ok(code, `no recovery code left for ${key}`);
  }
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  if (settingUp) {
    await page.locator('#recovery-codes').waitFor();
    auth.recovery = (await page.locator('#recovery-codes code').allInnerTexts()).map((c) => c.trim());
    await checkAccessibility(page, 'recovery codes');
    await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
  }
}

/** Runs axe with the WCAG 2.2 AA tag set; throws listing every violation. Returns the axe results. */
export async function checkAccessibility(page, label) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  if (results.violations.length > 0) {
    const lines = results.violations.map((v) => {
      const targets = v.nodes.map((n) => `      - ${n.target.join(' ')}${n.failureSummary ? `: ${oneLine(n.failureSummary)}` : ''}`);
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${targets.join('\n')}`;
    });
    throw new Error(
      `${label}: ${results.violations.length} accessibility violation(s) at ${page.url()}\n${lines.join('\n')}`,
    );
  }
  return results;
}

/** Full-page PNG into e2e/screenshots/<name>.png (the folder is gitignored). */
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim();
}
