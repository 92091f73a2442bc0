// The street-report journey: a resident reports a pothole by address (no map pin),
// answering the category's question; the roads department finds it in its inbox,
// acknowledges it with a template and marks it fixed; the resident is notified and
// reopens it. JavaScript on and off; axe-core on every page touched. Maps draw on a
// local blank tile, so nothing is fetched from the internet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectText, startServer, launchBrowser, newPage, waitForHydration, axe, describeViolations, screenshot, signIn } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

async function checked(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

async function journey(javaScript) {
  const label = `reports-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true, env: { YORIAI_MAP_TILES: '/assets/blank-tile.png', YORIAI_MAP_ATTRIBUTION: 'Test tiles' } });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    // 1. Ken reports a pothole by address.
    const { page: ken } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(ken, server.url, 'ken@demo.yoriai.example', PASSWORD, javaScript);
    await ken.goto(`${server.url}/reports`);
    await ready(ken);
    await checked(ken, 'report list');
    await ken.click('main a.button:has-text("Report a problem")');
    await ken.waitForURL('**/reports/new');
    await ready(ken);
    await ken.selectOption('#where-category', { label: 'Pothole or damaged road' });
    await ken.fill('#where-address', 'In front of the Omachi post office, 1-2 Omachi');
    await ken.selectOption('#where-district', { label: 'North' });
    await checked(ken, 'new report, step 1');
    await screenshot(ken, `${label}-01-where`);
    await ken.click('#report-where button[type=submit]');
    await ken.waitForURL(/step=details/);
    await ready(ken);
    await ken.selectOption('#report-form-q-size', 'large');
    await ken.fill('#report-form-title', 'Deep pothole in front of the post office');
    await ken.fill('#report-form-description', 'About 30 cm wide, full of water when it rains. Cyclists swerve into the road.');
    await checked(ken, 'new report, step 2');
    await screenshot(ken, `${label}-02-details`);
    await ken.click('#report-form button[type=submit]');
    await ken.waitForURL(/\/reports\/\d+\?notice=report-created/);
    await ready(ken);
    const reportUrl = ken.url().split('?')[0];
    await expectText(ken, 'main', /Thank you: your report is sent/);
    await expectText(ken, 'main', /Large/);
    await expectText(ken, 'main', /Handled by: Roads/);
    await checked(ken, 'report page (reporter)');
    await screenshot(ken, `${label}-03-reported`);

    // 2. Roads staff: inbox → acknowledge with a template → fixed.
    const { page: staff } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(staff, server.url, 'staff@demo.yoriai.example', PASSWORD, javaScript);
    await staff.goto(`${server.url}/inbox`);
    await ready(staff);
    await checked(staff, 'inbox');
    await screenshot(staff, `${label}-04-inbox`);
    await staff.click('a:has-text("Deep pothole in front of the post office")');
    await staff.waitForURL(/\/reports\/\d+/);
    await ready(staff);
    await checked(staff, 'report page (staff)');
    await staff.selectOption('#state-form-state', 'acknowledged');
    await staff.selectOption('#state-form-template-id', { label: '確認しました' });
    await staff.click('#state-form button[type=submit]');
    await staff.waitForSelector('.notice:has-text("The report is updated")');
    await ready(staff);
    await staff.waitForSelector('.timeline :text("The department has seen your report.")');
    await staff.fill('#note-form-note', 'Send crew B with cold asphalt.');
    await staff.click('#note-form button[type=submit]');
    await staff.waitForSelector('.timeline :text("Send crew B with cold asphalt.")');
    await ready(staff);
    await staff.selectOption('#state-form-state', 'fixed');
    await staff.fill('#state-form-body', 'Filled and levelled this morning.');
    await staff.click('#state-form button[type=submit]');
    await staff.waitForSelector('.timeline :text("Filled and levelled this morning.")');
    await screenshot(staff, `${label}-05-staff`);

    // 3. Ken is notified, sees the public timeline (no internal note), reopens.
    await ken.goto(`${server.url}/notifications`);
    await ready(ken);
    await expectText(ken, 'main', /Update on the report “Deep pothole in front of the post office”/);
    await ken.goto(reportUrl);
    await ready(ken);
    const text = await ken.textContent('main');
    assert.match(text, /Filled and levelled this morning\./);
    assert.doesNotMatch(text, /crew B/);
    await ken.fill('#reopen-form-comment', 'The hole is back after the rain.');
    await ken.click('#reopen-form button[type=submit]');
    await ken.waitForSelector('.notice:has-text("The report is reopened")');
    await ready(ken);
    await expectText(ken, '.timeline', /Reopened by the reporter/);
    await expectText(ken, 'article .badge', /Open/);
    await checked(ken, 'report page after reopening');
    await screenshot(ken, `${label}-06-reopened`);
    assert.deepEqual(ken.problems, [], 'no console errors for the reporter');
    assert.deepEqual(staff.problems, [], 'no console errors for staff');
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('street report with JavaScript', async () => { await journey(true); });
test('street report without JavaScript', async () => { await journey(false); });
