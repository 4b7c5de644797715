// Snowball Edge in the #/transfer view: the edge-filter preset orders its job from the console
// with `aws snowball create-job --resources file://edge-resources.json`, whose Lambda function
// (sandbox-filter:ERROR, triggered by PUTs into edge-results) runs on each copied file, so the
// Edge compute stage counts 20 runs and S3 gets only ERROR lines; the edge-cluster preset
// draws a cluster of five Edge devices (CreateCluster, ListClusterJobs), each with its state
// and shipment. The calculator's chart redraw stays inside a frame: no long task (over 50 ms)
// while the inputs change. Screenshots at 1280x720.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { watchErrors, openSandbox, screenshot, ARTIFACTS, TIMING } = require('./helpers');

const LONG = { timeout: 20_000 };

async function openTransfer(page, hash) {
  await openSandbox(page, hash);
  await expect(page.locator('#transfer-title')).toHaveText('Import/Export: network or appliance', LONG);
}

test('an Edge job whose Lambda function filters each file as it is copied', async ({ page }) => {
  const errors = watchErrors(page);
  await openTransfer(page, '#/transfer?preset=edge-filter');
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'InTransitToAWS', LONG);
  const lambda = page.getByTestId('edge-lambda');
  await expect(lambda).toHaveText(
    'Lambda arn:aws:lambda:us-east-1:000000000000:function:sandbox-filter:ERROR runs filter:ERROR, triggered by PUTs into edge-results: 20 file(s) in, 20 written.');
  await expect(page.getByTestId('edge-ami')).toHaveCount(0);
  await page.getByTestId('edge-stage').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-edge-lambda');
  for (let i = 0; i < 10; i++) {
    const state = await page.getByTestId('job-state').getAttribute('data-state');
    if (state === 'Complete') break;
    await page.getByTestId('next-stage').click();
  }
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'Complete');
  await expect(page.getByTestId('job-imported')).toContainText('Imported into S3: 20 of 20 objects');
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  await expect(page.getByTestId('console-output')).toBeVisible(LONG);
  const text = await page.getByTestId('console-output').innerText();
  expect(text).toContain('aws snowball create-job --job-type IMPORT --snowball-type EDGE');
  expect(text).toContain('--resources file://edge-resources.json');
  expect(errors).toEqual([]);
});

test('a cluster of five Snowball Edge devices, each with its state and shipment', async ({ page }) => {
  const errors = watchErrors(page);
  await openTransfer(page, '#/transfer?preset=edge-cluster');
  const cluster = page.getByTestId('cluster-state');
  await expect(cluster).toHaveAttribute('data-state', 'InUse', LONG);
  await expect(cluster).toContainText(/^Cluster CID[0-9a-f-]{36} \(EDGE, LOCAL_USE\): InUse · 5 of 5 nodes$/);
  const nodes = page.getByTestId('cluster-node');
  await expect(nodes).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await expect(nodes.nth(i)).toHaveAttribute('data-state', 'WithCustomer');
    await expect(nodes.nth(i)).toContainText(`Node ${i + 1}`);
    await expect(nodes.nth(i)).toContainText('Delivered to you');
    await expect(nodes.nth(i)).toContainText(/out 1Z[0-9A-Z]{16}/);
  }
  await page.getByTestId('cluster-list-jobs').click();
  await expect(page.getByTestId('cluster-listed')).toHaveText(
    'ListClusterJobs: 5 job(s): WithCustomer, WithCustomer, WithCustomer, WithCustomer, WithCustomer');
  // A node is a job of its own: picking it shows its shipment.
  await nodes.nth(2).locator('button').click();
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'WithCustomer');
  await expect(page.locator('.job-id')).toContainText('LOCAL_USE EDGE T100');
  await page.getByTestId('cluster-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-edge-cluster');
  expect(errors).toEqual([]);
});

test('the calculator chart redraws inside a frame: no long task while the inputs change', TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  await openTransfer(page, '#/transfer');
  await expect(page.getByTestId('network-days')).toHaveText('116');
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const draws = [];
  for (const [size, link] of [['5', '1000'], ['50', '100'], ['500', '10'], ['100', '100'], ['20', '15']]) {
    await page.getByTestId('calc-size').fill(size);
    await page.getByTestId('calc-link').fill(link);
    const ms = await page.getByTestId('chart-ms').textContent();
    draws.push(Number(/in ([\d.]+) ms/.exec(ms)[1]));
  }
  await page.waitForTimeout(500);
  const longTasks = await page.evaluate(() => window.__longTasks);
  const report = { redraws: draws.length, chartMs: draws, longTasks: longTasks.length, longestTaskMs: Math.max(0, ...longTasks) };
  console.log('transfer calculator redraw:', JSON.stringify(report));
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'transfer-calculator-performance.json'), JSON.stringify(report, null, 2));
  expect(longTasks).toEqual([]);
  for (const ms of draws) expect(ms).toBeLessThan(16.7);
  expect(errors).toEqual([]);
});
