// Hive on EMR in the view: a sandbox Hive script as a HIVE step on a transient cluster,
// compiled into MapReduce jobs, its log read as the Hive CLI prints it.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

for (const [preset, lines] of [
  ['hive-log-processing', [/Launching Job 1 out of 2/, /^200\t\d+$/m]],
  ['hive-clickstream', [/Launching Job 1 out of/, /^\d{4}-\d\d-\d\d \d\d\t\d+\t\d+$/m]],
  ['hive-genomics', [/Launching Job 1 out of/, /^[ACGT]{8}\t\d+$/m]],
]) {
  test(`${preset}: the HIVE step runs its jobs and prints as the Hive CLI does`, async ({ page }) => {
    const errors = watchErrors(page);
    await openSandbox(page, `#/emr?preset=${preset}`);
    await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
    await page.getByTestId('speed').selectOption('1000x');
    await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'TERMINATED', { timeout: 45000 });
    await expect(page.getByTestId('step-row')).toHaveAttribute('data-state', 'COMPLETED');
    await page.locator('.step-log summary').first().click();
    const log = page.getByTestId('step-log').first();
    await expect(log).toContainText('OK');
    await expect(log).toContainText(/Time taken: [\d.]+ seconds, Fetched: \d+ row\(s\)/);
    for (const line of lines) await expect(log).toHaveText(line);
    await page.locator('.step-log').first().scrollIntoViewIfNeeded();
    await screenshot(page, `emr-${preset}`);
    expect(errors).toEqual([]);
  });
}
