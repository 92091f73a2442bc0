// The privacy journey: an administrator prints a letter code for the North district;
// Ken turns on "my district and interests", gives his district, verifies with the
// code and sees "for you" on the home page; an administrator looks at his personal
// data with a reason; Ken sees that look in his access log and downloads his consent
// receipt, reads all his data and deletes his account. JavaScript on and off;
// axe-core on every page touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expectText, startServer, launchBrowser, newPage, waitForHydration, axe, describeViolations, screenshot, signIn } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

async function checked(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

async function journey(javaScript) {
  const label = `privacy-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true });
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

    // 2. Ken: everything is off; he turns "for you" on and gives his district.
    const { page: ken } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(ken, server.url, 'ken@demo.yoriai.example', PASSWORD, javaScript);
    await expectText(ken, 'main', /Choose in your privacy settings/);
    await ken.goto(`${server.url}/account/privacy`);
    await ready(ken);
    await checked(ken, 'privacy page');
    await screenshot(ken, `${label}-02-privacy`);
    await ken.click('#purpose-for_you button[type=submit]');
    await ken.waitForURL(/notice=consent-given/);
    await ready(ken);
    await expectText(ken, '#purpose-for_you', /On/);
    await ken.selectOption('#attributes-form-district-id', { label: 'North' });
    await ken.click('#attributes-form button[type=submit]');
    await ken.waitForURL(/notice=attributes-saved/);
    await ready(ken);

    // 3. He verifies with the letter code (typed in lower case, without hyphens).
    await ken.fill('#letter-code', code.replace(/-/g, '').toLowerCase());
    await ken.click('#letter button[type=submit]');
    await ken.waitForURL(/notice=verified/);
    await ready(ken);
    await expectText(ken, '#verification', /Verified by a letter code for North/);
    await checked(ken, 'privacy page, verified');
    await screenshot(ken, `${label}-03-verified`);

    // 4. The home page puts the North district first.
    await ken.goto(`${server.url}/`);
    await ready(ken);
    await expectText(ken, '.for-you', /In North and your interests/);
    assert.ok(await ken.locator('.for-you-list li').count() > 0, 'for-you lists items of the North district');
    await checked(ken, 'home, for you');
    await screenshot(ken, `${label}-04-for-you`);

    // 5. The administrator looks at Ken's personal data, giving a reason.
    await admin.goto(`${server.url}/admin/users?q=ken`);
    await ready(admin);
    await admin.click('a:has-text("Personal data")');
    await admin.waitForURL(/\/admin\/users\/\d+\/personal/);
    await ready(admin);
    await checked(admin, 'personal data, reason');
    await admin.fill('#reason-form-reason', 'Checking a district budget complaint he sent');
    await admin.click('#reason-form button[type=submit]');
    await admin.waitForURL(/reason=/);
    await ready(admin);
    await expectText(admin, 'main', /This look is recorded/);
    await expectText(admin, 'main', /ken@demo\.yoriai\.example/);
    await checked(admin, 'personal data');
    await screenshot(admin, `${label}-05-personal`);

    // 6. Ken sees who looked and why, and takes his receipt.
    await ken.goto(`${server.url}/account/privacy`);
    await ready(ken);
    await expectText(ken, '#access-log', /Checking a district budget complaint he sent/);
    await ken.click('a:has-text("View the receipt")');
    await ken.waitForURL(/\/account\/privacy\/receipt/);
    await ready(ken);
    await expectText(ken, 'main', /Show me information for my district and interests/);
    await checked(ken, 'receipt');
    await screenshot(ken, `${label}-06-receipt`);
    const [json] = await Promise.all([ken.waitForEvent('download'), ken.click('main a[download]')]);
    const receipt = JSON.parse(readFileSync(await json.path(), 'utf8'));
    // (The demo's people also have update emails on.)
    assert.ok(receipt.granted.includes('for_you'), JSON.stringify(receipt.granted));
    assert.ok(receipt.history.some((h) => h.purpose === 'for_you' && h.granted && h.notice_version === 1));

    // 7. He reads everything held about him, then deletes his account.
    await ken.goto(`${server.url}/account/privacy/my-data`);
    await ready(ken);
    await expectText(ken, 'main', /ken@demo\.yoriai\.example/);
    await checked(ken, 'my data');
    await screenshot(ken, `${label}-07-my-data`);
    await ken.goto(`${server.url}/account/privacy#delete`);
    await ready(ken);
    await ken.fill('#delete-account-password', PASSWORD);
    await ken.click('#delete-account button[type=submit]');
    await ken.waitForURL(/notice=account-deleted/);
    await ready(ken);
    await expectText(ken, 'main', /Your account is deleted/);
    await expectText(ken, 'header', /Sign in/);
    if (javaScript) assert.deepEqual(ken.problems, [], 'console errors');
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('privacy and citizen ID with JavaScript', () => journey(true));
test('privacy and citizen ID without JavaScript', () => journey(false));
