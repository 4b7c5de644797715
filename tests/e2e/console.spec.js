// The console: AWS CLI command lines in, the real CLI's output out.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

async function run(page, line) {
  const input = page.getByTestId('console-input');
  await input.fill(line);
  await input.press('Enter');
}

test('create a stream, put a record and read it back from the console', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/console');
  const out = page.getByTestId('console-output');
  await run(page, 'aws kinesis create-stream --stream-name orders --shard-count 2');
  await expect(out).toContainText('aws kinesis create-stream --stream-name orders --shard-count 2');
  // The stream becomes ACTIVE on the virtual clock.
  await page.getByTestId('play').click();
  await page.waitForTimeout(1200);
  await page.getByTestId('pause').click();
  await run(page, 'aws kinesis describe-stream-summary --stream-name orders --query StreamDescriptionSummary.StreamStatus --output text');
  await expect(out.locator('.entry').last().locator('.stdout')).toHaveText('ACTIVE');
  await run(page, 'aws kinesis put-record --stream-name orders --partition-key a --data aGVsbG8=');
  await expect(out.locator('.entry').last()).toContainText('"ShardId": "shardId-000000000000"');
  await expect(out.locator('.entry').last()).toContainText('"SequenceNumber": "');
  await screenshot(page, 'console-1280x720');
  expect(errors).toEqual([]);
});

test('errors read as the CLI prints them', async ({ page }) => {
  await openSandbox(page, '#/console');
  const out = page.getByTestId('console-output');
  await run(page, 'aws kinesis describe-stream --stream-name nowhere');
  await expect(out.locator('.entry').last().locator('.stderr')).toHaveText(
    'An error occurred (ResourceNotFoundException) when calling the DescribeStream operation: Stream nowhere under account 000000000000 not found.');
  await run(page, 'aws kinesis create-stream');
  await expect(out.locator('.entry').last().locator('.stderr')).toContainText(
    'aws: error: the following arguments are required: --stream-name');
});

test('tab completes services, commands and options; arrows walk the history', async ({ page }) => {
  await openSandbox(page, '#/console');
  const input = page.getByTestId('console-input');
  await input.fill('aws kin');
  await input.press('Tab');
  // kinesis and kinesisanalytics share the prefix: both are listed.
  await expect(input).toHaveValue('aws kinesis');
  await expect(page.getByTestId('console-suggestions')).toContainText('kinesisanalytics');
  await input.fill('aws fire');
  await input.press('Tab');
  await expect(input).toHaveValue('aws firehose ');
  await input.fill('aws kinesis create-str');
  await input.press('Tab');
  await expect(input).toHaveValue('aws kinesis create-stream ');
  await input.press('Tab');
  await expect(page.getByTestId('console-suggestions')).toContainText('--stream-name');
  await run(page, 'aws kinesis list-streams');
  await run(page, 'aws kinesis list-streams --output text');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('aws kinesis list-streams --output text');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('aws kinesis list-streams');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('aws kinesis list-streams --output text');
});

test('console commands survive a shared link', async ({ page, context }) => {
  await openSandbox(page, '#/console');
  await run(page, 'aws kinesis create-stream --stream-name clicks --shard-count 1');
  await page.getByTestId('step').click();
  await expect.poll(() => page.url()).toContain('#/console?s=1');
  const other = await context.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId('console-input')).toBeVisible();
  await run(other, 'aws kinesis list-streams --query StreamNames --output text');
  await expect(other.getByTestId('console-output').locator('.entry').last().locator('.stdout')).toHaveText('clicks');
});
