// The Firehose view: one journey per preset, asserting what the learner sees: the buffer
// filling and flushing, objects landing in the S3 browser under AWS-format keys, and a gzip
// object's preview decompressed.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

const DOCS = path.join(__dirname, '..', '..', 'docs');

/** `YYYY/MM/dd/HH/<name>-1-YYYY-MM-DD-HH-MM-SS-<uuid>[.gz]`, as Firehose names objects. */
function keyPattern(name, ext = '') {
  const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  return new RegExp(`^\\d{4}/\\d{2}/\\d{2}/\\d{2}/${name}-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-${uuid}${ext.replace('.', '\\.')}$`);
}

async function openPreset(page, preset) {
  await openSandbox(page, `#/firehose?preset=${preset}`);
  await expect(page.getByTestId('preset-notice')).toBeVisible();
  await expect(page.getByTestId('buffer-bytes')).toBeVisible();
}

async function number(page, testId) {
  const text = await page.getByTestId(testId).first().textContent();
  return Number(text.replace(/,/g, '').trim());
}

async function docsShot(page, preset) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.evaluate(() => {
    const el = document.querySelector('.firehose');
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8);
  });
  if (process.env.UPDATE_DOCS === '1') {
    fs.mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, `firehose-${preset}.png`), fullPage: false });
  }
  await screenshot(page, `firehose-${preset}`);
  await page.setViewportSize(size);
}

test('small vs large buffer: the buffer fills and flushes by size, objects land under AWS keys', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'small-vs-large-buffer');
  await expect(page.getByTestId('preset-covers')).toContainText('S5');
  // The buffer rises...
  await expect.poll(() => number(page, 'buffer-bytes'), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('buffer-seconds')).toHaveText(/^\d+$/);
  // ...then drops at a flush.
  let last = await number(page, 'buffer-bytes');
  let dropped = false;
  for (let i = 0; i < 60 && !dropped; i++) {
    await page.waitForTimeout(250);
    const now = await number(page, 'buffer-bytes');
    dropped = now < last;
    last = now;
  }
  expect(dropped).toBe(true);
  const objects = page.getByTestId('s3-object');
  await expect(objects.first()).toBeVisible({ timeout: 15_000 });
  const key = await objects.first().getAttribute('data-key');
  expect(key).toMatch(keyPattern('small-buffer'));
  await expect(page.locator('[data-testid="flush-row"][data-reason="size"]').first()).toBeVisible();
  await objects.first().click();
  await expect(page.getByTestId('s3-preview')).toContainText('producer-1#');
  await docsShot(page, 'small-vs-large-buffer');
  await page.locator('.fh-charts').scrollIntoViewIfNeeded();
  await screenshot(page, 'firehose-charts');
  expect(errors).toEqual([]);
});

test('streams to s3: a gzip object previews decompressed', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'streams-to-s3');
  const objects = page.getByTestId('s3-object');
  await expect(objects.first()).toBeVisible({ timeout: 30_000 });
  expect(await objects.first().getAttribute('data-key')).toMatch(keyPattern('clicks-to-s3', '.gz'));
  await objects.first().click();
  await expect(page.getByTestId('s3-preview')).toContainText('gzip, shown decompressed');
  await expect(page.getByTestId('s3-preview')).toContainText('producer-1#');
  await docsShot(page, 'streams-to-s3');
  expect(errors).toEqual([]);
});

test('near real time: the buffer counts down to the interval flush', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'near-real-time');
  await expect(page.getByTestId('preset-covers')).toContainText('S7');
  await expect.poll(() => number(page, 'buffer-bytes'), { timeout: 15_000 }).toBeGreaterThan(0);
  const first = await number(page, 'buffer-seconds');
  expect(first).toBeLessThanOrEqual(60);
  await expect.poll(() => number(page, 'buffer-seconds'), { timeout: 10_000 }).toBeLessThan(first);
  // The Streams reader keeps up within seconds; Firehose holds records for the interval.
  await expect(page.getByTestId('streams-reader-lag')).toHaveText(/^\d+(\.\d)? s$/);
  await expect(page.getByTestId('firehose-wait')).toContainText('waiting');
  await docsShot(page, 'near-real-time');
  expect(errors).toEqual([]);
});

test('hands on: a direct-put stream, one PutRecordBatch, a JSON preview', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/firehose');
  await page.getByTestId('buffer-interval').fill('10');
  await page.getByTestId('create-delivery-stream').click();
  await expect(page.getByTestId('buffer-bytes')).toBeVisible();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('send-records')).toBeEnabled({ timeout: 20_000 });
  await page.getByTestId('send-records').click();
  const objects = page.getByTestId('s3-object');
  await expect(objects.first()).toBeVisible({ timeout: 30_000 });
  await objects.first().click();
  await expect(page.getByTestId('s3-preview')).toContainText('"event": "page_view"');
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, 'firehose-hands-on-390');
  expect(errors).toEqual([]);
});
