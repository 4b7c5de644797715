// The overview map animates from real events: records put move producers -> streams.
const { test, expect } = require('@playwright/test');
const { openSandbox, screenshot } = require('./helpers');

test('dots travel the map when records really flow', async ({ page }) => {
  await openSandbox(page, '#/overview');
  await expect(page.locator('circle.dot')).toHaveCount(0);
  // Set up traffic from the console, then watch the map.
  await page.getByRole('link', { name: 'Console' }).click();
  const input = page.getByTestId('console-input');
  await input.fill('aws kinesis create-stream --stream-name orders --shard-count 2');
  await input.press('Enter');
  await page.getByTestId('play').click();
  await page.waitForTimeout(1200);
  for (let i = 0; i < 5; i++) {
    await input.fill(`aws kinesis put-record --stream-name orders --partition-key k${i} --data aGk=`);
    await input.press('Enter');
  }
  await page.getByRole('link', { name: 'Overview' }).click();
  await input.isHidden();
  // More records while the map is on screen.
  await page.getByRole('link', { name: 'Console' }).click();
  for (let i = 0; i < 5; i++) {
    await page.getByTestId('console-input').fill(`aws kinesis put-record --stream-name orders --partition-key j${i} --data aGk=`);
    await page.getByTestId('console-input').press('Enter');
  }
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect(page.locator('[data-node="streams"] .blurb')).toHaveText('1 stream · 2 open shards');
  await expect(page.locator('.activity')).toContainText('landed on shardId-');
  await screenshot(page, 'overview-live');
});

test('a running producer keeps dots moving from producers to the stream', async ({ page }) => {
  await openSandbox(page, '#/streams?preset=hot-partition-key');
  await expect(page.getByTestId('shard-lane').first()).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();
  if (await page.getByTestId('play').isVisible()) await page.getByTestId('play').click();
  await expect.poll(() => page.locator('circle.dot').count(), { timeout: 5000 }).toBeGreaterThan(0);
  await expect(page.locator('[data-node="producers"] .blurb')).toContainText('producer');
  await screenshot(page, 'overview-producer');
});
