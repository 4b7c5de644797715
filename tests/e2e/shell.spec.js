// The app shell: loading, the clock, play/pause/step/step back, shareable links, errors.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { watchErrors, openSandbox, clock, screenshot, COMPRESSED } = require('./helpers');

const EPOCH = '2026-01-01T00:00:00.000Z';

test('the page loads with the clock at the scenario epoch and no console errors', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page);
  await expect(page.getByTestId('virtual-clock')).toHaveText(EPOCH);
  await expect(page.locator('header')).toContainText('Data Sandbox');
  await expect(page.locator('svg.map')).toBeVisible();
  await expect(page.locator('#loading')).toHaveCount(0);
  // Give the frame loop a moment to run, then check again.
  await page.waitForTimeout(500);
  expect(errors).toEqual([]);
});

test('the server sends wasm as application/wasm and a strict Content-Security-Policy', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const wasmPath = html.match(/href="(public\/pkg\/app_bg\.[0-9a-f]{10}\.wasm)"/)[1];
  const wasm = await request.get('/' + wasmPath);
  expect(wasm.status()).toBe(200);
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  const page = await request.get('/');
  const csp = page.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/https?:/);
  expect((await request.get('/Makefile')).status()).toBe(404);
});

test('files come pre-compressed, hashed names are cached for a year, the page is revalidated', COMPRESSED, async ({ request }) => {
  const html = await request.get('/', { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(html.headers()['content-encoding']).toBe('br');
  expect(html.headers()['cache-control']).toBe('no-cache');
  const text = await html.text();
  const assets = [...text.matchAll(/(?:href|src)="([^"]+\.[0-9a-f]{10}\.(?:js|css|wasm|svg))"/g)].map((m) => m[1]);
  // The favicon, nine style sheets (main, streams, firehose, s3, analytics, learn, transfer,
  // emr, pipeline), the module's JS and wasm, boot.js.
  expect(assets).toHaveLength(13);
  for (const asset of assets) {
    const r = await request.get('/' + asset, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(r.status(), asset).toBe(200);
    expect(r.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
    expect(r.headers()['vary'], asset).toBe('Accept-Encoding');
  }
  const wasm = assets.find((a) => a.endsWith('.wasm'));
  const gzip = await request.get('/' + wasm, { headers: { 'Accept-Encoding': 'gzip' } });
  expect(gzip.headers()['content-encoding']).toBe('gzip');
  expect(gzip.headers()['content-type']).toBe('application/wasm');
  const identity = await request.get('/' + wasm, { headers: { 'Accept-Encoding': 'identity' } });
  expect(identity.headers()['content-encoding']).toBeUndefined();
  // The body arrives decoded either way: the same module.
  expect((await gzip.body()).equals(await identity.body())).toBe(true);
  expect((await request.get('/' + wasm + '.br')).status()).toBe(404);
});

test('play advances the clock and pause holds it', async ({ page }) => {
  await openSandbox(page);
  await page.getByTestId('play').click();
  await expect.poll(() => clock(page), { timeout: 5000 }).not.toBe(EPOCH);
  await page.waitForTimeout(700);
  await page.getByTestId('pause').click();
  const held = await clock(page);
  expect(held > EPOCH).toBe(true);
  await page.waitForTimeout(800);
  expect(await clock(page)).toBe(held);
});

test('space toggles play and pause', async ({ page }) => {
  await openSandbox(page);
  await page.locator('main').click();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('pause')).toBeVisible();
  await expect.poll(() => clock(page)).not.toBe(EPOCH);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toBeVisible();
});

test('speed makes virtual time run faster than real time', async ({ page }) => {
  await openSandbox(page);
  await page.getByTestId('speed').selectOption('100x');
  await page.getByTestId('play').click();
  await page.waitForTimeout(1000);
  await page.getByTestId('pause').click();
  const t = Date.parse(await clock(page)) - Date.parse(EPOCH);
  // About 100 s of virtual time in about 1 s of real time (frames are not exact).
  expect(t).toBeGreaterThan(40_000);
});

test('step back returns to an earlier time', async ({ page }) => {
  await openSandbox(page);
  await page.getByTestId('play').click();
  await page.waitForTimeout(1200);
  await page.getByTestId('pause').click();
  const later = await clock(page);
  await page.getByTestId('step-back').click();
  const earlier = await clock(page);
  expect(earlier < later).toBe(true);
});

test('a copied URL opened in a new page restores the same clock and seed', async ({ page, context }) => {
  await openSandbox(page);
  const seed = page.getByTestId('seed');
  await seed.fill('12345');
  await seed.press('Enter');
  await page.getByTestId('speed').selectOption('10x');
  await page.getByTestId('play').click();
  await page.waitForTimeout(900);
  await page.getByTestId('pause').click();
  const held = await clock(page);
  await expect.poll(() => page.url()).toContain('?s=1');
  const url = page.url();

  const other = await context.newPage();
  const errors = watchErrors(other);
  await other.goto(url);
  await expect(other.getByTestId('virtual-clock')).toHaveText(held);
  await expect(other.getByTestId('seed')).toHaveValue('12345');
  await expect(other.getByTestId('speed')).toHaveValue('10x');
  expect(errors).toEqual([]);
});

test('a damaged link shows a clear error instead of loading', async ({ page }) => {
  await openSandbox(page, '#/overview?s=1thisisnotascenario');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('damaged');
  // The sandbox still works.
  await expect(page.getByTestId('virtual-clock')).toHaveText(EPOCH);
  await page.goto('about:blank');
  await openSandbox(page, '#/overview?s=7abc');
  await expect(page.getByTestId('error-banner')).toContainText("format '7'");
});

test('a panic shows the error banner with a copy-scenario button, not a blank page', async ({ page }) => {
  await openSandbox(page);
  await page.evaluate(() => { try { window.sandbox.debug_panic(); } catch (e) { /* the trap */ } });
  const banner = page.getByTestId('error-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('deliberate panic');
  await expect(page.getByTestId('copy-scenario')).toBeVisible();
});

test('the release build reproduces the native reference fingerprint', async ({ page }) => {
  await openSandbox(page);
  const inBrowser = await page.evaluate(() => window.sandbox.reference_fingerprint());
  const native = fs.readFileSync(
    path.join(__dirname, '..', '..', 'engine', 'tests', 'engine', 'reference_fingerprint.txt'), 'utf8').trim();
  expect(inBrowser).toBe(native);
});

test('controls are reachable by keyboard with a visible focus', async ({ page }) => {
  await openSandbox(page);
  await page.keyboard.press('Tab');
  const seen = new Set();
  // Enough presses to pass every nav entry (one per view) and reach the last control.
  for (let i = 0; i < 24; i++) {
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (id) seen.add(id);
    await page.keyboard.press('Tab');
  }
  for (const id of ['play', 'step-back', 'step', 'speed', 'seed', 'reset']) expect(seen).toContain(id);
  await page.getByTestId('step').focus();
  const outline = await page.getByTestId('step').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
});

test('screenshots at projector and phone sizes', async ({ page }) => {
  await openSandbox(page);
  await screenshot(page, 'shell-1280x720');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  // Nothing may force a horizontal scrollbar on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'shell-390x844');
});
