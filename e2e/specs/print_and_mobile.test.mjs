// Every page prints and works on a phone (issue 7, defects 12 and 13).
// Printing: no link addresses expanded inside tables, the shading kept, the controls hidden,
// and the dashboard on a few A4 landscape pages. At 390 px wide: no page wider than the
// screen (wide tables scroll in their own focusable region), chart text at least 12 px,
// screenshots kept in e2e/screenshots/mobile-*.png, and axe still clean.
//
// Run with: cargo build --bin ldr && bash scripts/e2e.sh --test-name-pattern='Printing and phones'

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkAccessibility, launchBrowser, newContext, screenshot, screenshotDir, signIn } from '../support/browser.mjs';
import { pathsFor, slug, USERS } from '../support/pages.mjs';
import { startServer } from '../support/server.mjs';

const PHONE = { width: 390, height: 844 };
const PRINTED = ['/', '/organisations/RTE', '/dma', '/returns/2016-17-q1/RTE'];
/**
 * Measured: 6 A4 portrait pages before the print stylesheet (the heatmap cut to one
 * organisation's column by expanded links), 5 A4 landscape pages after, every column shown;
 * 6 since issue 11 added the computed statuses and exceptions, each aim's trend and the
 * organisations' figure (two more columns), and each DMA theme's trend.
 */
const MAX_DASHBOARD_PAGES = 6;
const MIN_CHART_TEXT_PX = 12;

/** What the print stylesheet must have done to the page on screen now (print media emulated). */
function printProblems() {
  const problems = [];
  for (const a of document.querySelectorAll('table a[href]')) {
    const after = getComputedStyle(a, '::after').content;
    if (after && after !== 'none' && after !== 'normal' && after !== '""') {
      problems.push(`a link in a table prints its address: ${a.getAttribute('href')} ::after ${after}`);
    }
  }
  const controls = '.ldr-period-selector, button, .nhsuk-button, .nhsuk-skip-link, .nhsuk-header__navigation, .nhsuk-header__account';
  for (const el of document.querySelectorAll(controls)) {
    if (el.getClientRects().length > 0) {
      problems.push(`a control prints: ${el.outerHTML.slice(0, 80)}`);
    }
  }
  for (const td of document.querySelectorAll('.ldr-heatmap td[class*="ldr-cmp--"]:not(.ldr-cmp--none)')) {
    const style = getComputedStyle(td);
    const adjust = style.printColorAdjust ?? style.webkitPrintColorAdjust;
    if (style.backgroundColor === 'rgba(0, 0, 0, 0)' || adjust !== 'exact') {
      problems.push(`a heatmap cell loses its shading: ${style.backgroundColor} ${adjust} ${td.textContent.trim()}`);
      break;
    }
  }
  return problems;
}

/** What is wrong with the page at a phone's width. */
function phoneProblems(minTextPx) {
  const problems = [];
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth) {
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.ldr-table-scroll, .ldr-chart'))
      .slice(0, 3)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right ${Math.round(el.getBoundingClientRect().right)}`);
    problems.push(`the page is ${width} px wide: ${wide.join('; ')}`);
  }
  for (const region of document.querySelectorAll('.ldr-table-scroll')) {
    if (region.scrollWidth > region.clientWidth && !(region.tabIndex === 0 && region.getAttribute('role') === 'region' && region.getAttribute('aria-label'))) {
      problems.push(`a scrolling table cannot be reached by keyboard: ${region.outerHTML.slice(0, 80)}`);
    }
  }
  for (const table of document.querySelectorAll('main table')) {
    if (!table.closest('.ldr-table-scroll') && table.getBoundingClientRect().right > window.innerWidth) {
      problems.push(`a table runs off the screen: ${table.querySelector('caption')?.textContent}`);
    }
  }
  for (const svg of document.querySelectorAll('.ldr-chart svg')) {
    const box = svg.viewBox.baseVal;
    const units = box && box.width ? box.width : svg.width.baseVal.value;
    const scale = svg.getBoundingClientRect().width / units;
    for (const text of svg.querySelectorAll('text')) {
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < minTextPx) {
        problems.push(`chart text "${text.textContent.trim()}" is ${px.toFixed(1)} px`);
        break;
      }
    }
  }
  return problems;
}

describe('Printing and phones', () => {
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

  describe('printing', () => {
    let context;
    let page;
    before(async () => {
      context = await newContext(browser);
      page = await context.newPage();
      await signIn(page, app.baseUrl, 'pmo');
      await page.emulateMedia({ media: 'print' });
    });
    after(async () => context?.close());

    for (const path of PRINTED) {
      it(`${path} prints without link addresses in tables or controls, and keeps its shading`, async () => {
        const response = await page.goto(url(path));
        assert.equal(response?.status(), 200);
        const problems = await page.evaluate(printProblems);
        assert.deepEqual(problems.slice(0, 5), [], `printing ${path}: ${problems.length} problems`);
      });
    }

    it('the dashboard prints on a few A4 landscape pages', async () => {
      await page.goto(url('/'));
      const file = join(screenshotDir, 'print-dashboard.pdf');
      await page.pdf({ path: file, preferCSSPageSize: true, format: 'A4' });
      const pages = pdfPageCount(file);
      assert.ok(pages <= MAX_DASHBOARD_PAGES, `the dashboard prints on ${pages} pages (at most ${MAX_DASHBOARD_PAGES} wanted)`);
    });
  });

  describe('at 390 px wide', () => {
    const checkedOnce = new Set();
    for (const user of USERS) {
      describe(`signed in as ${user}`, () => {
        let context;
        let page;
        before(async () => {
          context = await newContext(browser, { viewport: PHONE });
          page = await context.newPage();
          await signIn(page, app.baseUrl, user);
        });
        after(async () => context?.close());

        it('no page is wider than the screen and chart text is at least 12 px', async () => {
          const failures = [];
          for (const path of pathsFor(user)) {
            const response = await page.goto(url(path));
            assert.equal(response?.status(), 200, `${user} GET ${path}`);
            const problems = await page.evaluate(phoneProblems, MIN_CHART_TEXT_PX);
            if (problems.length > 0) failures.push(`${path}:\n    ${problems.slice(0, 4).join('\n    ')}`);
            // The pages differ little between roles: screenshots and axe once per page, and the
            // dashboard (whose tasks differ) for everybody.
            const key = path === '/' ? `${user} ${path}` : path;
            if (checkedOnce.has(key)) continue;
            checkedOnce.add(key);
            await screenshot(page, `mobile-${user}-${slug(path)}`);
            await checkAccessibility(page, `${user} ${path} at 390 px`);
          }
          assert.deepEqual(failures, [], `${user} at 390 px:\n  ${failures.join('\n  ')}`);
        });
      });
    }
  });
});

/** Pages in a PDF: pdfinfo (poppler-utils) when installed, else count the page objects. */
function pdfPageCount(file) {
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  } catch {
    return (readFileSync(file, 'latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  }
}
