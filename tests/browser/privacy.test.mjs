// The privacy journey: an administrator prints a letter code for the North district;
// Aoi signs in with an external account (a real OpenID Connect provider running
// locally), choosing the name shown here; she turns on "my district and interests",
// gives her district, verifies with the code and sees "for you" on the home page; an
// administrator looks at her personal data with a reason; Aoi sees that look in her
// access log and downloads her consent receipt, reads all her data and deletes her
// account. JavaScript on and off; axe-core on every page touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectText, startServer, startOidcProvider, launchBrowser, newPage, waitForHydration, axe, describeViolations, screenshot, signIn } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

async function checked(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

async function journey(javaScript) {
  const label = `privacy-${javaScript ? 'js' : 'nojs'}`;
  const idp = await startOidcProvider();
  const server = await startServer({ seed: true, env: idp.env });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    // 1. The administrator makes one letter code for the North district.
    const { page: admin } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(admin, server.url, 'admin@demo.yoriai.example', PASSWORD, javaScript);
    await admin.goto(`${server.url}/admin/verification`);
    await ready(admin);
    await checked(admin, 'verification console');
    await screenshot(admin, `${label}-01-console`);
    await admin.selectOption('#letters-district', { label: 'North' });
    await admin.fill('#letters-count', '1');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.click('#letters-form button[type=submit]'),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    const code = csv.trim().split('\n')[1].trim();
    assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // 2. Aoi signs in with her external account: the provider vouches for her and her
    // address; she picks the name shown here. Everything is off; she turns "for you"
    // on and gives her district.
    const { page: aoi } = await newPage(browser, { javaScript, locale: 'en-US' });
    await aoi.goto(`${server.url}/sign-in`);
    await ready(aoi);
    await checked(aoi, 'sign-in with providers');
    await aoi.click('button:has-text("Sign in with Local ID")');
    await aoi.waitForURL(/\/sign-in\/external/);
    await ready(aoi);
    await expectText(aoi, 'main', /Local ID confirmed who you are/);
    assert.equal(await aoi.inputValue('#external-finish-display-name'), 'Aoi Sato');
    assert.equal(await aoi.inputValue('#external-finish-email'), 'oidc.resident@example.jp');
    await checked(aoi, 'finish external sign-up');
    await screenshot(aoi, `${label}-02a-external-finish`);
    await aoi.fill('#external-finish-display-name', 'Aoi');
    await aoi.click('#external-finish button[type=submit]');
    await aoi.waitForURL((u) => u.pathname === '/');
    await ready(aoi);
    await expectText(aoi, 'header', /Aoi/);
    await expectText(aoi, 'main', /Choose in your privacy settings/);
    await aoi.goto(`${server.url}/account`);
    await ready(aoi);
    await expectText(aoi, '#sign-in-methods', /Local ID/);
    await checked(aoi, 'account with a linked external account');
    await screenshot(aoi, `${label}-02b-account`);
    await aoi.goto(`${server.url}/account/privacy`);
    await ready(aoi);
    await checked(aoi, 'privacy page');
    await screenshot(aoi, `${label}-02-privacy`);
    await aoi.click('#purpose-for_you button[type=submit]');
    await aoi.waitForURL(/notice=consent-given/);
    await ready(aoi);
    await expectText(aoi, '#purpose-for_you', /On/);
    await aoi.selectOption('#attributes-form-district-id', { label: 'North' });
    await aoi.click('#attributes-form button[type=submit]');
    await aoi.waitForURL(/notice=attributes-saved/);
    await ready(aoi);

    // 3. She verifies with the letter code (typed in lower case, without hyphens).
    await aoi.fill('#letter-code', code.replace(/-/g, '').toLowerCase());
    await aoi.click('#letter button[type=submit]');
    await aoi.waitForURL(/notice=verified/);
    await ready(aoi);
    await expectText(aoi, '#verification', /Verified by a letter code for North/);
    await checked(aoi, 'privacy page, verified');
    await screenshot(aoi, `${label}-03-verified`);

    // 4. The home page puts the North district first.
    await aoi.goto(`${server.url}/`);
    await ready(aoi);
    await expectText(aoi, '.for-you', /In North and your interests/);
    assert.ok(await aoi.locator('.for-you-list li').count() > 0, 'for-you lists items of the North district');
    await checked(aoi, 'home, for you');
    await screenshot(aoi, `${label}-04-for-you`);

    // 4b. The administrator publishes version 2 of the privacy notice, widening "for you":
    // Aoi is asked again, and "for you" is off for her until she agrees again.
    await admin.goto(`${server.url}/admin/privacy`);
    await ready(admin);
    await checked(admin, 'privacy notice console');
    await screenshot(admin, `${label}-04a-notice-console`);
    await admin.fill('#notice-form-changes-ja', '「あなた向け」で年齢層も使います。');
    await admin.fill('#notice-form-changes-en', '"For you" now also uses your age band.');
    await admin.check('#notice-form-widen_for_you');
    await admin.click('#notice-form button[type=submit]');
    await admin.waitForURL(/notice=privacy-notice-published/);
    await ready(admin);
    await expectText(admin, '#notice-history', /now also uses your age band/);
    await aoi.goto(`${server.url}/privacy`);
    await ready(aoi);
    await expectText(aoi, 'main', /Version 2, in force since/);
    await checked(aoi, 'privacy notice');
    await screenshot(aoi, `${label}-04b-notice`);
    await aoi.goto(`${server.url}/account/privacy`);
    await ready(aoi);
    await expectText(aoi, '#purpose-for_you', /widened since you agreed/);
    await aoi.click('#purpose-for_you button[type=submit]');
    await aoi.waitForURL(/notice=consent-given/);
    await ready(aoi);
    await expectText(aoi, '#purpose-for_you', /On/);
    // She appears under a pseudonym in each process from now on.
    await aoi.check('#appearance-pseudonym');
    await aoi.click('#appearance-form button[type=submit]');
    await aoi.waitForURL(/notice=appearance-saved/);
    await ready(aoi);
    assert.ok(await aoi.isChecked('#appearance-pseudonym'), 'pseudonym chosen');
    await checked(aoi, 'privacy page, asked again');
    await screenshot(aoi, `${label}-04c-appearance`);

    // 5. The administrator looks at Aoi's personal data, giving a reason.
    await admin.goto(`${server.url}/admin/users?q=oidc.resident`);
    await ready(admin);
    await admin.click('a:has-text("Personal data")');
    await admin.waitForURL(/\/admin\/users\/\d+\/personal/);
    await ready(admin);
    await checked(admin, 'personal data, reason');
    await admin.fill('#reason-form-reason', 'Checking a district budget complaint she sent');
    await admin.click('#reason-form button[type=submit]');
    await admin.waitForURL(/reason=/);
    await ready(admin);
    await expectText(admin, 'main', /This look is recorded/);
    await expectText(admin, 'main', /oidc\.resident@example\.jp/);
    await checked(admin, 'personal data');
    await screenshot(admin, `${label}-05-personal`);

    // 6. Aoi sees who looked and why, and takes her receipt.
    await aoi.goto(`${server.url}/account/privacy`);
    await ready(aoi);
    await expectText(aoi, '#access-log', /Checking a district budget complaint she sent/);
    await aoi.click('a:has-text("View the receipt")');
    await aoi.waitForURL(/\/account\/privacy\/receipt/);
    await ready(aoi);
    await expectText(aoi, 'main', /Show me information for my district and interests/);
    await checked(aoi, 'receipt');
    await screenshot(aoi, `${label}-06-receipt`);
    const [json] = await Promise.all([aoi.waitForEvent('download'), aoi.click('main a[download]')]);
    const receipt = JSON.parse(readFileSync(await json.path(), 'utf8'));
    assert.deepEqual(receipt.granted, ['for_you']);
    assert.ok(receipt.history.some((h) => h.purpose === 'for_you' && h.granted && h.notice_version === 1));
    assert.ok(receipt.history.some((h) => h.purpose === 'for_you' && h.granted && h.notice_version === 2));

    // 7. She reads everything held about her, then deletes her account.
    await aoi.goto(`${server.url}/account/privacy/my-data`);
    await ready(aoi);
    await expectText(aoi, 'main', /oidc\.resident@example\.jp/);
    await checked(aoi, 'my data');
    await screenshot(aoi, `${label}-07-my-data`);
    await aoi.goto(`${server.url}/account/privacy#delete`);
    await ready(aoi);
    // She has no password here: signing in with her external account was enough.
    await aoi.click('#delete-account button[type=submit]');
    await aoi.waitForURL(/notice=account-deleted/);
    await ready(aoi);
    await expectText(aoi, 'main', /Your account is deleted/);
    await expectText(aoi, 'header', /Sign in/);
    if (javaScript) assert.deepEqual(aoi.problems, [], 'console errors');
  } finally {
    await browser.close();
    await server.stop();
    await idp.stop();
  }
}

test('privacy and citizen ID with JavaScript', () => journey(true));
test('privacy and citizen ID without JavaScript', () => journey(false));
