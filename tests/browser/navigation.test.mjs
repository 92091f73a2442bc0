// Walking the site the way people do: by clicking links, not by typing addresses.
// With JavaScript every click is a client-side navigation that calls the page's
// server functions from the browser (a path full page loads never take), so a page
// whose server function cannot decode what the browser sends shows up here. For a
// visitor, a resident, department staff and an administrator: every link in the menu,
// then a few levels deeper (a process, its proposals, a proposal, a report, a
// decision, a result, a budget). Any console error, hydration panic, 5xx or "could
// not be read" fails the journey. Also: a draft proposal hydrates, the skip link moves
// the keyboard focus with JavaScript, and controls on a phone are at least 44 px tall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, waitForHydration, signIn, screenshot, axe, describeViolations } from './lib.mjs';

const PASSWORD = 'yoriai demo 2026';

/** Records 5xx answers to the page's own requests. */
function watchServerErrors(page) {
  page.serverErrors = [];
  page.on('response', (r) => {
    if (r.status() >= 500) page.serverErrors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
}

/** No console error, no 5xx, and axe-core finds nothing (heading order, landmark names…). */
async function assertClean(page, where) {
  const problems = page.problems.filter((p) => !/status of 4\d\d/.test(p));
  assert.deepEqual(problems, [], `console errors on ${where}`);
  assert.deepEqual(page.serverErrors, [], `server errors on ${where}`);
  const violations = await axe(page);
  assert.equal(violations.length, 0, `axe on ${where}:\n${describeViolations(violations)}`);
}

/** Clicks the link `selector` and waits for the page it leads to to show its heading. */
async function follow(page, selector, javaScript) {
  const link = page.locator(selector).first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL((u) => (u.pathname + u.search).startsWith(href.split('#')[0].split('?')[0]));
  await page.locator('main h1').first().waitFor({ timeout: 60_000 });
  if (!javaScript) await page.waitForLoadState('load');
  const main = (await page.textContent('main')) ?? '';
  assert.doesNotMatch(main, /could not be read|読み取れませんでした/, `${href} says it could not read its input`);
  assert.doesNotMatch(main, /We could not complete your request/, `${href} failed`);
  return href;
}

/** Every link of the header menu, followed by clicking, from the home page. */
async function walkMenu(page, base, javaScript, who) {
  await page.goto(`${base}/`);
  if (javaScript) await waitForHydration(page);
  const hrefs = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 7, `${who}: the menu has its links: ${hrefs}`);
  for (const href of hrefs) {
    await follow(page, `header nav a[href="${href}"]`, javaScript);
    await assertClean(page, `${who} → ${href}`);
  }
  return hrefs;
}

/** Deeper pages, each reached by clicking a link on the page before. */
async function walkDeeper(page, base, javaScript, who) {
  const steps = [
    ['/processes', 'main a[href^="/processes/"]'],
    [null, 'main a[href$="/proposals"]'],
    [null, 'main a[href^="/proposals/"]'],
    ['/reports', 'main a[href^="/reports/"]:not([href="/reports/new"])'],
    ['/decisions', 'main a[href^="/decisions/"]:not([href="/decisions/new"])'],
    ['/results', 'main a[href^="/results/"]:not([href="/results/new"])'],
    ['/processes/parks-2025', 'main a[href^="/budgets/"]'],
  ];
  for (const [start, selector] of steps) {
    if (start) {
      await page.goto(`${base}${start}`);
      if (javaScript) await waitForHydration(page);
    }
    const href = await follow(page, selector, javaScript);
    await assertClean(page, `${who} → ${href}`);
  }
}

async function journey(javaScript) {
  const server = await startServer({ seed: true, env: { YORIAI_MAP_TILES: '/assets/blank-tile.png', YORIAI_MAP_ATTRIBUTION: 'Test tiles' } });
  const browser = await launchBrowser();
  try {
    const people = [
      ['a visitor', null],
      ['a resident', 'resident01@demo.yoriai.example'],
      ['department staff', 'staff@demo.yoriai.example'],
      ['an administrator', 'admin@demo.yoriai.example'],
    ];
    for (const [who, email] of people) {
      const { page, context } = await newPage(browser, { javaScript, locale: 'en-US' });
      watchServerErrors(page);
      if (email) await signIn(page, server.url, email, PASSWORD, javaScript);
      const menu = await walkMenu(page, server.url, javaScript, who);
      if (email === 'staff@demo.yoriai.example') {
        assert.ok(menu.includes('/inbox'), 'staff have the inbox in the menu');
        // The inbox's tabs each have their own name.
        await page.goto(`${server.url}/inbox`);
        const tabs = await page.locator('.tabs a').allTextContents();
        const names = tabs.map((t) => t.replace(/\s*\(\d+\)\s*$/, ''));
        assert.equal(new Set(names).size, names.length, `inbox tabs: ${tabs}`);
      }
      await walkDeeper(page, server.url, javaScript, who);
      await context.close();
    }

    // A resident's draft: the page hydrates (it did not, once) and says it is a draft.
    const { page: aoi } = await newPage(browser, { javaScript, locale: 'en-US' });
    watchServerErrors(aoi);
    await signIn(aoi, server.url, 'resident02@demo.yoriai.example', PASSWORD, javaScript);
    await aoi.goto(`${server.url}/processes/ideas-2026/proposals/new`);
    if (javaScript) await waitForHydration(aoi);
    await aoi.fill('#proposal-new-title', 'Shade trees on the school road');
    await aoi.fill('#proposal-new-body', 'Plant shade trees along the road to the elementary school so children can walk in summer.');
    await aoi.click('#proposal-new button[type=submit]');
    await aoi.waitForURL(/\/proposals\/\d+/);
    const draftUrl = aoi.url().split('?')[0];
    await aoi.goto(draftUrl);
    if (javaScript) await waitForHydration(aoi);
    await aoi.locator('main', { hasText: 'This is a draft' }).waitFor();
    await assertClean(aoi, 'a draft proposal');
    await screenshot(aoi, `navigation-${javaScript ? 'js' : 'nojs'}-draft`);

    // The skip link moves the keyboard focus to the content, with JavaScript too.
    await aoi.goto(`${server.url}/processes`);
    if (javaScript) await waitForHydration(aoi);
    await aoi.keyboard.press('Tab');
    assert.equal(await aoi.evaluate(() => document.activeElement?.className), 'skip-link');
    await aoi.keyboard.press('Enter');
    await aoi.waitForFunction(() => document.activeElement?.id === 'main');

    // On a phone, controls standing on their own are at least 44 px tall.
    for (const path of ['/', draftUrl.replace(server.url, ''), '/processes/ideas-2026/proposals', '/reports']) {
      await aoi.goto(`${server.url}${path}`);
      if (javaScript) await waitForHydration(aoi);
      const small = await aoi.evaluate(() => {
        const controls = document.querySelectorAll(
          'button, .button, .lang-button, summary, .tabs a, .nav-list a, .breadcrumb a, input[type=submit]');
        return [...controls]
          .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
          .map((el) => ({ text: (el.textContent || el.value || '').trim().slice(0, 30), h: el.getBoundingClientRect().height }))
          .filter((c) => c.h > 0 && c.h < 43.5);
      });
      assert.deepEqual(small, [], `controls under 44 px tall on ${path}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

test('walking the site by clicking links, JavaScript on', { timeout: 900_000 }, () => journey(true));
test('walking the site by clicking links, JavaScript off', { timeout: 900_000 }, () => journey(false));
