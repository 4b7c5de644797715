// Shared steps for the journeys.
const { expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');

/** Collects console errors and uncaught exceptions of a page. */
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function openSandbox(page, hash = '') {
  await page.goto('/' + hash);
  await expect(page.getByTestId('virtual-clock')).toBeVisible();
}

async function clock(page) {
  return (await page.getByTestId('virtual-clock').textContent()).trim();
}

async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name + '.png');
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Tests that measure wall-clock time (paint, long tasks, what arrives in 5 s): `make test-e2e`
 * runs them after the others, one at a time, so no other journey shares the two cores. */
const TIMING = { tag: '@timing' };

module.exports = { watchErrors, openSandbox, clock, screenshot, ARTIFACTS, TIMING };
