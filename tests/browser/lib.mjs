// Shared helpers for the browser journeys: start the real `yoriai` binary on a free
// port with a fresh database, drive Debian's Chromium, read the mail folder, run axe.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';

export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

const BIN = process.env.YORIAI_BIN ?? new URL('../../target/debug/yoriai', import.meta.url).pathname;

/**
 * Starts `yoriai serve` on 127.0.0.1:0; resolves once it prints its address. `setup`
 * lists `yoriai` commands run first, as an operator would: argument arrays, or
 * `{ args, input }` for a command that reads standard input (a password).
 */
export async function startServer({ databaseUrl, env = {}, seed = false, setup = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'yoriai-browser-'));
  const commands = [...setup, ...(seed ? [['seed', '--demo']] : [])];
  for (const command of commands) {
    // A command is its arguments, or { args, input } when it reads standard input.
    const { args, input } = Array.isArray(command) ? { args: command, input: undefined } : command;
    const out = spawnSync(BIN, args, {
      env: { ...process.env, YORIAI_DATA_DIR: dataDir, YORIAI_LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env },
      encoding: 'utf8',
      input,
    });
    if (out.status !== 0) throw new Error(`yoriai ${args.join(' ')} failed:\n${out.stderr}`);
  }
  const child = spawn(BIN, ['serve', '--bind', '127.0.0.1:0'], {
    env: {
      ...process.env,
      YORIAI_DATA_DIR: dataDir,
      YORIAI_LOG_LEVEL: process.env.YORIAI_LOG_LEVEL ?? 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 60_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/running at (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  return {
    url,
    dataDir,
    logs: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the local OpenID Connect provider of the sign-in tests (tests/oidc), and
 * returns its issuer and the environment that configures Yoriai to use it as `local`.
 */
export async function startOidcProvider() {
  const script = new URL('../oidc/provider.mjs', import.meta.url).pathname;
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the OpenID Connect provider did not start')), 20_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^issuer (\S+)/m);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the provider exited with ${code}`)); });
  });
  return {
    issuer,
    env: {
      YORIAI_OIDC__LOCAL__ISSUER: issuer,
      YORIAI_OIDC__LOCAL__CLIENT_ID: 'yoriai-browser-test',
      YORIAI_OIDC__LOCAL__CLIENT_SECRET: 'browser-test-secret',
      YORIAI_OIDC__LOCAL__LABEL: 'Local ID',
    },
    async stop() {
      child.stdin.end();
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.once('exit', r); });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** The demo staff's two-step sign-in key (server/src/seed/mod.rs). */
export const DEMO_TWO_FACTOR_KEY = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) of `key` for time step `step`. */
export function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(key)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

// A code works once: remember the last step used per account; the next sign-in uses
// the following step (accepted as one step of clock skew) or waits for it.
const usedSteps = new Map();
async function freshCode(account) {
  const now = () => Math.floor(Date.now() / 30_000);
  const step = Math.max(now(), (usedSteps.get(account) ?? 0) + 1);
  usedSteps.set(account, step);
  while (now() + 1 < step) await new Promise((r) => setTimeout(r, 500));
  return totp(DEMO_TWO_FACTOR_KEY, step);
}

/** Signs in through the form (works with or without JavaScript); staff give their code. */
export async function signIn(page, base, email, password, javaScript) {
  await page.goto(`${base}/sign-in`);
  if (javaScript) await waitForHydration(page);
  await page.fill('#sign-in-email', email);
  await page.fill('#sign-in-password', password);
  await page.click('#sign-in button[type=submit]');
  await page.waitForURL((u) => u.pathname === '/' || u.pathname === '/sign-in/two-factor');
  if (new URL(page.url()).pathname === '/sign-in/two-factor') {
    if (javaScript) await waitForHydration(page);
    await page.fill('#sign-in-code-code', await freshCode(`${base} ${email}`));
    await page.click('#sign-in-code button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/');
  }
  if (javaScript) await waitForHydration(page);
}

/** A page that records console errors and CSP violations. */
export async function newPage(browser, { javaScript = true, locale = 'ja-JP' } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.javaScript = javaScript;
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  return { context, page };
}

/**
 * Waits until the WebAssembly has hydrated the page (clicks before that do nothing).
 * Generous: the debug bundle is large, and on a loaded 2-core machine compiling it
 * (and gzipping it in a debug server) has taken over 45 s.
 */
export async function waitForHydration(page) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 120_000 });
}

/** The newest mail file in the server's mail folder whose name contains `kind`. */
export async function waitForMail(server, kind, to) {
  const dir = join(server.dataDir, 'mail');
  for (let i = 0; i < 200; i++) {
    let files = [];
    try { files = readdirSync(dir).filter((f) => f.includes(kind)).sort(); } catch { /* not yet */ }
    for (const f of files.reverse()) {
      const text = readFileSync(join(dir, f), 'utf8');
      if (!to || text.includes(`To: ${to}`)) return text;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no ${kind} mail${to ? ` to ${to}` : ''} in ${dir}`);
}

export function firstLink(mailText) {
  const m = mailText.match(/https?:\/\/\S+/);
  if (!m) throw new Error(`no link in mail:\n${mailText}`);
  return m[0];
}

/** Runs axe-core (WCAG 2.1 A/AA) and returns its violations. axe is JavaScript, so
 *  for a page opened with JavaScript off the same URL is opened again in a twin context
 *  with the same cookies, JavaScript on only for axe, and the app bundle blocked: the
 *  checked DOM is exactly the server-rendered page a no-JS visitor gets. */
export async function axe(page) {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  if (page.javaScript !== false) {
    return (await new AxeBuilder({ page }).withTags(tags).analyze()).violations;
  }
  const browser = page.context().browser();
  const twin = await browser.newContext({ viewport: page.viewportSize(), locale: 'ja-JP' });
  try {
    await twin.addCookies(await page.context().cookies());
    await twin.route('**/pkg/**', (route) => route.abort());
    const copy = await twin.newPage();
    await copy.goto(page.url());
    return (await new AxeBuilder({ page: copy }).withTags(tags).analyze()).violations;
  } finally {
    await twin.close();
  }
}

export function describeViolations(violations) {
  return violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Waits until the text of `selector` matches `re` (pages that navigate on the client
 * show their loading fallback for a moment), then asserts it, so a failure still
 * shows what the page said.
 */
export async function expectText(page, selector, re, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  let text = '';
  for (;;) {
    text = (await page.textContent(selector, { timeout }).catch(() => '')) ?? '';
    if (re.test(text) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(text, re);
}
