// The Firehose view: one journey per preset, asserting what the learner sees: the buffer
// filling and flushing, objects landing in the S3 browser under AWS-format keys, and a gzip
// object's preview decompressed.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { watchErrors, openSandbox, setSpeed, screenshot } = require('./helpers');

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
  // ...then drops at a flush (every 5 virtual seconds or so: watched at 10x, where a 250 ms
  // look still sees the buffer at least twice a cycle; the pictures at 1x).
  await setSpeed(page, '10x');
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
  await setSpeed(page, '1x');
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
  // The first flush is 1 MiB at 50 KB/s, 20 s away: wait for it at 10x.
  await setSpeed(page, '10x');
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
  // The stream's creation and the 10 s interval flush, at 10x.
  await setSpeed(page, '10x');
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

async function fast(page) {
  await page.getByTestId('speed').selectOption('100x');
}

test('transform records: Ok, Dropped and ProcessingFailed counts, failures under processing-failed/', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/firehose?preset=transform-records');
  await expect(page.getByTestId('preset-notice')).toBeVisible();
  await expect(page.getByTestId('preset-covers')).toContainText('S5');
  // 100 sample events (3 from user-0: seq 0, 37, 74) and 5 lines that are not JSON.
  await expect(page.getByTestId('transform-ok')).toHaveText('97');
  await expect(page.getByTestId('transform-dropped')).toHaveText('3');
  await expect(page.getByTestId('transform-failed')).toHaveText('5');
  await fast(page);
  const failed = page.locator('[data-testid="s3-object"][data-key^="errors/processing-failed/"]');
  await expect(failed.first()).toBeAttached({ timeout: 30_000 });
  const delivered = page.locator('[data-testid="s3-object"]:not([data-key^="errors/"])');
  await expect(delivered.first()).toBeAttached({ timeout: 30_000 });
  await page.locator('.fh-transform').scrollIntoViewIfNeeded();
  await screenshot(page, 'firehose-transform-records');
  await failed.first().scrollIntoViewIfNeeded();
  await failed.first().click();
  // AWS's processing-failed record: errorCode, the raw data and the Lambda ARN, decompressed.
  await expect(page.getByTestId('s3-preview')).toContainText('Lambda.ProcessingFailed', { timeout: 10_000 });
  await expect(page.getByTestId('s3-preview')).toContainText('rawData');
  await screenshot(page, 'firehose-transform-error-object');
  expect(errors).toEqual([]);
});

test('destination outage: retries for the retry window, then documents land under the error prefix', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/firehose?preset=destination-outage');
  await expect(page.getByTestId('preset-notice')).toContainText('300 s');
  const toggle = page.locator('[data-testid="outage-toggle"][data-target="OpenSearch"]');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await fast(page);
  await expect(page.getByTestId('retry-timeline')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('retry-attempt').count(), { timeout: 30_000 }).toBeGreaterThan(2);
  const failedObj = page.locator('[data-testid="s3-object"][data-key^="errors/"]');
  await expect(failedObj.first()).toBeAttached({ timeout: 60_000 });
  await expect(page.getByTestId('retry-error-object').first()).toBeAttached();
  expect(await page.getByTestId('opensearch-doc').count()).toBe(0);
  await page.getByTestId('retry-timeline').scrollIntoViewIfNeeded();
  await screenshot(page, 'firehose-destination-outage');
  // Back up: the next flush is indexed and queryable by field.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('send-records').click();
  await expect(page.getByTestId('opensearch-doc').first()).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('opensearch-query').fill('page=/cart');
  await expect(page.getByTestId('opensearch-doc').first()).toContainText('/cart');
  await page.locator('.fh-opensearch').scrollIntoViewIfNeeded();
  await screenshot(page, 'firehose-opensearch-docs');
  expect(errors).toEqual([]);
});

test('outage toggle by hand: S3 down, retry marks, then recovery', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/firehose');
  await page.getByTestId('buffer-interval').fill('10');
  await page.getByTestId('create-delivery-stream').click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('send-records')).toBeEnabled({ timeout: 20_000 });
  const toggle = page.locator('[data-testid="outage-toggle"][data-target="S3"]');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('send-records').click();
  await fast(page);
  await expect.poll(() => page.getByTestId('retry-attempt').count(), { timeout: 30_000 }).toBeGreaterThan(1);
  expect(await page.getByTestId('s3-object').count()).toBe(0);
  await toggle.click();
  await expect(page.locator('[data-testid="retry-attempt"][data-ok="true"]').first()).toBeAttached({ timeout: 60_000 });
  await expect(page.getByTestId('s3-object').first()).toBeAttached({ timeout: 30_000 });
  await page.getByTestId('retry-timeline').scrollIntoViewIfNeeded();
  await screenshot(page, 'firehose-s3-outage-recovered');
  expect(errors).toEqual([]);
});

test('redshift: rows COPY loaded appear in the table', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/firehose');
  await page.getByTestId('buffer-interval').fill('10');
  await page.getByTestId('destination-select').selectOption('Redshift');
  await expect(page.getByTestId('redshift-table')).toHaveValue('clicks');
  await page.getByTestId('create-delivery-stream').click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('send-records')).toBeEnabled({ timeout: 20_000 });
  await page.getByTestId('send-records').click();
  await fast(page);
  await expect(page.getByTestId('redshift-row').first()).toBeVisible({ timeout: 60_000 });
  await page.locator('.fh-redshift').scrollIntoViewIfNeeded();
  await screenshot(page, 'firehose-redshift-rows');
  expect(errors).toEqual([]);
});
