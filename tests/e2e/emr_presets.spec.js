// The EMR presets no other journey opens: the seed's three streaming use cases on transient
// clusters (each step completes; genomics' combiner sends the reducers far fewer records than
// the maps emit), termination with HDFS on instance store and on EBS (HDFS loses TeraGen's
// files either way), and a persistent cluster waiting beside a transient one that ended.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

async function openPreset(page, preset) {
  await openSandbox(page, `#/emr?preset=${preset}`);
  await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
  await page.getByTestId('speed').selectOption('1000x');
}

/// "12,345" as 12345.
const number = (text) => Number(text.replace(/,/g, ''));

for (const preset of ['log-processing', 'clickstream', 'genomics']) {
  test(`${preset}: the streaming step completes on a transient cluster`, async ({ page }) => {
    const errors = watchErrors(page);
    await openPreset(page, preset);
    await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'TERMINATED', { timeout: 45000 });
    await expect(page.getByTestId('step-row')).toHaveAttribute('data-state', 'COMPLETED');
    const summary = await page.getByTestId('job-summary').textContent();
    const m = /([\d,]+) record\(s\) out of the maps, ([\d,]+) into the reducers/.exec(summary);
    expect(m, summary).not.toBeNull();
    const [out, into] = [number(m[1]), number(m[2])];
    expect(out).toBeGreaterThan(0);
    if (preset === 'genomics') expect(into * 2).toBeLessThan(out);
    await page.locator('.emr-job').scrollIntoViewIfNeeded();
    await screenshot(page, `emr-${preset}`);
    expect(errors).toEqual([]);
  });
}

for (const preset of ['terminate-instance-store', 'terminate-ebs']) {
  test(`${preset}: HDFS loses TeraGen's files with the nodes`, async ({ page }) => {
    const errors = watchErrors(page);
    await openPreset(page, preset);
    await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'TERMINATED', { timeout: 45000 });
    const banner = page.getByTestId('termination-banner');
    await expect(banner).toContainText(/HDFS went with the nodes: [1-9]\d* file\(s\)/);
    await expect(banner).toContainText('hdfs:///teragen/');
    await expect(page.getByTestId('hdfs-block')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test('persistent-vs-transient: one cluster waits (and bills), the other has ended', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'persistent-vs-transient');
  const chips = page.getByTestId('cluster-chip');
  await expect(chips).toHaveCount(2);
  const states = async () => (await chips.allTextContents())
    .map((t) => (/WAITING/.test(t) ? 'WAITING' : /TERMINATED/.test(t) ? 'TERMINATED' : t)).sort();
  await expect.poll(states, { timeout: 45000 }).toEqual(['TERMINATED', 'WAITING']);
  expect(errors).toEqual([]);
});
