// The participatory-budget journey: a resident builds a ballot (running total, a
// project that no longer fits, remove), confirms it and gets a receipt; staff close
// voting and publish; anyone reads the results with their charts and checks the
// receipt. JavaScript on and off; axe-core on every page touched.
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

async function journey(javaScript) {
  const label = `budgets-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    // 1. Ken opens the budget from the process page.
    const { page: ken } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(ken, server.url, 'ken@demo.yoriai.example', PASSWORD, javaScript);
    await ken.goto(`${server.url}/processes/ideas-2026`);
    await ready(ken);
    await ken.click('a:has-text("Citizens\' budget 2026")');
    await ken.waitForURL(/\/budgets\/\d+$/);
    await ready(ken);
    const budgetUrl = ken.url();
    await expectText(ken, '#ballot', /Your ballot is empty/);
    await checked(ken, 'budget page (empty ballot)');

    // 2. He adds three projects; the running total follows; a fourth no longer fits.
    const card = (title) => ken.locator('#projects li.card', { hasText: title });
    for (const [title, total] of [
      ['Library open until 8 pm', '¥900,000 of ¥5,000,000 used'],
      ['Free Wi-Fi in community halls', '¥1,500,000 of ¥5,000,000 used'],
      ['30 street lights on school routes', '¥3,900,000 of ¥5,000,000 used'],
    ]) {
      await card(title).locator('button:has-text("Add to my ballot")').click();
      // A locator wait survives the no-JavaScript form's navigation; a page function
      // started in the old document can miss the new one.
      await ken.locator('.ballot-total', { hasText: total }).waitFor();
      await ready(ken);
    }
    assert.match(await card('More benches in Tsuruga Castle park').textContent(), /does not fit in what is left/);
    assert.equal(await card('More benches in Tsuruga Castle park').locator('button').count(), 0);
    await checked(ken, 'budget page (ballot filled)');
    await screenshot(ken, `${label}-01-ballot`);

    // 3. He removes the Wi-Fi from the ballot box, then confirms.
    await ken.locator('.ballot-lines li', { hasText: 'Free Wi-Fi' }).locator('button').click();
    await ken.locator('.ballot-total', { hasText: '¥3,300,000 of' }).waitFor();
    await ready(ken);
    await ken.click('#ballot button:has-text("Confirm my vote")');
    await ken.waitForSelector('.receipt-code code');
    const receipt = (await ken.textContent('.receipt-code code')).trim();
    assert.match(receipt, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await expectText(ken, '#ballot', /Confirmed: your ballot will be counted/);
    await ready(ken);
    await checked(ken, 'budget page (confirmed, receipt)');
    await screenshot(ken, `${label}-02-receipt`);
    noProblems(ken, 'budget page');

    // 4. Staff close voting, check the computed results, publish.
    const { page: admin } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(admin, server.url, 'admin@demo.yoriai.example', PASSWORD, javaScript);
    await admin.goto(budgetUrl);
    await ready(admin);
    await admin.click('a:has-text("Manage this budget")');
    await admin.waitForURL(/\/admin\/budgets\/\d+/);
    await ready(admin);
    await checked(admin, 'admin budget page');
    await admin.click('#lifecycle button:has-text("Close voting and count")');
    await admin.waitForSelector('.notice:has-text("Voting is closed and the results are computed")');
    await ready(admin);
    await admin.click('a:has-text("See the results")');
    await admin.waitForURL(/\/results/);
    await ready(admin);
    await expectText(admin, 'main', /These results are not published yet/);
    await admin.click('button:has-text("Publish the results")');
    await admin.waitForSelector('.notice:has-text("The results are published")');
    noProblems(admin, 'admin pages');

    // 5. Anyone reads the results and checks Ken's receipt.
    const { page: visitor } = await newPage(browser, { javaScript, locale: 'en-US' });
    await visitor.goto(`${budgetUrl}/results`);
    await ready(visitor);
    assert.equal(await visitor.locator('.chart-box svg[role=img]').count() >= 2, true, 'charts are drawn');
    await expectText(visitor, 'main', /ballots were counted/);
    await expectText(visitor, '.results-table', /30 street lights on school routes/);
    await checked(visitor, 'results page');
    await screenshot(visitor, `${label}-03-results`);
    await visitor.fill('#receipt-form-receipt', receipt.toLowerCase());
    await visitor.click('#receipt-form button[type=submit]');
    await visitor.waitForSelector('#receipt .notice:has-text("Yes: your ballot is counted.")');
    await expectText(visitor, '#receipt .notice', /Library open until 8 pm/);
    await ready(visitor);
    await checked(visitor, 'results page with receipt check');
    noProblems(visitor, 'results page');
    // A wrong code is refused with a clear message (the 422 is expected).
    await visitor.fill('#receipt-form-receipt', 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await visitor.click('#receipt-form button[type=submit]');
    await visitor.waitForSelector('.error-summary:has-text("No counted ballot has this receipt code")');
    await screenshot(visitor, `${label}-04-receipt-check`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('participatory budget with JavaScript', async () => { await journey(true); });
test('participatory budget without JavaScript', async () => { await journey(false); });
