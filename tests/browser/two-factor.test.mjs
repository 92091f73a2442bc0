// Two-step sign-in, as a resident turns it on: the key shown on the set-up page (read
// by an "authenticator app" — node's crypto here), a wrong code refused, the right one
// accepted, recovery codes shown once; the next sign-in asks for a code and a recovery
// code opens it; then she turns it off with a fresh code. JavaScript on and off;
// axe-core on every page touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectText, startServer, launchBrowser, newPage, waitForHydration, axe, describeViolations, screenshot, signIn, totp } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';
const EMAIL = 'ken@demo.yoriai.example';

async function checked(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

async function journey(javaScript) {
  const label = `two-factor-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    const { page } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(page, server.url, EMAIL, PASSWORD, javaScript);
    await page.goto(`${server.url}/account/two-factor`);
    await ready(page);
    await checked(page, 'two-step sign-in, off');
    await page.click('#two-factor-start button[type=submit]');
    // The set-up reloads the same address: wait for the key to appear.
    await page.waitForSelector('#set-up .secret-key', { timeout: 120_000 });
    await ready(page);
    const key = await page.getAttribute('#set-up .secret-key', 'data-key');
    assert.match(key, /^[A-Z2-7]{16,}$/);
    await checked(page, 'two-step set-up');
    await screenshot(page, `${label}-01-set-up`);

    // A wrong code is refused with a clear message; the key stays.
    await page.fill('#two-factor-confirm-code', '000000' === totp(key, Math.floor(Date.now() / 30_000)) ? '111111' : '000000');
    await page.click('#two-factor-confirm button[type=submit]');
    await expectText(page, '#two-factor-confirm', /code is not right|not correct|wrong/i, 60_000);
    assert.equal(await page.getAttribute('#set-up .secret-key', 'data-key'), key);
    await ready(page);

    // The right code turns it on and shows the recovery codes, once.
    const step = Math.floor(Date.now() / 30_000);
    await page.fill('#two-factor-confirm-code', totp(key, step));
    await page.click('#two-factor-confirm button[type=submit]');
    await page.waitForSelector('#recovery-codes .recovery-codes code', { timeout: 120_000 });
    await ready(page);
    const codes = await page.locator('#recovery-codes .recovery-codes code').allTextContents();
    assert.equal(codes.length, 10);
    await checked(page, 'two-step on, recovery codes');
    await screenshot(page, `${label}-02-recovery-codes`);
    await page.goto(`${server.url}/account/two-factor`);
    await ready(page);
    assert.equal(await page.locator('#recovery-codes').count(), 0, 'recovery codes are shown only once');

    // Signing in again asks for a code; a recovery code (typed in lower case) opens it.
    await page.context().clearCookies();
    await page.goto(`${server.url}/sign-in`);
    await ready(page);
    await page.fill('#sign-in-email', EMAIL);
    await page.fill('#sign-in-password', PASSWORD);
    await page.click('#sign-in button[type=submit]');
    await page.waitForURL(/\/sign-in\/two-factor/);
    await ready(page);
    await checked(page, 'sign-in code');
    await screenshot(page, `${label}-03-code`);
    await page.fill('#sign-in-code-code', codes[0].toLowerCase());
    await page.click('#sign-in-code button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/');
    await ready(page);
    await expectText(page, 'header', /Ken Tanaka/);

    // She turns it off with a fresh code: a later time step than the one used (a code
    // works once), and one the server still accepts now (a slow machine may have taken
    // minutes since the set-up: the server allows one step of skew, not more).
    await page.goto(`${server.url}/account/two-factor`);
    await ready(page);
    await page.fill('#two-factor-off-code', totp(key, Math.max(step + 1, Math.floor(Date.now() / 30_000))));
    await page.click('#two-factor-off button[type=submit]');
    await page.waitForURL(/notice=two-factor-off/, { timeout: 120_000 });
    await ready(page);
    await expectText(page, 'main', /Two-step sign-in is off/);
    if (javaScript) assert.deepEqual(page.problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'console errors');
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('two-step sign-in with JavaScript', () => journey(true));
test('two-step sign-in without JavaScript', () => journey(false));
