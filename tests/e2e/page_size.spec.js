// What a learner downloads: every file the page fetches in its first 5 seconds (the page, all
// JS, all style sheets, the wasm module with its embedded models, anything loaded later), as
// it crosses the network (compressed), against a budget. `make size` runs this file alone and
// prints the table; `make test` runs it with the other journeys, so a page that grows past the
// budget fails the build.
const { test, expect } = require('@playwright/test');
const { watchErrors, TIMING } = require('./helpers');

// Bytes on the wire. The target is 1 MB (issue 20), not met yet. Measured: 1,178 kB after the
// models were compacted; then S3 for real clients (issue 12: its engine, compacted model, the
// console's aws s3 and the #/s3 view) and the learning layer (issue 19: levels, questions,
// tours, presenter and embed modes, export) brought the merged page to 1,374,313 B; EMR
// (issue 13: its engine with HDFS, MapReduce and the sample data generators, its compacted
// model, `aws emr`'s high-level commands and waiters, regex-lite for grep) to 1,532,955 B
// (+158.6 kB, +11.5%). The budget is that plus 0.3%, so growth fails; splitting the download
// (issue 20's next step) must bring it under 1,000,000. Lower it with every cut.
const BUDGET_BYTES = 1_537_600;
const WINDOW_MS = 5000;

test(`the page downloads at most ${BUDGET_BYTES.toLocaleString('en-US')} bytes in its first 5 seconds`, TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  const encodings = new Map();
  page.on('response', (r) => encodings.set(r.url(), r.headers()['content-encoding'] || 'identity'));
  await page.goto('/');
  await expect(page.getByTestId('virtual-clock')).toBeVisible();
  const elapsed = await page.evaluate(() => performance.now());
  await page.waitForTimeout(Math.max(0, WINDOW_MS - elapsed));
  // Resource Timing's encodedBodySize is the body as sent (after Content-Encoding).
  const files = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      url: e.name, wire: e.encodedBodySize, decoded: e.decodedBodySize,
    })));
  const rows = files.map((f) => ({
    file: new URL(f.url).pathname,
    encoding: encodings.get(f.url) || '?',
    wire: f.wire,
    decoded: f.decoded,
  }));
  const total = rows.reduce((sum, r) => sum + r.wire, 0);
  const kb = (n) => (n / 1000).toFixed(1).padStart(8);
  const lines = rows.map((r) => `${kb(r.wire)} kB ${r.encoding.padEnd(8)} ${kb(r.decoded)} kB decoded  ${r.file}`);
  console.log(['page download, first 5 s:', ...lines,
    `${kb(total)} kB in ${rows.length} files (budget ${kb(BUDGET_BYTES).trim()} kB)`].join('\n'));

  // Everything the page is made of was fetched, and compressed where it helps.
  const kinds = rows.map((r) => r.file.replace(/\.[0-9a-f]{10}\./, '.'));
  for (const part of ['/', '/public/boot.js', '/public/pkg/app.js', '/public/pkg/app_bg.wasm',
    '/style/main.css', '/style/streams.css', '/style/firehose.css', '/style/analytics.css']) {
    expect(kinds).toContain(part);
  }
  for (const r of rows.filter((row) => /\.(wasm|js|css)$/.test(row.file))) {
    expect(r.encoding, r.file).not.toBe('identity');
  }
  expect(errors).toEqual([]);
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});
