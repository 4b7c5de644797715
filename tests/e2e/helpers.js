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

/** Picks a speed from the controls' menu ('10x', '100x', '1000x', 'max'). A journey that only
 * waits for the simulation to reach a state plays faster than a class would: what happens in
 * the world is the same at any speed (virtual time), only the wall time shrinks. */
async function setSpeed(page, speed) {
  await page.getByTestId('speed').selectOption(speed);
}

/** Virtual milliseconds the clock shows (an ISO time). */
async function virtualMs(page) {
  return Date.parse(await clock(page));
}

/** Waits while the clock runs until `seconds` of virtual time have passed: a window of
 * simulated time, the same at any speed, and never shorter on a busy machine (a fixed
 * real-time sleep simulates less when frames fall behind). The clock must be playing. */
async function playVirtual(page, seconds, timeout = 30_000) {
  const start = await virtualMs(page);
  await expect.poll(() => virtualMs(page), { timeout, intervals: [50, 100] }).toBeGreaterThanOrEqual(start + seconds * 1000);
}

/** Once the element `selector` shows `attribute` = `value`, the page itself sets the speed to
 * `speed`, in the task that shows it: a journey may race at 1000x to a moment (a cluster
 * RUNNING) and still see what follows it at a slower speed, which a poll from here could
 * overshoot by a second of frames. */
async function slowDownWhen(page, selector, attribute, value, speed) {
  await page.evaluate(({ selector, attribute, value, speed }) => {
    const picker = document.querySelector('[data-testid="speed"]');
    const observer = new MutationObserver(() => {
      if (document.querySelector(selector)?.getAttribute(attribute) !== value) return;
      observer.disconnect();
      picker.value = speed;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    observer.observe(document.body, { subtree: true, attributeFilter: [attribute] });
  }, { selector, attribute, value, speed });
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

/** Tests of the gzip and brotli forms the server sends: `make test` starts the other journeys on
 * the plain site while those forms are made, and runs these with the timing ones, once they are. */
const COMPRESSED = { tag: '@compressed' };

module.exports = { watchErrors, openSandbox, clock, setSpeed, virtualMs, playVirtual, slowDownWhen, screenshot, ARTIFACTS, TIMING, COMPRESSED };
