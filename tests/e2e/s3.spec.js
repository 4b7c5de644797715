// The S3 view (#/s3): outcomes read from the page. An upload is listed with its size and who
// wrote it; Firehose's deliveries appear under their YYYY/MM/dd/HH/ prefixes; two puts and a
// delete in a versioned bucket leave a delete marker on top of the history; a GZIP object
// previews decompressed. Screenshots at 1280x720 and 390x844.
const { test, expect } = require('@playwright/test');
const zlib = require('zlib');
const { watchErrors, openSandbox, setSpeed, screenshot } = require('./helpers');

const PHONE = { width: 390, height: 844 };

/** `YYYY/MM/dd/HH/clicks-to-s3-1-YYYY-MM-DD-HH-MM-SS-<uuid>.gz`, as Firehose names objects. */
const FIREHOSE_KEY = /^\d{4}\/\d{2}\/\d{2}\/\d{2}\/clicks-to-s3-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.gz$/;

async function openS3(page, hash = '#/s3') {
  await openSandbox(page, hash);
  await expect(page.locator('#s3-title')).toHaveText('Amazon S3');
}

async function createBucket(page, name) {
  await page.getByTestId('s3-new-bucket').fill(name);
  await page.getByTestId('s3-create-bucket').click();
  await expect(page.getByTestId('s3-open-bucket')).toHaveText(`s3://${name}/`);
}

/** Picks files for the upload button, as a learner's file dialog would. */
async function upload(page, name, buffer, mimeType = 'application/octet-stream') {
  await page.getByTestId('s3-upload').setInputFiles({ name, mimeType, buffer });
}

function object(page, key) {
  return page.locator(`[data-testid="s3-object"][data-key="${key}"]`);
}

/** Opens the tree one folder at a time, down `depth` levels; returns the open prefix. */
async function walkDown(page, depth) {
  let prefix = '';
  for (let level = 0; level < depth; level++) {
    // (An empty `^=""` matches nothing in CSS.)
    const below = page.locator(prefix ? `[data-testid="s3-prefix"][data-prefix^="${prefix}"]` : '[data-testid="s3-prefix"]');
    await expect(below.first()).toBeVisible({ timeout: 30_000 });
    const all = await below.evaluateAll((els) => els.map((e) => e.getAttribute('data-prefix')));
    const next = all.find((p) => p.split('/').length === prefix.split('/').length + 1);
    expect(next, `a folder below "${prefix}" among ${all}`).toBeTruthy();
    await page.locator(`[data-testid="s3-prefix"][data-prefix="${next}"]`).click();
    prefix = next;
  }
  return prefix;
}

test('upload an object: it is listed with its size, written by a learner upload, and previewed', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page);
  await page.getByRole('link', { name: 'S3', exact: true }).click();
  await expect(page.locator('#s3-title')).toHaveText('Amazon S3');
  await expect(page.getByTestId('s3-tree')).toHaveCount(0);
  await createBucket(page, 'class-demo');
  await expect(page.getByTestId('s3-bucket').filter({ hasText: 'class-demo' })).toContainText('0 objects');
  const body = Buffer.from('city,visits\nLisbon,12\nOslo,7\n');
  await upload(page, 'visits.csv', body, 'text/csv');
  const row = object(page, 'visits.csv');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('s3-object-size')).toHaveText(`${body.length} B`);
  await expect(row).toContainText('learner upload');
  // The click ran the real command, and printed what the AWS CLI prints.
  await expect(page.getByTestId('s3-upload-echo')).toHaveText(
    '$ aws s3 cp visits.csv s3://class-demo/visits.csv\nupload: ./visits.csv to s3://class-demo/visits.csv');
  await expect(page.getByTestId('s3-bucket').filter({ hasText: 'class-demo' })).toContainText('1 object');
  // A small upload still travels in the link.
  expect(await page.evaluate(() => location.hash)).toMatch(/^#\/s3\?s=1/);
  // The file went through the console's files: it is listed there too.
  await expect(page.locator('[data-testid="s3-local-file"][data-path="visits.csv"]')).toBeVisible();
  await row.click();
  const preview = page.getByTestId('s3-preview');
  // A CSV object previews as a table.
  const table = preview.getByTestId('s3-csv-table');
  await expect(table.locator('th')).toHaveText(['city', 'visits']);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').first().locator('td')).toHaveText(['Lisbon', '12']);
  await expect(preview.getByTestId('s3-writer')).toHaveText('Written by learner upload');
  await screenshot(page, 's3-upload-1280x720');
  await page.setViewportSize(PHONE);
  await row.click();
  await expect(preview).toBeInViewport();
  await screenshot(page, 's3-upload-390x844');
  expect(errors).toEqual([]);
});

test('firehose lands objects in S3: deliveries appear under their hour prefix, written by Firehose', async ({ page }) => {
  const errors = watchErrors(page);
  await openS3(page, '#/s3?preset=firehose-lands-in-s3');
  await expect(page.getByTestId('preset-notice')).toBeVisible();
  await expect(page.getByTestId('preset-covers')).toContainText('S4');
  await expect(page.getByTestId('preset-covers')).toContainText('S5');
  await expect(page.getByTestId('s3-open-bucket')).toHaveText('s3://clickstream-archive/');
  // The first flush is 1 MiB at 50 KB/s, 20 s away: wait for it at 10x.
  await setSpeed(page, '10x');
  const hour = await walkDown(page, 4);
  expect(hour).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\d{2}\/$/);
  const delivered = page.locator(`[data-testid="s3-object"][data-key^="${hour}"]`);
  await expect(delivered.first()).toBeVisible({ timeout: 30_000 });
  const key = await delivered.first().getAttribute('data-key');
  expect(key).toMatch(FIREHOSE_KEY);
  await expect(delivered.first()).toContainText('Firehose clicks-to-s3');
  const size = Number((await delivered.first().getByTestId('s3-object-size').textContent()).replace(/[, B]/g, ''));
  expect(size).toBeGreaterThan(0);
  await delivered.first().click();
  const preview = page.getByTestId('s3-preview');
  await expect(preview).toContainText('gzip, shown decompressed');
  await expect(preview).toContainText('producer-1#');
  await expect(preview.getByTestId('s3-writer')).toHaveText('Written by Firehose clicks-to-s3');
  await screenshot(page, 's3-firehose-1280x720');
  await page.setViewportSize(PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('s3-tree').scrollIntoViewIfNeeded();
  await screenshot(page, 's3-firehose-390x844');
  expect(errors).toEqual([]);
});

test('versioning: two puts and a delete leave a delete marker on top of the history', async ({ page }) => {
  const errors = watchErrors(page);
  await openS3(page);
  await createBucket(page, 'versioned-demo');
  await expect(page.getByTestId('s3-versioning-status')).toHaveText('Disabled');
  await page.getByTestId('s3-versioning').click();
  await expect(page.getByTestId('s3-versioning-status')).toHaveText('Enabled');
  await upload(page, 'note.txt', Buffer.from('one\n'), 'text/plain');
  await expect(object(page, 'note.txt').getByTestId('s3-object-size')).toHaveText('4 B');
  await upload(page, 'note.txt', Buffer.from('two, longer\n'), 'text/plain');
  await expect(object(page, 'note.txt').getByTestId('s3-object-size')).toHaveText('12 B');
  await object(page, 'note.txt').click();
  await expect(page.getByTestId('s3-version')).toHaveCount(2);
  await page.getByTestId('s3-delete').click();
  // The key stays in the tree, struck through, with the marker on top of its two versions.
  await expect(object(page, 'note.txt')).toHaveAttribute('data-deleted', 'true');
  await expect(object(page, 'note.txt')).toContainText('delete marker');
  await expect(page.getByTestId('s3-gone')).toContainText('NoSuchKey');
  const versions = page.getByTestId('s3-version');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(0)).toHaveAttribute('data-delete-marker', 'true');
  await expect(versions.nth(0)).toContainText('delete marker');
  await expect(versions.nth(0)).toContainText('latest');
  await expect(versions.nth(1)).toContainText('12 B');
  await expect(versions.nth(2)).toContainText('4 B');
  const ids = await versions.locator('.version-id').allTextContents();
  expect(new Set(ids).size).toBe(3);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._]{32}$/);
  await screenshot(page, 's3-versions-1280x720');
  await page.setViewportSize(PHONE);
  await page.getByTestId('s3-versions').scrollIntoViewIfNeeded();
  await screenshot(page, 's3-versions-390x844');
  expect(errors).toEqual([]);
});

test('a GZIP object previews decompressed, its stored size the compressed one', async ({ page }) => {
  const errors = watchErrors(page);
  await openS3(page);
  await createBucket(page, 'gzip-demo');
  const lines = '{"event":"page_view","user":"u-1"}\n{"event":"click","user":"u-2"}\n';
  const gz = zlib.gzipSync(Buffer.from(lines));
  await upload(page, 'events.json.gz', gz, 'application/gzip');
  const row = object(page, 'events.json.gz');
  await expect(row.getByTestId('s3-object-size')).toHaveText(`${gz.length} B`);
  await row.click();
  const preview = page.getByTestId('s3-preview');
  await expect(preview).toContainText('gzip, shown decompressed');
  await expect(preview.locator('.preview-text')).toContainText('"event": "page_view"');
  await expect(preview.locator('.preview-text')).toContainText('"user": "u-2"');
  expect(errors).toEqual([]);
});

test('the versioning preset: a key read as missing keeps its three versions; an upload in parts has an -N ETag', async ({ page }) => {
  const errors = watchErrors(page);
  await openS3(page, '#/s3?preset=versioning');
  await expect(page.getByTestId('s3-open-bucket')).toHaveText('s3://versioned-notes/');
  await expect(page.getByTestId('s3-versioning-status')).toHaveText('Enabled');
  await object(page, 'notes.txt').click();
  await expect(page.getByTestId('s3-version')).toHaveCount(4);
  await expect(page.getByTestId('s3-version').first()).toHaveAttribute('data-delete-marker', 'true');
  await object(page, 'report.bin').click();
  await expect(page.getByTestId('s3-preview')).toContainText('uploaded in 3 parts');
  await expect(page.getByTestId('s3-preview')).toContainText(/"[0-9a-f]{32}-3"/);
  await walkDown(page, 1);
  await expect(object(page, 'docs/readme.txt')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a 9 MiB upload goes up in parts, as aws s3 cp does from 8 MiB: its ETag ends in -2', async ({ page }) => {
  const errors = watchErrors(page);
  await openS3(page);
  await createBucket(page, 'big-files');
  const big = Buffer.alloc(9 * 1024 * 1024, 'x');
  await upload(page, 'big.bin', big);
  const row = object(page, 'big.bin');
  await expect(row.getByTestId('s3-object-size')).toHaveText('9,437,184 B', { timeout: 20_000 });
  await row.click();
  await expect(page.getByTestId('s3-preview')).toContainText('uploaded in 2 parts');
  await expect(page.getByTestId('s3-preview')).toContainText(/"[0-9a-f]{32}-2"/);
  // 9 MiB cannot travel in a link: the address names the view only, and Copy link says why.
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/s3');
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Too big for a link');
  expect(errors).toEqual([]);
});
