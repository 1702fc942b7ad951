// The quarterly-return chain in Debian Chromium, driven through the pages as people use them:
// the PMO opens 2016/17 Q2, the CIO of Gloucestershire Hospitals (RTE) starts the return,
// fills and completes every section (meeting the validation error summary once on the way;
// adding a deployment with an impossible date, then removing another),
// and submits it; the Steering Group sees the change against the last approved figures and
// approves it; the approved score then shows on the organisation page with a link to the
// revision it came from, and the audit log lists the return's changes. A reviewer reads the
// return without any of the workflow's buttons. Every page on the way passes axe-core
// (WCAG 2.2 A/AA), loads its assets and gets a full-page screenshot.
//
// This file starts its own server on a fresh database (support/server.mjs), so it does not
// depend on what the other spec files do. The steps build on each other: a step whose earlier
// step failed is skipped, and says which one.
//
// Run with scripts/e2e.sh --test-name-pattern='quarterly return' (or the whole suite).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkAccessibility,
  launchBrowser,
  newContext,
  outsideRequests,
  screenshot,
  signIn,
  watchFailedAssets,
} from '../support/browser.mjs';
import { startServer } from '../support/server.mjs';

const PERIOD = '2016-17-q2';
const PERIOD_LABEL = '2016/17 Q2';
const ORG = 'RTE';
const RETURN_PATH = `/returns/${PERIOD}/${ORG}`;
const REVISION_PATH = `${RETURN_PATH}/revisions/1`;
const RECORDS = 'Records, Assessments & Plans';

/** Every section of an organisation's return, in task-list order, with its form's slug. */
const SECTIONS = [
  { title: 'Digital maturity scores', slug: 'dma' },
  { title: 'Capability trajectory', slug: 'trajectory' },
  { title: 'Universal capability aims', slug: 'aims' },
  { title: 'Capability deployments', slug: 'deployments' },
  { title: 'Other measures', slug: 'measures' },
  { title: 'Commentary for the Steering Group', slug: 'commentary' },
];

const COMMENTARY = 'Records scores rose after the new assessment tool went live across the trust.';

/** '/returns/2016-17-q2/RTE' -> 'returns-2016-17-q2-RTE' */
const slug = (path) => path.replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9.]+/g, '-') || 'dashboard';
const pathOf = (page) => new URL(page.url()).pathname;

/**
 * Clicks something that submits a form or follows a link, and waits for the new document to
 * load. Returns the main document's response (its status tells a refused form from a saved one).
 */
async function clickAndLoad(page, locator) {
  const response = page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().frame() === page.mainFrame());
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await locator.click();
  await navigated;
  await page.waitForLoadState('load');
  // A POST that redirects answers 303 first; the final response is the page shown.
  let r = await response;
  while (r.request().redirectedTo()) {
    r = (await r.request().redirectedTo().response()) ?? r;
  }
  return r;
}

/** Visible text of the table rows that contain `text` (cells separated by tabs). */
async function rowTexts(page, text) {
  const rows = await page.locator('tr').allInnerTexts();
  return rows.filter((t) => (typeof text === 'string' ? t.includes(text) : text.test(t)));
}

/** The status tag of a section in the return's task list. */
function sectionStatus(page, title) {
  return page
    .locator('.nhsuk-task-list__item')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) })
    .locator('.nhsuk-task-list__status');
}

describe('quarterly return chain (2016/17 Q2, RTE) in Chromium', () => {
  let app;
  let browser;
  const url = (path) => new URL(path, app.baseUrl).href;
  const contexts = [];
  /** Steps that passed, by name: a later step that needs one that did not is skipped. */
  const passed = new Set();

  /** A signed-in page in a fresh browser context, with its failed assets watched. */
  async function signedInPage(user) {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    const takeFailedAssets = watchFailedAssets(page);
    await signIn(page, app.baseUrl, user);
    takeFailedAssets();
    return { page, takeFailedAssets };
  }

  /**
   * What every page of the flow must pass: no redirect away from `path` (when given), a
   * visible h1, a screenshot, axe (WCAG 2.2 A/AA) and no failed, blocked or erroring assets.
   */
  async function checkPage(page, takeFailedAssets, user, what, { path, shot } = {}) {
    if (path) assert.equal(pathOf(page), path, `${user} ${what}: ended at ${page.url()}`);
    const h1 = page.locator('h1').first();
    await h1.waitFor({ state: 'visible', timeout: 5_000 });
    await screenshot(page, `${user}-${shot ?? slug(pathOf(page))}`);
    await checkAccessibility(page, `${user} ${what}`);
    assert.deepEqual(takeFailedAssets(), [], `${user} ${what}: some assets failed to load, were blocked or reported errors`);
  }

  function step(name, needs, fn) {
    it(name, async (t) => {
      const missing = needs.filter((n) => !passed.has(n));
      if (missing.length > 0) {
        t.skip(`needs an earlier step that did not pass: ${missing.join('; ')}`);
        return;
      }
      await fn(t);
      passed.add(name);
    });
  }

  before(async () => {
    app = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await app?.stop();
  });

  const OPENED = 'pmo opens 2016/17 Q2 for returns on /periods';
  step(OPENED, [], async () => {
    const { page, takeFailedAssets } = await signedInPage('pmo');
    const response = await page.goto(url('/periods'));
    assert.equal(response?.status(), 200, 'GET /periods');
    await checkPage(page, takeFailedAssets, 'pmo', '/periods before opening', { path: '/periods', shot: 'periods-before-opening' });

    await page.getByLabel('Quarter', { exact: true }).selectOption(PERIOD);
    await page.getByLabel('Day', { exact: true }).fill('31');
    await page.getByLabel('Month', { exact: true }).fill('12');
    await page.getByLabel('Year', { exact: true }).fill('2030');
    const opened = await clickAndLoad(page, page.getByRole('button', { name: 'Open quarter', exact: true }));
    const errors = await page.locator('.nhsuk-error-summary').allInnerTexts();
    assert.deepEqual(errors, [], `opening ${PERIOD_LABEL} was refused`);
    assert.equal(opened.status(), 200, `after opening, /periods answered ${opened.status()}`);

    const quarter = page.locator('.nhsuk-summary-list__row').filter({ has: page.locator('dt', { hasText: /^Quarter$/ }) });
    assert.equal((await quarter.locator('dd').innerText()).trim(), PERIOD_LABEL, 'the open quarter');
    const deadline = page.locator('.nhsuk-summary-list__row').filter({ has: page.locator('dt', { hasText: /^Deadline$/ }) });
    assert.match(await deadline.locator('dd').innerText(), /31 December 2030/);
    await checkPage(page, takeFailedAssets, 'pmo', '/periods with 2016/17 Q2 open', { path: '/periods', shot: 'periods-q2-open' });
  });

  const SUBMITTED = 'cio.ghft starts, completes every section of and submits the RTE return';
  step(SUBMITTED, [OPENED], async () => {
    const user = 'cio.ghft';
    const { page, takeFailedAssets } = await signedInPage(user);
    const check = (what, options) => checkPage(page, takeFailedAssets, user, what, options);

    const list = await page.goto(url('/returns'));
    assert.equal(list?.status(), 200, 'GET /returns');
    await check('/returns', { path: '/returns', shot: 'returns-not-started' });

    await clickAndLoad(page, page.locator(`a[href="${RETURN_PATH}"]`));
    await check('the return before it is started', { path: RETURN_PATH, shot: `${slug(RETURN_PATH)}-not-started` });

    await clickAndLoad(page, page.getByRole('button', { name: 'Start this return', exact: true }));
    assert.equal(pathOf(page), RETURN_PATH, 'starting the return should come back to it');
    await page.locator('.nhsuk-task-list').waitFor({ state: 'visible', timeout: 5_000 });
    const titles = (await page.locator('.nhsuk-task-list .nhsuk-task-list__link').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(titles, SECTIONS.map((s) => s.title), 'the sections in the task list');
    await check('the started return', { path: RETURN_PATH, shot: `${slug(RETURN_PATH)}-started` });

    for (const section of SECTIONS) {
      const formPath = `${RETURN_PATH}/sections/${section.slug}`;
      await clickAndLoad(page, page.getByRole('link', { name: section.title, exact: true }));
      await check(`${section.title} form`, { path: formPath });

      await fillEmpty(page);

      if (section.slug === 'dma') {
        const records = page.getByLabel(RECORDS, { exact: true });
        assert.equal(await records.inputValue(), '12', `${RECORDS} should start from the last approved score`);

        // A score off the scale: the form comes back with the NHS error summary and what was typed.
        await records.fill('150');
        await page.locator('#completed').check();
        const refused = await clickAndLoad(page, page.getByRole('button', { name: 'Save and continue', exact: true }));
        assert.equal(refused.status(), 422, 'saving a score of 150 should be refused');
        const summary = page.locator('.nhsuk-error-summary');
        await summary.waitFor({ state: 'visible', timeout: 5_000 });
        const link = summary.getByRole('link').filter({ hasText: 'must be a whole step from 0 to 100' });
        assert.equal(await link.count(), 1, `error summary: ${await summary.innerText()}`);
        assert.equal(await page.getByLabel(RECORDS, { exact: true }).inputValue(), '150', 'the refused form should keep what was typed');
        await check('Digital maturity scores form with an error', { path: formPath, shot: `${slug(formPath)}-error` });

        await page.getByLabel(RECORDS, { exact: true }).fill('31');
      }
      if (section.slug === 'deployments') {
        await addAndRemoveDeployments(page, check, formPath);
      }
      if (section.slug === 'commentary') {
        await page.getByLabel('What should the Steering Group know about this quarter?').fill(COMMENTARY);
      }

      await page.locator('#completed').check();
      assert.equal(await page.getByLabel("Yes, I've completed this section").isChecked(), true);
      const saved = await clickAndLoad(page, page.getByRole('button', { name: 'Save and continue', exact: true }));
      const problems = await page.locator('.nhsuk-error-summary').allInnerTexts();
      assert.deepEqual(problems, [], `saving ${section.title} was refused (${saved.status()}) at ${page.url()}`);
      assert.equal(pathOf(page), RETURN_PATH, `after saving ${section.title}, back on the return`);
      assert.equal((await sectionStatus(page, section.title).innerText()).trim(), 'Completed', `${section.title} status`);
    }
    await check('the return with every section completed', { path: RETURN_PATH, shot: `${slug(RETURN_PATH)}-completed` });

    await clickAndLoad(page, page.getByRole('button', { name: 'Submit return', exact: true }));
    const problems = await page.locator('.nhsuk-error-summary').allInnerTexts();
    assert.deepEqual(problems, [], 'submitting the return was refused');
    assert.equal((await page.locator('#return-state').innerText()).trim(), 'Submitted');
    await check('the submitted return', { path: RETURN_PATH, shot: `${slug(RETURN_PATH)}-submitted` });
  });

  const APPROVED = 'steering finds the return waiting, sees Records 12 to 31 as a large rise, and approves it';
  let steering;
  step(APPROVED, [SUBMITTED], async () => {
    steering = await signedInPage('steering');
    const { page, takeFailedAssets } = steering;
    const check = (what, options) => checkPage(page, takeFailedAssets, 'steering', what, options);

    await page.goto(url('/returns'));
    await check('/returns with a return waiting', { path: '/returns', shot: 'returns-waiting' });
    const waiting = page.getByRole('heading', { name: 'Waiting for a decision', exact: true });
    await waiting.waitFor({ state: 'visible', timeout: 5_000 });
    // The queue is the table after the heading.
    const queue = page.locator('h2:text-is("Waiting for a decision") ~ * table, h2:text-is("Waiting for a decision") ~ table');
    const link = queue.locator(`a[href="${RETURN_PATH}"]`);
    assert.equal(await link.count(), 1, `the queue under "Waiting for a decision" should link to ${RETURN_PATH}`);
    const row = (await queue.locator('tr').allInnerTexts()).find((t) => t.includes('Gloucestershire'));
    assert.match(row ?? '', new RegExp(PERIOD_LABEL.replace('/', '\\/')), `queue row: ${row}`);

    await clickAndLoad(page, link);
    await check('the submitted return', { path: RETURN_PATH, shot: `${slug(RETURN_PATH)}-to-decide` });
    assert.equal((await page.locator('#return-state').innerText()).trim(), 'Submitted');
    await page.getByRole('heading', { name: 'Changes from the last approved figures' }).waitFor({ state: 'visible', timeout: 5_000 });
    const rows = await rowTexts(page, RECORDS);
    assert.ok(
      rows.some((t) => {
        const cells = t.split('\t').map((c) => c.trim());
        return cells.includes('12') && cells.includes('31') && cells.includes('+19') && cells.includes('Large rise');
      }),
      `no changes row for ${RECORDS} shows 12, 31, +19 and "Large rise"; rows seen:\n${rows.join('\n')}`,
    );

    await clickAndLoad(page, page.getByRole('button', { name: 'Approve return', exact: true }));
    const problems = await page.locator('.nhsuk-error-summary').allInnerTexts();
    assert.deepEqual(problems, [], 'approving the return was refused');
    assert.equal((await page.locator('#return-state').innerText()).trim(), 'Approved');
    await check('the approved return', { path: RETURN_PATH, shot: `${slug(RETURN_PATH)}-approved` });
  });

  const ORG_PAGE = `steering sees 31 on /organisations/${ORG} with a link to the approved revision`;
  step(ORG_PAGE, [APPROVED], async () => {
    const { page, takeFailedAssets } = steering;
    const check = (what, options) => checkPage(page, takeFailedAssets, 'steering', what, options);

    const response = await page.goto(url(`/organisations/${ORG}`));
    assert.equal(response?.status(), 200);
    await check(`/organisations/${ORG} after approval`, { path: `/organisations/${ORG}`, shot: `organisations-${ORG}-after-approval` });
    // The DMA table (scores against the peer group, with each score's source), not the trajectory table.
    const dma = page.getByRole('region', { name: 'Digital maturity by theme' }).locator('table');
    const caption = await dma.locator('caption').innerText();
    const row = dma.locator('tr').filter({ has: page.locator('th', { hasText: RECORDS }) });
    assert.equal(await row.count(), 1, `one row for ${RECORDS} in the DMA table "${caption}"`);
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
    assert.equal(cells[0], '31', `${RECORDS} score in "${caption}"; row: ${cells.join(' | ')}`);
    const source = row.locator('td').last().getByRole('link', { name: `Quarterly return ${PERIOD_LABEL}, revision 1` });
    assert.equal(await source.count(), 1, `the source cell should link to the revision; it reads: ${cells.at(-1)}`);
    assert.equal(await source.getAttribute('href'), REVISION_PATH);

    // The deployment added in the return shows with its delivery date in the NHS style; the
    // removed one is withdrawn from this quarter.
    const deployments = await rowTexts(page, NEW_DEPLOYMENT);
    assert.ok(deployments.some((t) => t.includes('Delivered 28 February 2017')), `deployment rows: ${deployments.join('\n')}`);
    assert.deepEqual(await rowTexts(page, REMOVED_DEPLOYMENT), [], 'the removed deployment is withdrawn at this quarter');

    await clickAndLoad(page, source);
    await check('the approved revision', { path: REVISION_PATH, shot: `${slug(REVISION_PATH)}` });
    assert.equal((await page.locator('#return-state').innerText()).trim(), 'Approved');
  });

  step('steering: the dashboard still renders after the approval', [APPROVED], async () => {
    const { page, takeFailedAssets } = steering;
    const response = await page.goto(url('/'));
    assert.equal(response?.status(), 200);
    await checkPage(page, takeFailedAssets, 'steering', 'dashboard after approval', { path: '/', shot: 'dashboard-after-approval' });
  });

  step('steering: /audit lists the return being started, saved, submitted and approved', [APPROVED], async () => {
    const { page, takeFailedAssets } = steering;
    const response = await page.goto(url('/audit'));
    assert.equal(response?.status(), 200);
    await checkPage(page, takeFailedAssets, 'steering', '/audit after approval', { path: '/audit', shot: 'audit-after-approval' });
    const rows = await rowTexts(page, `(${ORG})`);
    for (const action of ['Return started', 'Section saved', 'Return submitted', 'Return approved']) {
      assert.ok(
        rows.some((t) => t.includes(action) && t.includes(PERIOD_LABEL)),
        `no audit row for ${ORG} in ${PERIOD_LABEL} says "${action}"; rows for ${ORG}:\n${rows.join('\n')}`,
      );
    }
    // One save per section: the refused save wrote nothing.
    const saves = rows.filter((t) => t.includes('Section saved') && t.includes(PERIOD_LABEL));
    assert.equal(saves.length, SECTIONS.length + DEPLOYMENT_SAVES, `"Section saved" rows for ${ORG}:\n${saves.join('\n')}`);
  });

  step('reviewer reads the return without Start, Submit or Approve buttons', [OPENED], async () => {
    const { page, takeFailedAssets } = await signedInPage('reviewer');
    const response = await page.goto(url(RETURN_PATH));
    assert.equal(response?.status(), 200, `reviewer GET ${RETURN_PATH}`);
    await checkPage(page, takeFailedAssets, 'reviewer', 'the return', { path: RETURN_PATH });
    for (const name of ['Start this return', 'Submit return', 'Approve return', 'Return for changes', 'Start an amendment']) {
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, `the reviewer should not see "${name}"`);
    }
    assert.equal(await page.locator(`form[action^="${RETURN_PATH}/"]`).count(), 0, 'the reviewer should see no workflow form');
  });

  // Declared last, so it runs after every other test in this file.
  it('no page of the return chain asked a host other than 127.0.0.1', () => {
    assert.deepEqual(outsideRequests, [], 'requests to other hosts were attempted (and blocked)');
  });
});

/**
 * Fills what a section form leaves empty: every plan-, completeness- and measure- box with 60,
 * every RAG select with Amber.
 */
const NEW_DEPLOYMENT = 'Robotic pharmacy dispensing';
const REMOVED_DEPLOYMENT = 'e-PMA in paediatrics and oncology';
/** The deployments saved one by one on the way (an addition and a removal), each a section save. */
const DEPLOYMENT_SAVES = 2;

/**
 * On the deployments section: add a deployment through its own form (meeting the NHS date
 * input's error for 31 February once), then remove another, each row by its own button.
 */
async function addAndRemoveDeployments(page, check, listPath) {
  await clickAndLoad(page, page.getByRole('link', { name: 'Add a deployment', exact: true }));
  await check('the add a deployment form', { path: `${listPath}/new` });
  await page.getByLabel('Title', { exact: true }).fill(NEW_DEPLOYMENT);
  await page.getByLabel('Year it is due', { exact: true }).selectOption({ label: '2017/18' });
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Committed' });
  await page.getByLabel('Day', { exact: true }).fill('31');
  await page.getByLabel('Month', { exact: true }).fill('02');
  await page.getByLabel('Year', { exact: true }).fill('2017');
  const refused = await clickAndLoad(page, page.getByRole('button', { name: 'Add deployment', exact: true }));
  assert.equal(refused.status(), 422, '31 February should be refused');
  const summary = page.locator('.nhsuk-error-summary');
  assert.match(await summary.innerText(), /Date delivered must be a real date/);
  assert.equal(await page.getByLabel('Day', { exact: true }).inputValue(), '31', 'what was typed is kept');
  await check('the add a deployment form with an impossible date', { path: `${listPath}/new`, shot: `${slug(listPath)}-new-error` });
  await page.getByLabel('Day', { exact: true }).fill('28');
  await clickAndLoad(page, page.getByRole('button', { name: 'Add deployment', exact: true }));
  assert.equal(pathOf(page), listPath, 'adding a deployment comes back to the list');
  const added = await rowTexts(page, NEW_DEPLOYMENT);
  assert.ok(added.some((t) => t.includes('28 February 2017') && t.includes('2017/18')), `the new row: ${added.join('\n')}`);

  await clickAndLoad(page, page.getByRole('button', { name: `Remove ${REMOVED_DEPLOYMENT}`, exact: true }));
  assert.equal(pathOf(page), listPath, 'removing comes back to the list');
  const removed = await rowTexts(page, REMOVED_DEPLOYMENT);
  assert.ok(removed.some((t) => t.includes('Removed')), `the removed row: ${removed.join('\n')}`);
  assert.equal(await page.getByRole('button', { name: `Restore ${REMOVED_DEPLOYMENT}`, exact: true }).count(), 1);
  await check('the deployments with one added and one removed', { path: listPath, shot: `${slug(listPath)}-changed` });
}

async function fillEmpty(page) {
  const boxes = page.locator('input[type="text"][name^="plan-"], input[type="text"][name^="completeness-"], input[type="text"][name^="measure-"]');
  for (const box of await boxes.all()) {
    if ((await box.inputValue()).trim() === '') await box.fill('60');
  }
  for (const rag of await page.locator('select[name^="rag-"]').all()) {
    if ((await rag.inputValue()) === '') await rag.selectOption({ label: 'Amber' });
  }
}
