// An export larger than one Snowball in the #/transfer view: the export-job preset puts 100 TB
// described by its size beside six reports and orders an EXPORT on classic 80 TB Snowballs
// (72 TB usable); the main job (MID..., IsMaster) lists the bucket and splits it into two job
// parts, each a shipment of its own device; the first is exported onto while the second waits
// (Pending) for it to be on its way back. Screenshot at 1280x720.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

test('an export in job parts: two shipments, one after another', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/transfer?preset=export-job');
  await expect(page.locator('#transfer-title')).toHaveText('Import/Export: network or appliance');
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'InProgress');
  await expect(page.getByTestId('job-state')).toContainText('Exporting');
  const parts = page.getByTestId('job-parts');
  await expect(parts).toHaveAttribute('data-parts', '2');
  await expect(parts).toContainText(/Main export job MID[0-9a-f-]{36} \(InProgress\): 56 objects, 100 TB, listed and split into 2 job part\(s\)/);
  const rows = page.getByTestId('export-part');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-state', 'InProgress');
  await expect(rows.nth(0)).toContainText('Exporting · 36 objects, 72 TB');
  await expect(rows.nth(1)).toHaveAttribute('data-state', 'Pending');
  await expect(rows.nth(1)).toContainText('Pending · 20 objects, 28 TB');
  await page.locator('.export-job-parts').scrollIntoViewIfNeeded();
  await screenshot(page, 'transfer-export-job-parts');
  expect(errors).toEqual([]);
});
