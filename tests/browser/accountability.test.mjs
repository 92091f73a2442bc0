// Closing the loop: the council secretary publishes a decision on a proposal, the
// proposal page shows it, department staff record a result and a progress update, and
// the dashboard reflects it. JavaScript on and off; axe-core on every page touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectText, startServer, launchBrowser, newPage, waitForHydration, axe, describeViolations, screenshot, signIn } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

async function checked(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

function noProblems(page, name) {
  assert.deepEqual(page.problems, [], `console errors on ${name}`);
}

/** The "In progress" count in the dashboard's results table. */
async function inProgress(page) {
  const row = page.locator('section[aria-labelledby=dash-results-h] table tr', { hasText: 'In progress' });
  return Number((await row.locator('td').textContent()).replace(/,/g, ''));
}

async function journey(javaScript) {
  const label = `accountability-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    // 0. A proposal of the current process, and the dashboard before.
    const { page: visitor } = await newPage(browser, { javaScript, locale: 'en-US' });
    await visitor.goto(`${server.url}/processes/ideas-2026/proposals`);
    const href = await visitor.locator('a[href^="/proposals/"]').first().getAttribute('href');
    const proposalId = href.match(/\/proposals\/(\d+)/)[1];
    await visitor.goto(`${server.url}/dashboard`);
    await ready(visitor);
    const before = await inProgress(visitor);
    await checked(visitor, 'dashboard');
    await screenshot(visitor, `${label}-01-dashboard`);

    // 1. The secretary publishes a decision on it.
    const { page: sec } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(sec, server.url, 'secretary@demo.yoriai.example', PASSWORD, javaScript);
    await sec.goto(`${server.url}/decisions/new?proposal=${proposalId}`);
    await ready(sec);
    await checked(sec, 'new decision form');
    await sec.fill('#decision-form-body-name', '会津若松市議会 総務委員会');
    await sec.fill('#decision-form-decided-on', '2026-11-20');
    await sec.fill('#decision-form-title-ja', '放課後の居場所づくりに関する請願');
    await sec.fill('#decision-form-title-en', 'Petition on after-school places');
    await sec.selectOption('#decision-form-outcome', 'approved');
    await sec.fill('#decision-form-votes-for', '13');
    await sec.fill('#decision-form-votes-against', '2');
    assert.equal(await sec.inputValue('#decision-form-proposal-ids'), proposalId);
    await sec.click('#decision-form button[type=submit]');
    await sec.waitForURL(/\/decisions\/\d+/);
    await sec.waitForSelector('.notice:has-text("The decision has been published")');
    await ready(sec);
    await expectText(sec, 'main', /Petition on after-school places/);
    await expectText(sec, 'table.votes', /13/);
    // The edit form on the page holds what was saved.
    assert.equal(await sec.inputValue('#decision-form-title-en'), 'Petition on after-school places');
    assert.equal(await sec.inputValue('#decision-form-votes-for'), '13');
    assert.equal(await sec.inputValue('#decision-form-proposal-ids'), proposalId);
    await checked(sec, 'decision page');
    await screenshot(sec, `${label}-02-decision`);
    noProblems(sec, 'decision pages');

    // 2. The proposal page says what happened.
    await visitor.goto(`${server.url}/proposals/${proposalId}`);
    await ready(visitor);
    await expectText(visitor, '#outcomes', /Petition on after-school places/);
    await expectText(visitor, '#outcomes', /Approved/);
    await checked(visitor, 'proposal page with its decision');

    // 3. Staff record the work and post a progress update.
    const { page: staff } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(staff, server.url, 'staff@demo.yoriai.example', PASSWORD, javaScript);
    await staff.goto(`${server.url}/results/new?proposal=${proposalId}`);
    await ready(staff);
    await staff.fill('#result-form-title-ja', '放課後の居場所の開設');
    await staff.fill('#result-form-title-en', 'Opening after-school places');
    await staff.selectOption('#result-form-status', 'in_progress');
    await staff.click('#result-form button[type=submit]');
    await staff.waitForURL(/\/results\/\d+/);
    await staff.waitForSelector('.notice:has-text("The result has been saved")');
    await ready(staff);
    await staff.fill('#update-body', '北地区の空き家1軒を改修し、開設しました。');
    await staff.fill('#update-progress', '60');
    await staff.click('#update button[type=submit]');
    await staff.waitForSelector('.notice:has-text("The progress update has been posted")');
    await ready(staff);
    await expectText(staff, '#timeline', /北地区の空き家1軒を改修し/);
    assert.equal(await staff.getAttribute('article.result progress', 'value'), '60');
    assert.equal(await staff.inputValue('#result-form-title-en'), 'Opening after-school places');
    assert.equal(await staff.inputValue('#result-form-progress'), '60');
    assert.equal(await staff.inputValue('#result-form-proposal-ids'), proposalId);
    await checked(staff, 'result page');
    await screenshot(staff, `${label}-03-result`);
    noProblems(staff, 'result pages');

    // 4. The proposal shows the progress; the dashboard counts the new result.
    await visitor.goto(`${server.url}/proposals/${proposalId}`);
    await ready(visitor);
    await expectText(visitor, '#outcomes', /Opening after-school places/);
    await expectText(visitor, '#outcomes', /60%/);
    await screenshot(visitor, `${label}-04-proposal`);
    await visitor.goto(`${server.url}/dashboard`);
    await ready(visitor);
    assert.equal(await inProgress(visitor), before + 1);
    assert.ok(await visitor.locator('.chart-box svg[role=img]').count() >= 3, 'charts are drawn');
    await expectText(visitor, '#kpis', /Share of proposals answered/);
    await checked(visitor, 'dashboard after');
    noProblems(visitor, 'public pages');
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('decision, result and dashboard with JavaScript', async () => { await journey(true); });
test('decision, result and dashboard without JavaScript', async () => { await journey(false); });
