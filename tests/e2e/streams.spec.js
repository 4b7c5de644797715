// The Streams view: one journey per preset, asserting what the learner sees, a hands-on journey
// through the buttons (each echoed as an `aws kinesis ...` command), and the performance check
// at 10,000 records/s on 8 shards.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { watchErrors, openSandbox, setSpeed, playVirtual, screenshot, TIMING } = require('./helpers');

const DOCS = path.join(__dirname, '..', '..', 'docs');

async function openPreset(page, preset) {
  await openSandbox(page, `#/streams?preset=${preset}`);
  await expect(page.getByTestId('preset-notice')).toBeVisible();
  await expect(page.getByTestId('shard-lane').first()).toBeVisible();
}

async function number(page, testId) {
  const text = await page.getByTestId(testId).first().textContent();
  return Number(text.replace(/,/g, '').trim());
}

/** One screenshot per preset for the README: a taller window, from the preset's notice down. */
async function docsShot(page, preset, from = '.streams') {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8);
  }, from);
  // Artifacts every run; docs/ only when asked (`UPDATE_DOCS=1 make test-e2e`), so a test run
  // leaves the checkout clean.
  if (process.env.UPDATE_DOCS === '1') {
    fs.mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, `streams-${preset}.png`), fullPage: false });
  }
  await screenshot(page, `streams-${preset}`);
  await page.setViewportSize(size);
}

test('hot partition key: the throttle count rises, and stops once the keys are spread', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'hot-partition-key');
  await expect(page.getByTestId('preset-covers')).toContainText('S9');
  await expect(page.getByTestId('shard-lane')).toHaveCount(2);
  await expect.poll(() => number(page, 'throttle-count'), { timeout: 10_000 }).toBeGreaterThan(0);
  const first = await number(page, 'throttle-count');
  // The windows below are virtual seconds, watched at 10x; the hover and the picture at 1x.
  await setSpeed(page, '10x');
  await playVirtual(page, 2);
  await setSpeed(page, '1x');
  expect(await number(page, 'throttle-count')).toBeGreaterThan(first);
  await expect(page.locator('.lane.throttled')).toHaveCount(1);
  // Hover a record: its partition key, MD5 hash and shard appear.
  const dot = page.locator('circle.record').first();
  await dot.hover({ force: true });
  await expect(page.getByTestId('record-tip')).toContainText('Partition key');
  await expect(page.getByTestId('record-tip')).toContainText(/MD5/);
  await docsShot(page, 'hot-partition-key');

  await page.getByTestId('preset-next').click();
  await setSpeed(page, '10x');
  await playVirtual(page, 4);
  const settled = await number(page, 'throttle-count');
  await playVirtual(page, 3);
  expect(await number(page, 'throttle-count')).toBe(settled);
  expect(errors).toEqual([]);
});

test('split the hot shard: children appear with their parent named, and throttling stops', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'split-hot-shard');
  await expect.poll(() => number(page, 'throttle-count'), { timeout: 10_000 }).toBeGreaterThan(0);
  const before = await number(page, 'throttle-count');
  // The windows below are virtual seconds, watched at 10x; the picture at 1x.
  await setSpeed(page, '10x');
  await playVirtual(page, 2);
  expect(await number(page, 'throttle-count')).toBeGreaterThan(before);

  await page.getByTestId('preset-next').click();
  await expect(page.getByTestId('shard-lane')).toHaveCount(4);
  const parent = page.locator('[data-testid="shard-lane"][data-shard-id="shardId-000000000001"]');
  await expect(parent).toHaveAttribute('data-status', 'CLOSED');
  const children = page.locator('[data-testid="shard-lane"][data-parent="shardId-000000000001"]');
  await expect(children).toHaveCount(2);
  await expect(children.first()).toContainText('shard 1');
  // Retries still in flight land first; then the count holds.
  await playVirtual(page, 4);
  const settled = await number(page, 'throttle-count');
  await playVirtual(page, 3);
  expect(await number(page, 'throttle-count')).toBe(settled);
  await setSpeed(page, '1x');
  await docsShot(page, 'split-hot-shard');
  expect(errors).toEqual([]);
});

test('slow consumer: its iterator age grows, then recovers when it speeds up', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'slow-consumer');
  const age = () => page.getByTestId('iterator-age').first().getAttribute('data-ms').then(Number);
  // Waits in virtual time, watched at 10x; the picture at 1x.
  await setSpeed(page, '10x');
  await expect.poll(age, { timeout: 10_000 }).toBeGreaterThan(1000);
  const early = await age();
  await playVirtual(page, 3);
  await setSpeed(page, '1x');
  const later = await age();
  expect(later).toBeGreaterThan(early);
  await docsShot(page, 'slow-consumer', '.streams-bar');

  await page.getByTestId('preset-next').click();
  await setSpeed(page, '10x');
  await expect.poll(age, { timeout: 15_000 }).toBeLessThan(1500);
  expect(errors).toEqual([]);
});

test('enhanced fan-out keeps up while classic consumers share 2 MiB/s', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'enhanced-fan-out');
  const ageOf = (name) =>
    page.locator(`[data-consumer="${name}"] [data-testid="iterator-age"]`).getAttribute('data-ms').then(Number);
  await expect(page.locator('[data-consumer="fanout-1"]')).toBeVisible();
  // Waiting for the readers to fall behind: at 10x; the picture at 1x.
  await setSpeed(page, '10x');
  await expect.poll(() => number(page, 'read-throttle-count'), { timeout: 10_000 }).toBeGreaterThan(0);
  // The readers share each shard's 2 MiB/s: whichever is refused falls behind.
  const worstReader = async () =>
    Math.max(...(await Promise.all([1, 2, 3, 4].map((i) => ageOf(`reader-${i}`)))));
  await expect.poll(worstReader, { timeout: 15_000 }).toBeGreaterThan(2000);
  expect(await ageOf('fanout-1')).toBeLessThan(2000);
  await setSpeed(page, '1x');
  await docsShot(page, 'enhanced-fan-out', '.streams-bar');
  expect(errors).toEqual([]);
});

test('retention: records expire at the trim horizon and disappear', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'retention-expiry');
  await expect.poll(() => number(page, 'stored-records'), { timeout: 10_000 }).toBeGreaterThan(50);
  await expect(page.getByTestId('retention-hours')).toHaveValue('24');
  await page.getByTestId('preset-next').click();
  await expect.poll(() => number(page, 'stored-records'), { timeout: 30_000 }).toBe(0);
  expect(await number(page, 'expired-records')).toBeGreaterThan(50);
  await expect(page.locator('circle.record')).toHaveCount(0);
  await expect(page.getByTestId('play')).toBeVisible();
  await docsShot(page, 'retention-expiry');
  expect(errors).toEqual([]);
});

test('resharding keeps per-key order: children wait for their parent to be read to the end', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'resharding-keeps-order');
  await expect(page.locator('[data-consumer="order-app"] .worker')).toHaveCount(2);
  await setSpeed(page, '10x');
  await playVirtual(page, 2);
  await page.getByTestId('preset-next').click();
  const children = page.locator('[data-testid="shard-lane"][data-parent="shardId-000000000000"]');
  await expect(children).toHaveCount(2);
  const leases = page.locator('[data-consumer="order-app"] table.leases');
  await expect(leases).toContainText('SHARD_END', { timeout: 10_000 });
  await expect(leases.locator('tr')).toHaveCount(5);
  await setSpeed(page, '1x');
  await docsShot(page, 'resharding-keeps-order', '.streams-main');
  expect(errors).toEqual([]);
});

test('by hand: create, produce, split, merge, add and kill consumers; each shows its aws command', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/streams');
  await page.getByTestId('shard-count').fill('2');
  await page.getByTestId('create-stream').click();
  // CREATING until the clock runs.
  await expect(page.locator('.lanes-empty')).toContainText('CREATING');
  await page.getByTestId('play').click();
  // The creation and the pauses below are virtual time: at 10x.
  await setSpeed(page, '10x');
  await expect(page.getByTestId('shard-lane')).toHaveCount(2);
  await page.getByTestId('add-producer').click();
  await expect(page.getByTestId('producer-rate')).toHaveValue('500');
  await page.getByTestId('producer-rate').fill('800');
  await page.getByTestId('producer-rate').press('Enter');
  await page.getByTestId('producer-rate').blur();
  await expect(page.getByTestId('producer-rate')).toHaveValue('800');
  await playVirtual(page, 1);

  // Split shard 0 at the midpoint.
  await page.locator('[data-testid="shard-lane"][data-shard-id="shardId-000000000000"] .lane-head').click();
  await page.getByText('Midpoint').click();
  await expect(page.getByTestId('split-key')).toHaveValue('85070591730234615865843651857942052864');
  await page.getByTestId('split-shard').click();
  await expect(page.getByTestId('shard-lane')).toHaveCount(4);
  // Merge the two children back.
  await playVirtual(page, 1.2);
  await page.locator('[data-testid="shard-lane"][data-shard-id="shardId-000000000002"] .lane-head').click();
  await expect(page.getByTestId('merge-shards')).toBeEnabled();
  await page.getByTestId('merge-shards').click();
  await expect(page.getByTestId('shard-lane')).toHaveCount(5);

  // A KCL app with 2 workers (the default); kill one.
  await page.getByTestId('consumer-kind').selectOption('kcl');
  await page.getByTestId('add-consumer').click();
  await expect(page.locator('[data-consumer="kcl-app-1"] .worker')).toHaveCount(2);
  await page.getByTestId('kill-worker').first().click();
  await expect(page.locator('[data-consumer="kcl-app-1"] .worker.dead')).toHaveCount(1);
  await expect(page.getByTestId('iterator-age')).toHaveCount(1);

  await page.getByTestId('retention-hours').fill('48');
  await page.getByTestId('set-retention').click();
  await expect(page.getByTestId('retention-hours')).toHaveValue('48');

  await page.locator('nav.views a', { hasText: 'Console' }).click();
  const out = page.getByTestId('console-output');
  await expect(out).toContainText('aws kinesis create-stream');
  await expect(out).toContainText('aws kinesis split-shard');
  await expect(out).toContainText('aws kinesis merge-shards');
  await expect(out).toContainText('aws kinesis increase-stream-retention-period');
  expect(errors).toEqual([]);
});

test('stays smooth at 10,000 records/s on 8 shards: no long task in 10 s', TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'massive-stream');
  await expect(page.getByTestId('shard-lane')).toHaveCount(8);
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.waitForTimeout(10_000);
  const { longTasks, frames } = await page.evaluate(() => ({ longTasks: window.__longTasks, frames: window.__frames }));
  const clock = await page.getByTestId('virtual-clock').textContent();
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] || 0;
  const report = {
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
    frames: frames.length,
    frameP95Ms: Math.round(p95 * 10) / 10,
    worstFrameMs: Math.round(Math.max(0, ...frames) * 10) / 10,
    virtualClock: clock,
    throttled: await number(page, 'throttle-count'),
  };
  console.log('streams performance at 10,000 records/s:', JSON.stringify(report));
  fs.mkdirSync(path.join(__dirname, '..', 'artifacts'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', 'artifacts', 'streams-performance.json'), JSON.stringify(report, null, 2));
  await docsShot(page, 'massive-stream');
  expect(longTasks).toEqual([]);
  expect(errors).toEqual([]);
});

test('the view is usable at 390 px wide', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openPreset(page, 'split-hot-shard');
  await page.waitForTimeout(1500);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await screenshot(page, 'streams-390');
});
