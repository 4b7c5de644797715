// The running job's data flow in the EMR view: the combine stage of a word count (its
// combiner's input and output records, as Hadoop counts them), the shuffle as lines from map
// nodes to reducer nodes labelled with the bytes fetched (summing to "Reduce shuffle bytes"),
// and TeraSort's input splits as tiles under the HDFS blocks they read, coloured by where
// their maps ran. Screenshot at 1280x720.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

async function openEmr(page, hash) {
  await openSandbox(page, hash);
  await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
}

function counter(rows, name) {
  const row = rows.find((r) => r.startsWith(name));
  return row ? Number(row.slice(name.length).replace(/[^\d]/g, '')) : NaN;
}

test('a word count combines in its maps, then shuffles its bytes from node to node', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openEmr(page, '#/emr?preset=wordcount-transient');
  await page.getByTestId('speed').selectOption('1000x');
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'TERMINATED', { timeout: 30000 });
  await page.locator('.counters summary').click();
  const rows = (await page.locator('.counters tr').allTextContents()).map((r) => r.trim());
  const combineIn = counter(rows, 'Combine input records');
  const combineOut = counter(rows, 'Combine output records');
  expect(combineIn).toBeGreaterThan(combineOut);
  await expect(page.getByTestId('combine-stage')).toContainText(
    `${combineIn.toLocaleString('en-US')} record(s) in, ${combineOut.toLocaleString('en-US')} out`);
  // One line per (map node, reducer node) pair; their bytes add up to Hadoop's counter.
  const lines = page.getByTestId('shuffle-line');
  expect(await lines.count()).toBeGreaterThan(0);
  const bytes = (await lines.evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('data-bytes')))))
    .reduce((a, b) => a + b, 0);
  expect(bytes).toBe(counter(rows, 'Reduce shuffle bytes'));
  await expect(page.getByTestId('shuffle-waiting')).toHaveCount(0);
  await page.locator('.emr-job').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-combine-shuffle');
  expect(errors).toEqual([]);
});

test('TeraSort\'s splits sit under their HDFS blocks, coloured by where their maps ran', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openEmr(page, '#/emr?preset=run-it-faster');
  await page.getByTestId('speed').selectOption('1000x');
  await expect(page.getByTestId('cluster-chip')).toHaveText([/TERMINATED/, /TERMINATED/], { timeout: 45000 });
  // 20 MB in 1 MB blocks: one split, and one map, per block.
  const tiles = page.getByTestId('split-tile');
  await expect(tiles).toHaveCount(20);
  await expect(page.getByTestId('split-block')).toHaveCount(20);
  const summary = await page.getByTestId('job-summary').textContent();
  const local = Number(/map task\(s\), (\d+) data-local/.exec(summary)[1]);
  await expect(page.locator('[data-testid="split-tile"][data-locality="data-local"]')).toHaveCount(local);
  // TeraSort has no combiner: no combine stage.
  await expect(page.getByTestId('combine-stage')).toHaveCount(0);
  await page.getByTestId('input-splits').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-splits-over-blocks');
  expect(errors).toEqual([]);
});
