// The Import/Export view (#/transfer): the calculator answers with AWS's formula (100 TB over
// 100 Mbps at 80%: 115.74 days; 5 TB over 1 Gbps: 0.58 days) and marks the crossover; a
// Snowball import preset reaches the learner's data centre, holds only ciphertext, ships back
// and lands its objects in S3 (the S3 view shows who wrote them); cancelling too late is
// refused with AWS's text; a 20 TB Disk needs two drives. Screenshots at 1280x720 and 390x844.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

const PHONE = { width: 390, height: 844 };

async function openTransfer(page, hash = '#/transfer') {
  await openSandbox(page, hash);
  await expect(page.locator('#transfer-title')).toHaveText('Import/Export: network or appliance');
}

test('the calculator: AWS formula, the appliance path, the crossover, the 7-day rule', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page);
  await page.getByRole('link', { name: 'Import/Export', exact: true }).click();
  await expect(page.locator('#transfer-title')).toBeVisible();
  await expect(page.getByTestId('network-days')).toHaveText('116');
  await expect(page.getByTestId('appliance-days')).toHaveText(/^1\d\.\d\d$/);
  await expect(page.getByTestId('calc-verdict')).toContainText('The appliance is faster. 7 days or more');
  await expect(page.getByTestId('crossover')).toContainText(/Crossover: from 1\d(\.\d)? TB/);
  await page.getByTestId('calc-size').fill('5');
  await page.getByTestId('calc-link').fill('1000');
  await expect(page.getByTestId('network-days')).toHaveText('0.58');
  await expect(page.getByTestId('calc-verdict')).toContainText('The network is faster. Under 7 days');
  await page.getByTestId('calc-link').fill('100');
  await expect(page.getByTestId('network-days')).toHaveText('5.79');
  await page.getByTestId('calc-utilisation').fill('100');
  await expect(page.getByTestId('network-days')).toHaveText('4.63');
  const ms = await page.getByTestId('chart-ms').textContent();
  const took = Number(/in ([\d.]+) ms/.exec(ms)[1]);
  expect(took, ms).toBeLessThan(16.7);
  await screenshot(page, 'transfer-calculator');
  expect(errors).toEqual([]);
});

test('a Snowball import: on site, ciphertext on the device, shipped back, objects in S3', async ({ page }) => {
  const errors = watchErrors(page);
  await openTransfer(page, '#/transfer?preset=hundred-tb');
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'WithCustomer', { timeout: 20_000 });
  await expect(page.getByTestId('device-bytes')).toContainText('migration-landing/logs/logs-0000.csv on the device: ');
  const cipher = await page.getByTestId('device-bytes').textContent();
  expect(cipher).not.toContain('time,level');
  await expect(page.getByTestId('copy-progress')).toBeVisible();
  await screenshot(page, 'transfer-on-site');
  // Wait for the 60 TB copy (2.3 days at 300 MB/s) by moving the clock on, then send it back.
  for (let i = 0; i < 3; i++) await page.getByTestId('next-stage').click();
  await page.getByTestId('return-device').click();
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'InTransitToAWS');
  for (let i = 0; i < 10; i++) {
    const state = await page.getByTestId('job-state').getAttribute('data-state');
    if (state === 'Complete') break;
    await page.getByTestId('next-stage').click();
  }
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'Complete');
  await expect(page.getByTestId('job-imported')).toContainText('Imported into S3: 600,020 of 600,020 objects');
  await screenshot(page, 'transfer-complete');
  await page.screenshot({ path: require('path').join(__dirname, '..', 'artifacts', 'transfer-complete-full.png'), fullPage: true });
  await page.getByRole('link', { name: 'S3', exact: true }).click();
  await page.locator('[data-testid="s3-bucket"][data-bucket="migration-landing"]').click();
  await page.locator('[data-testid="s3-prefix"][data-prefix="logs/"]').click();
  await page.locator('[data-testid="s3-object"][data-key="logs/logs-0000.csv"]').click();
  await expect(page.locator('#s3-object-panel')).toContainText('Snowball import JID');
  expect(errors).toEqual([]);
});

test('cancelling too late is refused; a 20 TB disk needs two drives; phone layout', async ({ page }) => {
  const errors = watchErrors(page);
  await openTransfer(page, '#/transfer?preset=cancel-too-late');
  await expect(page.getByTestId('transfer-error')).toHaveText(
    "InvalidJobStateException: The action can't be performed because the job's current state doesn't allow that action to be performed.",
  );
  await openTransfer(page, '#/transfer?preset=disk-20tb-refused');
  await expect(page.getByTestId('disk-capacity')).toHaveText('16 TB at most per device: 2 disk(s) (a single disk this size is refused)');
  await page.setViewportSize(PHONE);
  await screenshot(page, 'transfer-phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(errors).toEqual([]);
});
