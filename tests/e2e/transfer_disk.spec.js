// Import/Export Disk in the #/transfer view: a real Disk job (importexport CreateJob with its
// YAML manifest) whose 20 TB drive is refused with the guide's sentence, a 2 TB drive loading
// with GetStatus's codes and messages, then Complete and Returned; encryption optional on
// Disk (the payroll files in the clear) against Snowball's ciphertext; cancelling too late on
// both; an export in job parts. Screenshots at 1280x720.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

async function openPreset(page, preset) {
  await openSandbox(page, `#/transfer?preset=${preset}`);
  await expect(page.locator('#transfer-title')).toHaveText('Import/Export: network or appliance');
}

test('a 20 TB drive is refused; a 2 TB drive runs through the status codes', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'disk-20tb-refused');
  await expect(page.getByTestId('disk-error')).toHaveText(
    'InvalidParameterException: Maximum device capacity is 16 TB for Amazon Simple Storage Service (Amazon S3) and Amazon EBS jobs.',
  );
  await expect(page.getByTestId('disk-location')).toHaveText('AtAWS Your device is at AWS.');
  await expect(page.getByTestId('disk-progress')).toHaveText('InProgress The data on your device is currently being loaded.');
  await page.locator('.transfer-disk').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-disk-loading');
  await page.getByTestId('disk-next-day').click();
  await expect(page.getByTestId('disk-progress')).toHaveAttribute('data-code', 'Complete');
  await expect(page.getByTestId('disk-progress')).toContainText(/The data loaded successfully\. The log was saved to import-log-[A-Z0-9]{5} in the bucket disk-landing\./);
  await expect(page.getByTestId('disk-loaded')).toContainText('Loaded 3 object(s)');
  await page.getByTestId('disk-next-day').click();
  await expect(page.getByTestId('disk-location')).toContainText(/Returned Your device has been returned\. The UPS tracking number is 1Z[0-9A-Z]{16}\./);
  // 2 TB erased at 80 MB/s: 7 started loading hours.
  await expect(page.getByTestId('disk-price')).toHaveText('Classic price so far: $97.43 ($80.00 per device once at AWS + 7 loading hour(s) × $2.49).');
  await screenshot(page, 'transfer-disk-returned');
  expect(errors).toEqual([]);
});

test('encryption: ciphertext on the Snowball, the clear on an unencrypted Disk drive', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'encryption-enforced');
  await expect(page.getByTestId('device-bytes')).toContainText('AES-256-GCM ciphertext');
  await expect(page.getByTestId('disk-device-bytes')).toContainText('"name,salary\\nJane Roe,100" (in the clear');
  await page.getByTestId('disk-encrypt').check();
  await page.getByTestId('disk-create').click();
  await page.getByTestId('disk-ship').click();
  await expect(page.getByTestId('disk-device-bytes')).toContainText('(encrypted with the manifest\'s password)');
  await page.locator('.transfer-disk').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-disk-encryption');
  expect(errors).toEqual([]);
});

test('cancelling too late, on Snowball and on Disk; an export in parts', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'cancel-too-late');
  await expect(page.getByTestId('transfer-error')).toContainText('InvalidJobStateException');
  await expect(page.getByTestId('disk-error')).toHaveText('UnableToCancelJobIdException: AWS Import/Export cannot cancel the job');
  await page.getByTestId('disk-create').click();
  await page.getByTestId('disk-cancel').click();
  await expect(page.getByTestId('disk-progress')).toHaveText('Canceled The job was canceled.');
  await page.getByTestId('disk-cancel').click();
  await expect(page.getByTestId('disk-error')).toHaveText('CanceledJobIdException: The specified job ID has been canceled and is no longer valid.');
  await openPreset(page, 'export-job');
  await expect(page.getByTestId('export-parts')).toHaveAttribute('data-parts', '2');
  await expect(page.getByTestId('export-parts')).toContainText('Exporting 100 TB onto devices of 72 TB usable: 2 job part(s)');
  await page.locator('.transfer-parts').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-export-parts');
  expect(errors).toEqual([]);
});
