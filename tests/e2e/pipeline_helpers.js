// Steps the Data Pipeline journeys share (pipeline.spec.js, pipeline_data.spec.js).
const { expect } = require('@playwright/test');

const LONG = { timeout: 45_000 };

/** The grid's cells of a component's instances, or only those in `status` (AWS's name). */
function cell(page, component, status) {
  const sel = `[data-testid="instance-cell"][data-instance^="@${component}_"]`;
  return status ? page.locator(`${sel}[data-status="${status}"]`) : page.locator(sel);
}

/** Plays the clock if it is paused (the skip buttons pause it, as Step does). */
async function play(page) {
  if (await page.getByTestId('play').count()) await page.getByTestId('play').click();
}

/** The console's text, after switching to it. */
async function consoleText(page) {
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  await expect(page.getByTestId('console-output')).toBeVisible(LONG);
  return page.getByTestId('console-output').innerText();
}

module.exports = { LONG, cell, play, consoleText };
