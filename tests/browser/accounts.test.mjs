// The foundation journey: sign up → open the emailed link → confirm → sign in →
// switch language → sign out. Once with JavaScript (hydrated, forms submit in place)
// and once without (plain form posts and redirects), on SQLite; and once with
// JavaScript on PostgreSQL. axe-core must find no WCAG 2.1 AA violation on any page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  expectText, startServer, launchBrowser, newPage, waitForHydration, waitForMail, firstLink, axe, describeViolations, screenshot,
} from './lib.mjs';

async function assertAccessible(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

function freshPostgres() {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set: run the browser journeys through ./dev test');
  const name = `yoriai_browser_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
  const url = admin.replace(/\/[^/?]*(\?.*)?$/, `/${name}$1`.replace('undefined', ''));
  return { url, drop: () => execFileSync('psql', [admin, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
}

async function journey({ javaScript, backend }) {
  const label = `${backend}-${javaScript ? 'js' : 'nojs'}`;
  const db = backend === 'postgres' ? freshPostgres() : null;
  const server = await startServer({ databaseUrl: db?.url });
  const browser = await launchBrowser();
  const email = `aiko.${label}@example.jp`;
  const password = 'tsuruga castle in spring';
  try {
    const { page } = await newPage(browser, { javaScript, locale: 'ja-JP' });
    const ready = async () => { if (javaScript) await waitForHydration(page); };

    // Home, in Japanese from the browser's language.
    await page.goto(`${server.url}/`);
    await ready();
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    await assertAccessible(page, 'home');
    await screenshot(page, `${label}-01-home`);

    // Sign up, first with mistakes: errors beside the fields, typed email kept.
    await page.click('header >> text=アカウント作成');
    await page.waitForURL('**/sign-up');
    await ready();
    await page.fill('#sign-up-email', 'aiko@example');
    await page.fill('#sign-up-display-name', '佐藤 愛子');
    await page.fill('#sign-up-password', 'short');
    await page.click('#sign-up button[type=submit]');
    await page.waitForSelector('.error-summary');
    await expectText(page, '.error-summary', /メールアドレス/);
    assert.equal(await page.getAttribute('#sign-up-email', 'aria-invalid'), 'true');
    assert.equal(await page.inputValue('#sign-up-email'), 'aiko@example');
    assert.equal(await page.inputValue('#sign-up-password'), javaScript ? 'short' : '');
    if (javaScript) assert.ok(!page.url().includes('__err'), 'with JavaScript the form answers in place');
    await assertAccessible(page, 'sign-up with errors');
    await screenshot(page, `${label}-02-sign-up-errors`);

    await page.fill('#sign-up-email', email);
    await page.fill('#sign-up-display-name', '佐藤 愛子');
    await page.fill('#sign-up-password', password);
    await page.click('#sign-up button[type=submit]');
    await page.waitForURL('**/sign-up/check-email');
    await assertAccessible(page, 'check your email');
    await screenshot(page, `${label}-03-check-email`);

    // The emailed link (written to the mail folder: no SMTP configured).
    const mail = await waitForMail(server, 'confirm_email', email);
    assert.match(mail, /佐藤 愛子 さん/);
    await page.goto(firstLink(mail));
    await ready();
    await assertAccessible(page, 'confirm email');
    await page.click('#confirm-email button[type=submit]');
    await page.waitForURL('**/sign-in?notice=email-confirmed');
    await page.waitForSelector('.notice');
    await ready();
    await screenshot(page, `${label}-04-confirmed`);

    // Sign in.
    await page.fill('#sign-in-email', email);
    await page.fill('#sign-in-password', password);
    await page.click('#sign-in button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/' && u.search.includes('signed-in'));
    await ready();
    await expectText(page, 'header', /佐藤 愛子/);
    await assertAccessible(page, 'home signed in');
    await screenshot(page, `${label}-05-signed-in`);

    // Switch to English: a plain form, works with or without JavaScript.
    await page.click('button.lang-button[value=en]');
    await page.waitForSelector('html[lang=en]');
    await ready();
    await expectText(page, 'header', /Sign out/);
    await page.goto(`${server.url}/account`);
    await ready();
    await expectText(page, 'main', /My account/);
    await assertAccessible(page, 'account');
    await screenshot(page, `${label}-06-account-en`);
    if (javaScript) {
      // 200% zoom on a 640 px window is a 320 px layout: nothing may need sideways scrolling.
      await page.setViewportSize({ width: 320, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the account page scrolls sideways by ${overflow}px at 320px`);
      await screenshot(page, `${label}-06b-account-320px`);
      await page.setViewportSize({ width: 390, height: 844 });
    }

    // Sign out.
    await page.click('header button:has-text("Sign out")');
    await page.waitForURL((u) => u.search.includes('signed-out'));
    await ready();
    await expectText(page, 'header', /Sign in/);
    await expectText(page, 'main', /You have signed out/);
    await screenshot(page, `${label}-07-signed-out`);

    // Validation answers (4xx) show up in the console as failed loads; they are expected.
    const problems = page.problems.filter((p) => !/status of 4\d\d/.test(p));
    assert.deepEqual(problems, [], 'no console errors or CSP violations');
  } finally {
    await browser.close();
    await server.stop();
    db?.drop();
  }
}

test('a resident signs up, confirms, signs in, switches language and signs out (SQLite, JavaScript on)', () =>
  journey({ javaScript: true, backend: 'sqlite' }));
test('a resident signs up, confirms, signs in, switches language and signs out (SQLite, JavaScript off)', () =>
  journey({ javaScript: false, backend: 'sqlite' }));
test('a resident signs up, confirms, signs in, switches language and signs out (PostgreSQL, JavaScript on)', () =>
  journey({ javaScript: true, backend: 'postgres' }));
