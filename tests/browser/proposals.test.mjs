// The proposals journey: a resident drafts (seeing similar proposals), previews and
// publishes; another resident supports and comments; staff answer "accepted"; the
// author sees the notification and receives the email. JavaScript on and off;
// axe-core on every page touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectText, startServer, launchBrowser, newPage, waitForHydration, waitForMail, axe, describeViolations, screenshot, signIn } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

async function checked(page, name) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe violations on ${name}:\n${describeViolations(violations)}`);
}

async function journey(javaScript) {
  const label = `proposals-${javaScript ? 'js' : 'nojs'}`;
  const server = await startServer({ seed: true });
  const browser = await launchBrowser();
  try {
    const ready = async (page) => { if (javaScript) await waitForHydration(page); };
    // 1. Aiko drafts a proposal.
    const { page: aiko } = await newPage(browser, { javaScript, locale: 'ja-JP' });
    await signIn(aiko, server.url, 'aiko@demo.yoriai.example', PASSWORD, javaScript);
    await aiko.goto(`${server.url}/processes/ideas-2026`);
    await ready(aiko);
    await checked(aiko, 'process page');
    await aiko.click('main a.button:has-text("新しい提案")');
    await aiko.waitForURL('**/proposals/new');
    await ready(aiko);
    await aiko.fill('#proposal-new-title', '');
    await aiko.type('#proposal-new-title', '鶴ヶ城公園のベンチ');
    if (javaScript) {
      // Similar proposals appear while typing.
      await aiko.waitForSelector('.similar li', { timeout: 10_000 });
      await expectText(aiko, '.similar', /鶴ヶ城公園にベンチを増やす/);
    }
    await aiko.fill('#proposal-new-body', 'お堀の東側には、まだベンチが一つもありません。\n\n- 東門の近く\n- 売店の前');
    await checked(aiko, 'new proposal');
    await screenshot(aiko, `${label}-01-new`);
    await aiko.click('#proposal-new button[type=submit]');
    await aiko.waitForURL(/\/proposals\/\d+\?notice=draft-saved/);
    await ready(aiko);
    // The preview: a draft, with the similar proposals before publishing.
    await expectText(aiko, '.callout', /下書き/);
    await expectText(aiko, '.callout', /鶴ヶ城公園にベンチを増やす/);
    await checked(aiko, 'draft preview');
    await screenshot(aiko, `${label}-02-draft`);
    const proposalUrl = aiko.url().split('?')[0];
    await aiko.click('.callout button:has-text("公開する")');
    await aiko.waitForSelector('.notice');
    await ready(aiko);
    await expectText(aiko, '.notice', /公開しました/);

    // 2. Ken supports and comments.
    const { page: ken } = await newPage(browser, { javaScript, locale: 'en-US' });
    await signIn(ken, server.url, 'ken@demo.yoriai.example', PASSWORD, javaScript);
    await ken.goto(proposalUrl);
    await ready(ken);
    await checked(ken, 'proposal (visitor)');
    await ken.click('#supports button:has-text("Support this proposal")');
    await ken.waitForSelector('#supports :text("You support this proposal")');
    await expectText(ken, '#supports', /1 of 100 supports/);
    await ready(ken);
    await ken.check('#comment-new-stance-in_favour');
    await ken.fill('#comment-new-body', 'Great idea, the east side really needs benches.');
    await ken.click('#comment-new button[type=submit]');
    await ken.waitForSelector('.comment :text("Great idea, the east side really needs benches.")');
    await ready(ken);
    await checked(ken, 'proposal after support and comment');
    await screenshot(ken, `${label}-03-supported`);

    // 3. Staff answer "accepted".
    const { page: admin } = await newPage(browser, { javaScript, locale: 'ja-JP' });
    await signIn(admin, server.url, 'admin@demo.yoriai.example', PASSWORD, javaScript);
    await admin.goto(proposalUrl);
    await ready(admin);
    await admin.click('details.staff-box > summary');
    await admin.selectOption('#answer-form-state', 'accepted');
    await admin.fill('#answer-form-text', '採用します。来年度に設置します。');
    await admin.fill('#answer-form-cost', '450000');
    await checked(admin, 'answer form');
    await admin.click('#answer-form button[type=submit]');
    await admin.waitForSelector('#answer :text("採用します。来年度に設置します。")');
    await ready(admin);
    await screenshot(admin, `${label}-04-answered`);

    // 4. Aiko sees the notification, and the email arrived.
    await aiko.goto(`${server.url}/notifications`);
    await ready(aiko);
    await expectText(aiko, 'main', /回答がありました/);
    await checked(aiko, 'notifications');
    await screenshot(aiko, `${label}-05-notifications`);
    const mail = await waitForMail(server, 'notification', 'aiko@demo.yoriai.example');
    assert.match(mail, /回答がありました/);
    assert.match(mail, /\/notifications/);

    // The list shows it with its answer.
    await ken.goto(`${server.url}/processes/ideas-2026/proposals?sort=recent`);
    await ready(ken);
    await expectText(ken, 'main', /Accepted/);
    await checked(ken, 'proposal list');
    await screenshot(ken, `${label}-06-list`);

    for (const p of [aiko, ken, admin]) {
      const problems = p.problems.filter((m) => !/status of 4\d\d/.test(m));
      assert.deepEqual(problems, [], 'no console errors or CSP violations');
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('a proposal goes from draft to answer (JavaScript on)', () => journey(true));
test('a proposal goes from draft to answer (JavaScript off)', () => journey(false));

// Issue 13, item 1: a title written to end <title> and plant a refresh stays text, in
// the served head and in Chromium's, with and without the hydrated front end.
test('a title that tries to break out of <title> stays text in the head', async () => {
  const server = await startServer({ seed: true });
  const browser = await launchBrowser();
  const evil = 'Benches</title><meta http-equiv="refresh" content="0;url=https://evil.example/">';
  try {
    const { page: author } = await newPage(browser, { javaScript: false, locale: 'en-US' });
    await signIn(author, server.url, 'aiko@demo.yoriai.example', PASSWORD, false);
    await author.goto(`${server.url}/processes/ideas-2026/proposals/new`);
    await author.fill('#proposal-new-title', evil);
    await author.fill('#proposal-new-body', 'Benches along the east moat, where there are none yet.');
    await author.click('#proposal-new button[type=submit]');
    await author.waitForURL(/\/proposals\/\d+\?notice=draft-saved/);
    await author.click('.callout button:has-text("Publish")');
    await author.waitForSelector('.notice');
    const proposalUrl = author.url().split('?')[0];
    for (const javaScript of [false, true]) {
      const { page } = await newPage(browser, { javaScript, locale: 'en-US' });
      await page.goto(proposalUrl);
      if (javaScript) await waitForHydration(page);
      await page.waitForTimeout(1_500); // a planted refresh would have fired by now
      assert.equal(page.url(), proposalUrl, 'still on the proposal');
      assert.ok((await page.title()).includes(evil), `the title shows the text as typed: ${await page.title()}`);
      const planted = await page.evaluate(() => document.querySelectorAll('meta[http-equiv]').length);
      assert.equal(planted, 0, 'no meta refresh in the document');
      const og = await page.evaluate(() => document.querySelector('meta[property="og:title"]')?.getAttribute('content'));
      assert.ok(og === undefined || og.includes(evil), `the link preview title is the text: ${og}`);
      assert.deepEqual(page.problems.filter((m) => !/status of 4\d\d/.test(m)), [], 'no console errors');
    }
  } finally {
    await browser.close();
    await server.stop();
  }
});
