// The Kinesis Data Analytics view: a preset runs an application over the demo ticker stream
// and output rows appear; bad SQL gets an error with its line and column and a marker in the
// editor; the Flink twin of the tumbling query counts the same rows; the console shows the
// aws kinesisanalytics commands; the view fits a phone without horizontal scrolling.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, setSpeed, screenshot } = require('./helpers');

async function openPreset(page, preset) {
  await openSandbox(page, `#/analytics?preset=${preset}`);
  await expect(page.getByTestId('preset-notice')).toBeVisible();
  await expect(page.getByTestId('kda-retired')).toContainText('Apache Flink');
}

/** Once the application reads rows (the preset is set up and playing), waits for its windows
 * at 100x: a minute's window closes in under a second. */
async function fast(page) {
  await expect(page.getByTestId('source-row').first()).toBeVisible({ timeout: 20_000 });
  await setSpeed(page, '100x');
}

test('tumbling preset: output rows appear, the console shows the API calls', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'tumbling-window');
  await expect(page.getByTestId('preset-covers')).toContainText('S11');
  await expect(page.getByTestId('kda-status')).toContainText('RUNNING', { timeout: 20_000 });
  await fast(page);
  await expect(page.getByTestId('output-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('window-timeline')).toBeVisible();
  await screenshot(page, 'analytics-tumbling-1280');
  await page.getByTestId('window-timeline').scrollIntoViewIfNeeded();
  await screenshot(page, 'analytics-timeline-1280');
  await page.locator('.kda-charts').scrollIntoViewIfNeeded();
  await page.waitForTimeout(600);
  await screenshot(page, 'analytics-chart-1280');
  // The console saw the real commands.
  await page.goto('/#/console');
  await expect(page.locator('body')).toContainText('aws kinesisanalytics create-application');
  await expect(page.locator('body')).toContainText('aws kinesisanalytics start-application');
  expect(errors).toEqual([]);
});

test('bad SQL: sql-error names the line and column and the editor marks it', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'tumbling-window');
  const editor = page.getByTestId('sql-editor');
  await editor.fill('CREATE OR REPLACE STREAM "DEST" (a INTEGER);\nCREATE OR REPLACE PUMP "P" AS INSERT INTO "DEST"\n  SELECT STREAM nope FROM "SOURCE_SQL_STREAM_001";');
  await page.getByTestId('sql-run').click();
  const err = page.getByTestId('sql-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText(/Line 3, column \d+/);
  await expect(page.locator('.sql-highlight .sql-mark')).toHaveCount(1);
  await screenshot(page, 'analytics-sql-error-1280');
  // Live check as the learner types: a parse error appears without pressing Run.
  await editor.fill('SELECT STREAM FROM WHERE');
  await expect(err).toContainText(/Line 1, column \d+/);
  expect(errors).toEqual([]);
});

test('Flink example: the twin counts the same rows as the legacy query', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'tumbling-window');
  await fast(page);
  await expect(page.getByTestId('output-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sql-examples').selectOption('flink-tumble');
  await expect(page.getByTestId('flink-editor')).toHaveValue(/TUMBLE/);
  await expect(page.getByTestId('sql-editor')).toHaveValue(/STEP/);
  const legacy = page.getByTestId('twin-count-legacy');
  const flink = page.getByTestId('twin-count-flink');
  await expect.poll(async () => Number(await legacy.textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
  // Pause so both counts are read from the same rows.
  await page.getByTestId('pause').click();
  await page.waitForTimeout(500);
  const a = Number(await legacy.textContent());
  const b = Number(await flink.textContent());
  expect(a).toBeGreaterThan(0);
  expect(b).toBe(a);
  await page.getByTestId('flink-editor').scrollIntoViewIfNeeded();
  await screenshot(page, 'analytics-flink-1280');
  expect(errors).toEqual([]);
});

test('price above moving average on a phone: output rows, no horizontal scroll', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await openPreset(page, 'price-above-moving-average');
  await fast(page);
  await expect(page.getByTestId('output-row').first()).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'analytics-above-average-390');
  await page.getByTestId('sql-editor').scrollIntoViewIfNeeded();
  await screenshot(page, 'analytics-editor-390');
  await page.getByTestId('window-timeline').scrollIntoViewIfNeeded();
  await screenshot(page, 'analytics-timeline-390');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});

test('stagger, then sliding picked from the preset menu: each runs', async ({ page }) => {
  await openPreset(page, 'stagger-window');
  // A stagger window closes a minute after its first row: the preset plays at 10x.
  await expect(page.getByTestId('speed')).toHaveValue(/10/);
  await fast(page);
  await expect(page.getByTestId('output-row').first()).toBeVisible({ timeout: 30_000 });
  // The learner's path: the menu sets the world up again from the start.
  await page.getByTestId('preset-select').selectOption('sliding-window');
  await expect(page.getByTestId('preset-notice')).toContainText('Sliding');
  await fast(page);
  await expect(page.getByTestId('output-row').first()).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'analytics-sliding-1280');
});
