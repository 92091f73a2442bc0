// Several cities on one installation: the operator creates one city on the command line
// (aizu.localhost, with the demo content) and a system operator, who signs in to the
// system console (console.localhost) and creates the second city there (kita.localhost,
// empty); a resident signs up and in on one city's host and is a stranger on the other;
// each host shows only its own city; a host no city has gets the plain "no site here"
// page. Chromium resolves every *.localhost name to this machine, so no DNS is involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectText, startServer, startOidcProvider, launchBrowser, newPage, waitForHydration, waitForMail, firstLink, screenshot, signIn, totp, DEMO_TWO_FACTOR_KEY } from './lib.mjs';

const PASSWORD = 'tsuruga castle in spring';
const OPERATOR_PASSWORD = 'prefecture wide shared service';

test('two cities on one installation, each on its own host', { timeout: 600_000 }, async () => {
  const server = await startServer({
    env: { YORIAI_CONSOLE_HOST: 'console.localhost' },
    setup: [
      ['tenant', 'create', '--id', 'aizu', '--host', 'aizu.localhost', '--name-ja', '会津若松市', '--name-en', 'Aizuwakamatsu'],
      ['--tenant', 'aizu', 'seed', '--demo'],
      { args: ['tenant', 'operator', '--email', 'ops@vendor.example', '--two-factor-key', DEMO_TWO_FACTOR_KEY], input: `${OPERATOR_PASSWORD}\n` },
    ],
  });
  // A city's own sign-in service (not the installation's): registered by Aizu's administrator below.
  const idp = await startOidcProvider();
  const port = new URL(server.url).port;
  const aizu = `http://aizu.localhost:${port}`;
  const kita = `http://kita.localhost:${port}`;
  const consoleUrl = `http://console.localhost:${port}`;
  const browser = await launchBrowser();
  try {
    const { page } = await newPage(browser, { javaScript: true, locale: 'ja-JP' });

    // The system operator creates the second city in the console (plain forms).
    await page.goto(`${consoleUrl}/`);
    await expectText(page, 'h1', /システム管理画面にログイン/);
    await page.fill('#console-sign-in-email', 'ops@vendor.example');
    await page.fill('#console-sign-in-password', OPERATOR_PASSWORD);
    await page.fill('#console-sign-in-code', totp(DEMO_TWO_FACTOR_KEY, Math.floor(Date.now() / 30_000)));
    await page.click('#console-sign-in button[type=submit]');
    await page.waitForURL(`${consoleUrl}/?notice=console-signed-in`);
    await expectText(page, 'main', /会津若松市/);
    await screenshot(page, 'tenancy-00a-console');
    await page.fill('#console-create-name_ja', '喜多方市');
    await page.fill('#console-create-name_en', 'Kitakata');
    await page.fill('#console-create-id', 'kita');
    await page.fill('#console-create-hosts', 'kita.localhost');
    await page.click('#console-create button[type=submit]');
    await page.waitForURL(`${consoleUrl}/?notice=console-created`);
    await expectText(page, '.notice', /自治体を作成しました/);
    await expectText(page, 'main', /喜多方市/);
    await screenshot(page, 'tenancy-00b-console-city-created');

    // Aizu has the demo's processes; Kita has none of them.
    await page.goto(`${aizu}/`);
    await waitForHydration(page);
    await page.click('header >> a[href="/processes"]');
    await page.waitForURL(`${aizu}/processes`);
    await waitForHydration(page);
    const aizuProcesses = await page.locator('main a[href^="/processes/"]').count();
    assert.ok(aizuProcesses > 0, 'the seeded city lists its processes');
    await screenshot(page, 'tenancy-01-aizu-processes');
    const kitaList = await page.goto(`${kita}/processes`);
    assert.equal(kitaList.status(), 200, 'the new city is served');
    await waitForHydration(page);
    assert.equal(await page.locator('main a[href^="/processes/"]').count(), 0, 'the other city shows none of them');
    await screenshot(page, 'tenancy-02-kita-processes');

    // A resident signs up in Aizu through the emailed link, which names Aizu's host.
    await page.goto(`${aizu}/sign-up`);
    await waitForHydration(page);
    await page.fill('#sign-up-email', 'aiko@example.jp');
    await page.fill('#sign-up-display-name', '会津 愛子');
    await page.fill('#sign-up-password', PASSWORD);
    await page.click('#sign-up button[type=submit]');
    await page.waitForURL('**/sign-up/check-email');
    const link = firstLink(await waitForMail(server, 'confirm_email', 'aiko@example.jp'));
    assert.ok(link.startsWith(`${aizu}/`), `the mail links to the city's own host: ${link}`);
    await page.goto(link);
    await waitForHydration(page);
    await page.click('#confirm-email button[type=submit]');
    await page.waitForURL('**/sign-in?notice=email-confirmed');
    await waitForHydration(page);
    await page.fill('#sign-in-email', 'aiko@example.jp');
    await page.fill('#sign-in-password', PASSWORD);
    await page.click('#sign-in button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/' && u.search.includes('signed-in'));
    await waitForHydration(page);
    await expectText(page, 'header', /会津 愛子/);
    await screenshot(page, 'tenancy-03-aizu-signed-in');

    // On Kita's host the same browser is a stranger, and Aizu's account does not exist.
    await page.goto(`${kita}/`);
    await waitForHydration(page);
    assert.equal(await page.locator('header >> text=会津 愛子').count(), 0, 'not signed in on the other city');
    await page.goto(`${kita}/sign-in`);
    await waitForHydration(page);
    await page.fill('#sign-in-email', 'aiko@example.jp');
    await page.fill('#sign-in-password', PASSWORD);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('.error-summary');
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await screenshot(page, 'tenancy-04-kita-unknown-account');

    // Back on Aizu, still signed in.
    await page.goto(`${aizu}/account`);
    await waitForHydration(page);
    await expectText(page, 'header', /会津 愛子/);

    // Validation answers (4xx) show up in the console as failed loads; they are expected.
    const problems = page.problems.filter((p) => !/status of 4\d\d/.test(p));
    assert.deepEqual(problems, [], 'no console errors or CSP violations');

    // Aizu's administrator gives the city its own name and colour from the staff console;
    // too light a colour is refused with the reason, and Kita keeps its own look.
    const { page: admin } = await newPage(browser, { javaScript: true, locale: 'ja-JP' });
    await signIn(admin, aizu, 'admin@demo.yoriai.example', 'yoriai demo 2026', true);
    await admin.click('header >> a[href="/admin"]');
    await admin.waitForURL(`${aizu}/admin`);
    await waitForHydration(admin);
    await admin.click('main >> a[href="/admin/settings"]');
    await admin.waitForURL(`${aizu}/admin/settings`);
    await waitForHydration(admin);
    await expectText(admin, 'h1', /自治体の設定/);
    await admin.fill('#city-form-name-ja', '会津若松市');
    await admin.fill('#city-form-brand-colour', '#ffcc00');
    await admin.click('#city-form button[type=submit]');
    await admin.waitForSelector('.error-summary');
    await expectText(admin, '#city-form', /コントラスト比が 4\.5:1 未満/);
    await screenshot(admin, 'tenancy-06-city-settings-refused');
    await admin.fill('#city-form-brand-colour', '#1f4e9c');
    await admin.click('#city-form button[type=submit]');
    await admin.waitForURL(`${aizu}/admin/settings?notice=city-settings-saved`);
    await waitForHydration(admin);
    await expectText(admin, 'header .brand', /会津若松市/);
    const background = await admin.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
    assert.equal(background, 'rgb(31, 78, 156)', 'the header takes the city colour');
    await screenshot(admin, 'tenancy-07-city-settings-saved');
    assert.deepEqual(admin.problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'no console errors on the settings page');
    await page.goto(`${kita}/`);
    await waitForHydration(page);
    await expectText(page, 'header .brand', /喜多方市/);
    const kitaBackground = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).backgroundColor);
    assert.equal(kitaBackground, 'rgb(122, 31, 43)', 'the other city keeps the standard colour');

    // Without JavaScript the same form refuses and keeps what was typed.
    const { page: plain } = await newPage(browser, { javaScript: false, locale: 'ja-JP' });
    await signIn(plain, aizu, 'admin@demo.yoriai.example', 'yoriai demo 2026', false);
    await plain.goto(`${aizu}/admin/settings`);
    await plain.fill('#city-form-map-zoom', '25');
    await plain.click('#city-form button[type=submit]');
    await plain.waitForSelector('.error-summary');
    await expectText(plain, '#city-form', /ズームは 1/);
    assert.equal(await plain.inputValue('#city-form-map-zoom'), '25', 'what was typed is put back');
    assert.equal(await plain.inputValue('#city-form-name-ja'), '会津若松市', 'the saved name is still in the form');

    // Aizu's administrator registers the city's own sign-in service, found from the
    // settings page; a bad id is refused with the reason, and only Aizu offers it.
    await admin.click('main >> a[href="/admin/sign-in"]');
    await admin.waitForURL(`${aizu}/admin/sign-in`);
    await waitForHydration(admin);
    await expectText(admin, 'h1', /サインインサービス/);
    await expectText(admin, 'main', new RegExp(`${aizu}/auth/oidc/`));
    await admin.fill('#provider-form-id', 'City ID');
    await admin.fill('#provider-form-label', '会津ID');
    await admin.fill('#provider-form-issuer', idp.issuer);
    await admin.fill('#provider-form-client-id', 'aizu-web');
    await admin.fill('#provider-form-client-secret', 'aizu-secret');
    await admin.click('#provider-form button[type=submit]');
    await admin.waitForSelector('.error-summary');
    await expectText(admin, '#provider-form', /英小文字・数字/);
    await admin.fill('#provider-form-id', 'city-id');
    await admin.fill('#provider-form-client-secret', 'aizu-secret');
    await admin.click('#provider-form button[type=submit]');
    await admin.waitForURL(`${aizu}/admin/sign-in?notice=sign-in-provider-saved`);
    await waitForHydration(admin);
    await expectText(admin, '#provider-city-id', /会津ID/);
    await expectText(admin, '#provider-city-id', new RegExp(`${aizu}/auth/oidc/city-id/callback`));
    assert.ok(!(await admin.textContent('main')).includes('aizu-secret'), 'the secret is never shown');
    await screenshot(admin, 'tenancy-08-sign-in-service');
    assert.deepEqual(admin.problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'no console errors on the sign-in services page');

    const { page: newcomer } = await newPage(browser, { javaScript: true, locale: 'ja-JP' });
    await newcomer.goto(`${kita}/sign-in`);
    await waitForHydration(newcomer);
    assert.equal(await newcomer.locator('button:has-text("会津ID")').count(), 0, 'Kita does not offer Aizu\'s service');
    await newcomer.goto(`${aizu}/sign-in`);
    await waitForHydration(newcomer);
    await newcomer.click('button:has-text("会津ID")');
    await newcomer.waitForURL(`${aizu}/sign-in/external`);
    await waitForHydration(newcomer);
    await expectText(newcomer, 'main', /会津ID/);
    await screenshot(newcomer, 'tenancy-09-sign-in-with-city-service');
    assert.deepEqual(newcomer.problems.filter((p) => !/status of 4\d\d/.test(p)), [], 'no console errors signing in');

    // Without JavaScript: an issuer that does not answer is refused, what was typed
    // (but not the secret) is put back.
    await plain.goto(`${aizu}/admin/sign-in`);
    await plain.fill('#provider-form-id', 'line');
    await plain.fill('#provider-form-issuer', 'https://127.0.0.1:9');
    await plain.fill('#provider-form-client-id', '1650000000');
    await plain.fill('#provider-form-client-secret', 'line-secret');
    await plain.click('#provider-form button[type=submit]');
    await plain.waitForSelector('.error-summary');
    await expectText(plain, '#provider-form', /応答しませんでした/);
    assert.equal(await plain.inputValue('#provider-form-client-id'), '1650000000');
    assert.equal(await plain.inputValue('#provider-form-client-secret'), '', 'a refused secret is not kept');
    await screenshot(plain, 'tenancy-10-sign-in-service-refused-nojs');

    // A host no city has: a plain page that names no city.
    const { page: stray } = await newPage(browser, { javaScript: true, locale: 'ja-JP' });
    const res = await stray.goto(`http://nowhere.localhost:${port}/`);
    assert.equal(res.status(), 404);
    await expectText(stray, 'main', /このアドレスのサイトはありません/);
    const text = await stray.textContent('body');
    for (const name of ['会津', '喜多方', 'aizu', 'kita', 'Aizuwakamatsu', 'Kitakata']) {
      assert.ok(!text.includes(name), `the unknown-host page names ${name}`);
    }
    await screenshot(stray, 'tenancy-05-unknown-host');
  } finally {
    await browser.close();
    await server.stop();
    await idp.stop();
  }
});
