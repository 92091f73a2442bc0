// Staff roles in one process: an administrator gives a resident the moderator role
// in a process from its console page, sees it waiting for two-step sign-in, and takes
// it back. JavaScript on and off; axe-core on the console page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, expectText, startServer, launchBrowser, newPage, waitForHydration, axe, describeViolations, screenshot, signIn } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

async function journey(javaScript) {
  const label = `process-roles-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    const { page } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(page, server.url, 'admin@demo.yoriai.example', PASSWORD, javaScript);
    await page.goto(`${server.url}/admin`);
    const href = await page.locator('a[href^="/admin/processes/"]:not([href$="/new"])').first().getAttribute('href');
    await page.goto(`${server.url}${href}#roles`);
    await ready(page);
    await expectText(page, '#roles', /Nobody holds a role in this process yet/);

    // A mistake first: an address without an account.
    await page.fill('#role-new-email', 'nobody@demo.yoriai.example');
    await page.click('#role-new button[type=submit]');
    await expectText(page, '#role-new .error-summary', /No account uses this email address/);
    assert.equal(await page.inputValue('#role-new-email'), 'nobody@demo.yoriai.example', 'the typed address is kept');

    await page.fill('#role-new-email', 'aiko@demo.yoriai.example');
    await page.selectOption('#role-new-role', 'moderator');
    await page.click('#role-new button[type=submit]');
    await page.waitForSelector('.notice:has-text("The role is given")');
    await ready(page);
    const row = page.locator('#roles tbody tr', { hasText: 'aiko@demo.yoriai.example' });
    await expectText(page, '#roles tbody', /Moderator/);
    assert.match(await row.textContent(), /Waiting for two-step sign-in/);
    const violations = await axe(page);
    assert.equal(violations.length, 0, `axe violations on the process console:\n${describeViolations(violations)}`);
    await screenshot(page, `${label}-01-granted`);
    await page.locator('#roles').screenshot({ path: `${ARTIFACTS}/${label}-02-roles.png` });

    // Not in force without two-step sign-in: no moderation for Aiko yet.
    const { page: aiko } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(aiko, server.url, 'aiko@demo.yoriai.example', PASSWORD, javaScript);
    assert.equal(await aiko.locator('a[href="/moderation"]').count(), 0);

    await row.locator('button[type=submit]').click();
    await page.waitForSelector('.notice:has-text("The role is removed")');
    await expectText(page, '#roles', /Nobody holds a role in this process yet/);
    // The refused address answers 422 on purpose.
    assert.deepEqual(page.problems.filter((p) => !/status of 422/.test(p)), [], 'console errors');
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('process roles with JavaScript', async () => { await journey(true); });
test('process roles without JavaScript', async () => { await journey(false); });
