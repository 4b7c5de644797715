// The first second: the page paints the shell and says what it is loading before the module has
// arrived, and the module compiles while it streams in.
const { test, expect } = require('@playwright/test');
const { watchErrors, TIMING } = require('./helpers');

/** Records long tasks (main thread blocked over 50 ms) from navigation on. */
function watchLongTasks(page) {
  return page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
  });
}

test('the shell and what is loading paint within 1 s, before the module arrives', TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  // Hold the module back, as a slow classroom network would.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto('/', { waitUntil: 'commit' });

  const loading = page.locator('#loading');
  await expect(loading).toBeVisible();
  await expect(loading).toContainText('Data Sandbox');
  await expect(page.getByTestId('loading-what')).toContainText('Loading the simulation engine: Kinesis Data Streams, Firehose');
  await expect(page.getByTestId('loading-detail')).toHaveText('Downloading the engine…');
  const fcp = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const e = list.getEntriesByName('first-contentful-paint')[0];
      if (e) resolve(e.startTime);
    }).observe({ type: 'paint', buffered: true });
  }));
  expect(fcp).toBeLessThan(1000);

  release();
  await expect(page.getByTestId('virtual-clock')).toBeVisible();
  await expect(loading).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the module is compiled while it streams in, from the preloaded download', TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await watchLongTasks(page);
  const wasmRequests = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmRequests.push(r.url()); });
  await page.goto('/');
  await expect(page.getByTestId('virtual-clock')).toBeVisible();
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime,
    interactive: performance.now(),
    longTasks: window.__longTasks,
  }));
  // One download: the preload link's, reused by boot.js (a second would double the page).
  expect(wasmRequests).toHaveLength(1);
  // instantiateStreaming refuses anything but application/wasm; the fallback warns on the console.
  const wasm = await page.request.get(wasmRequests[0]);
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  console.log(`first contentful paint ${Math.round(timing.fcp)} ms; interactive by ${Math.round(timing.interactive)} ms; `
    + `long tasks [start, ms]: ${JSON.stringify(timing.longTasks)}`);
  expect(timing.fcp).toBeLessThan(1000);
  // wasm-bindgen falls back to a full download before compiling, with this warning, when it cannot stream.
  expect(warnings.filter((w) => w.includes('instantiateStreaming'))).toEqual([]);
  expect(errors).toEqual([]);
});
