// What a learner downloads: every file the page fetches in its first 5 seconds (the page, all
// JS, all style sheets, the wasm module with its embedded models, anything loaded later), as
// it crosses the network (compressed), against a budget. `make size` runs this file alone and
// prints the table; `make test` runs it with the other journeys, so a page that grows past the
// budget fails the build.
const { test, expect } = require('@playwright/test');
const { watchErrors } = require('./helpers');

// Bytes on the wire. The target is 1 MB (issue 20); until the cuts that need source changes land,
// the budget is what the page weighs today plus 1.7%, so growth fails. It was 1.232 MB before
// the learning layer (issue 19: levels, questions, tours, presenter and embed modes, export),
// which brought it to 1.317 MB (+81 kB of wasm, +2.4 kB of style). Lower it with every cut.
const BUDGET_BYTES = 1_340_000;
const WINDOW_MS = 5000;

test(`the page downloads at most ${BUDGET_BYTES.toLocaleString('en-US')} bytes in its first 5 seconds`, async ({ page }) => {
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
