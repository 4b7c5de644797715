// The classic Snowball client at the workstation (#/transfer, issue 18 Deliver 2): with the
// hundred-tb preset's device on site and unlocked, `snowball status` prints the user guide's
// lines (SUCCESS, the S3 endpoint on port 8080, total size and free space), `snowball ls`
// lists the copied files with their metadata reset, a wrong unlock code fails.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

async function run(page, line) {
  await page.getByTestId('snowball-client-line').fill(line);
  await page.getByTestId('snowball-client-run').click();
  await expect(page.getByTestId('snowball-client-output')).toContainText(`$ ${line}`);
  return page.getByTestId('snowball-client-output');
}

test('the Snowball client: status, ls and a wrong unlock code', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/transfer?preset=hundred-tb');
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'WithCustomer', { timeout: 20_000 });
  let out = await run(page, 'snowball status');
  await expect(out).toContainText('Snowball Status: SUCCESS');
  await expect(out).toContainText('S3 Endpoint running at: http://192.0.2.0:8080');
  await expect(out).toContainText('Total Size: 72 TB');
  await expect(out).toContainText(/Free Space: 1\d\.\d+ TB/);
  out = await run(page, 'snowball ls s3://migration-landing/logs');
  await expect(out).toContainText(/-rw-rw-r-- 1 root root \d+ Dec 31 1969 migration-landing\/logs\/logs-0000\.csv/);
  expect((await out.textContent()).split('\n').filter((l) => l.startsWith('-rw-rw-r--')).length).toBe(20);
  out = await run(page, 'snowball ls s3://migration-landing/archive');
  await expect(out).toContainText(/60000000000000 Dec 31 1969 migration-landing\/archive\/bulk-\d+\s+\(600000 objects, described by size\)/);
  await page.getByTestId('snowball-client-output').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-snowball-client');
  const job = await page.locator('.job-id code').first().textContent();
  out = await run(page, `snowball start -i 192.0.2.0 -m /Downloads/${job}_manifest.bin -u 00000-aaaaa-00000-aaaaa-00000`);
  await expect(out).toContainText('Authentication failed: the unlock code does not match the manifest.');
  out = await run(page, 'snowball ls /migration-landing');
  await expect(out).toContainText('/migration-landing: the only supported destination schema is s3://');
  expect(errors).toEqual([]);
});
