// The learning layer as a learner meets it: a level that is unmet at the start and after a
// wrong fix and solved after the right one; a question whose Run waits for a locked
// prediction and whose verdict flips with the seed; a wrong fix run beside the right one; a
// tour whose Back restores the earlier caption and state; the coverage page; progress that
// survives export, clearing and import, with a missed question due for review two days on.
// Outcomes are read from the page (the engine's verdict and measurements), never from an
// answer written in the test.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const { watchErrors, openSandbox, setSpeed, screenshot } = require('./helpers');

/** Virtual seconds since the scenario began, from the clock the page shows. */
async function virtualSeconds(page) {
  const iso = (await page.getByTestId('virtual-clock').textContent()).trim();
  return (Date.parse(iso) - Date.parse('2026-01-01T00:00:00.000Z')) / 1000;
}

/** Presses Play unless the clock already runs. */
async function ensurePlaying(page) {
  if (await page.getByTestId('play').count()) await page.getByTestId('play').click();
}

async function playFor(page, seconds) {
  const start = await virtualSeconds(page);
  await ensurePlaying(page);
  await expect.poll(() => virtualSeconds(page), { timeout: 45_000 }).toBeGreaterThan(start + seconds);
}

test('a level: unmet at the start and after a wrong fix, solved after the right one', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/streams?level=hot-partition-key');
  const goal = page.getByTestId('level-goal');
  await expect(goal).toBeVisible();
  await expect(goal).toHaveAttribute('data-met', 'false');
  await expect(goal).toContainText('Cool down a hot partition key');
  await expect(page.getByTestId('shard-lane')).toHaveCount(2);
  // Every check below is read at a virtual time (playFor) or waits for the goal: at 100x the
  // minute and more of virtual time passes in seconds.
  await setSpeed(page, '100x');
  await playFor(page, 5);
  await expect(goal).toHaveAttribute('data-met', 'false');
  await screenshot(page, 'learn-level-start');

  // The tempting fix: twice the shards. One key still hashes to one shard.
  await page.locator('label.field:has-text("Scale to") input').fill('4');
  await page.getByTestId('update-shard-count').click();
  await expect(page.getByTestId('level-actions')).toContainText('Your actions: 1');
  await playFor(page, 70);
  await expect(goal).toHaveAttribute('data-met', 'false');
  const refused = goal.getByTestId('level-check').filter({ hasText: 'Writes refused' });
  await expect(refused).toHaveAttribute('data-met', 'false');

  // The right fix: the same rate over 100 keys.
  await page.locator('.producer-card', { hasText: 'producer-1' }).getByRole('button', { name: 'Stop' }).click();
  await page.locator('.producers .form-row input').first().fill('1500');
  await page.getByTestId('add-producer').click();
  await ensurePlaying(page);
  await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 45_000 });
  await expect(refused).toHaveAttribute('data-met', 'true');
  await expect(refused).toContainText('0');
  await expect(goal).toHaveAttribute('data-solved', 'true');
  await screenshot(page, 'learn-level-solved');
  expect(errors).toEqual([]);
});

test('a level shows its hint, and its solution only after a confirmation', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/firehose?level=fresh-deliveries');
  const goal = page.getByTestId('level-goal');
  await expect(goal).toHaveAttribute('data-met', 'false');
  await page.getByTestId('level-hint').click();
  await expect(page.getByTestId('level-hint-text')).toContainText('buffering hints');
  await page.getByTestId('level-show-solution').click();
  await expect(page.getByTestId('level-solution')).toHaveCount(0);
  await page.getByTestId('level-confirm-solution').click();
  await expect(page.getByTestId('level-solution')).toContainText('aws firehose update-destination');
  await page.getByTestId('level-apply-solution').click();
  await setSpeed(page, '100x');
  await ensurePlaying(page);
  await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 45_000 });
  expect(errors).toEqual([]);
});

/** Opens a question, picks `choice`, locks it and runs; returns what the page then shows. */
async function answer(page, id, seed, choice) {
  await openSandbox(page, `#/learn?question=${id}&seed=${seed}`);
  const panel = page.getByTestId('question-panel');
  await expect(panel).toHaveAttribute('data-seed', String(seed));
  const run = page.getByTestId('question-run');
  await expect(run).toBeDisabled();
  await page.locator(`[data-testid="question-choice"][data-choice="${choice}"]`).check();
  await expect(run).toBeDisabled();
  await page.getByTestId('question-lock').click();
  await expect(run).toBeEnabled();
  await run.click();
  const verdict = page.getByTestId('question-verdict');
  await expect(verdict).toBeVisible({ timeout: 30_000 });
  const readings = {};
  for (const r of await page.getByTestId('question-reading').all()) {
    readings[await r.getAttribute('data-key')] = Number(await r.getAttribute('data-value'));
  }
  const params = {};
  for (const p of await page.getByTestId('question-param').all()) {
    params[await p.getAttribute('data-name')] = Number(await p.getAttribute('data-value'));
  }
  return { right: (await verdict.getAttribute('data-right')) === 'true', readings, params };
}

test('predict, then run: Run waits for a locked prediction, and a seed that flips the outcome flips the verdict', async ({ page }) => {
  const errors = watchErrors(page);
  // Choice B: "the shard holding key-0 refuses writes while the other has room".
  const verdicts = [];
  for (const seed of [1, 2]) {
    const a = await answer(page, 'hot-key-outcome', seed, 1);
    // The verdict agrees with what the run measured, shard by shard.
    expect(a.right).toBe(a.readings.throttled_shards === 1);
    verdicts.push(a.right);
    if (seed === 2) await screenshot(page, 'learn-question');
  }
  expect(verdicts[0]).not.toBe(verdicts[1]);
  expect(errors).toEqual([]);
});

test('which shard: the verdict matches the MD5 of the key, computed here', async ({ page }) => {
  const crypto = require('crypto');
  for (const seed of [3, 8]) {
    await openSandbox(page, `#/learn?question=which-shard&seed=${seed}`);
    const prompt = await page.getByTestId('question-prompt').textContent();
    const key = prompt.match(/customer-\d+/)[0];
    const shards = Number(await page.locator('[data-testid="question-param"][data-name="shards"]').getAttribute('data-value'));
    const hash = BigInt('0x' + crypto.createHash('md5').update(key).digest('hex'));
    const span = (1n << 128n) / BigInt(shards);
    const expected = Math.min(Number(hash / span), shards - 1);
    const a = await answer(page, 'which-shard', seed, expected);
    expect(a.right).toBe(true);
    expect(a.readings.shard).toBe(expected);
  }
});

test('a wrong fix runs beside the right one, forked from the same seed', async ({ page }) => {
  const errors = watchErrors(page);
  // Choice A: UpdateShardCount to 4.
  const a = await answer(page, 'hot-key-fix', 4, 0);
  expect(a.right).toBe(a.readings.throttled === 0);
  expect(a.right).toBe(false);
  await page.getByTestId('question-compare-choice').selectOption('1');
  await page.getByTestId('question-compare-run').click();
  const lanes = page.getByTestId('question-observed');
  await expect(lanes).toHaveCount(2);
  const second = lanes.nth(1);
  await expect(second).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  const throttled = Number(await second.locator('[data-testid="question-reading"][data-key="throttled"]').getAttribute('data-value'));
  await expect(second.getByTestId('lane-verdict')).toHaveAttribute('data-right', String(throttled === 0));
  expect(throttled).toBe(0);
  await screenshot(page, 'learn-side-by-side');
  expect(errors).toEqual([]);
});

test('a tour: Right moves on, a step waits for the engine, Left restores the earlier caption and state', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/streams?tour=hot-key');
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '0');
  const caption0 = await page.getByTestId('tour-caption').textContent();
  const hash0 = await tour.getAttribute('data-state-hash');
  // The tour plays at 1x; its waits are the engine's (the first refused write, 10 virtual
  // seconds), so at 10x they come ten times sooner, with the same steps and state hashes.
  await setSpeed(page, '10x');

  await page.keyboard.press('ArrowRight');
  // Step 1 plays until the first refused write; then the tour moves on by itself.
  await expect(tour).toHaveAttribute('data-step', '2', { timeout: 20_000 });
  expect(Number((await page.getByTestId('throttle-count').textContent()).replace(/,/g, ''))).toBeGreaterThan(0);
  const caption2 = await page.getByTestId('tour-caption').textContent();
  const hash2 = await tour.getAttribute('data-state-hash');
  await page.waitForTimeout(1000);
  expect(await tour.getAttribute('data-state-hash')).toBe(hash2);

  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '4', { timeout: 20_000 });
  await page.keyboard.press('ArrowLeft');
  await expect(tour).toHaveAttribute('data-step', '3');
  await page.keyboard.press('ArrowLeft');
  await expect(tour).toHaveAttribute('data-step', '2');
  await expect(page.getByTestId('tour-caption')).toHaveText(caption2);
  await expect(tour).toHaveAttribute('data-state-hash', hash2);

  // Back into a step that waits: it waits, paused, until Next.
  await page.keyboard.press('ArrowLeft');
  await expect(tour).toHaveAttribute('data-step', '1');
  await page.waitForTimeout(1500);
  await expect(tour).toHaveAttribute('data-step', '1');
  await page.getByTestId('tour-back').click();
  await expect(tour).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('tour-caption')).toHaveText(caption0);
  await expect(tour).toHaveAttribute('data-state-hash', hash0);
  await expect(page.getByTestId('throttle-count')).toHaveText('0');
  await screenshot(page, 'learn-tour');
  expect(errors).toEqual([]);
});

test('the coverage page lists every study note with links to what shows it', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/learn');
  await page.getByTestId('coverage-link').click();
  const rows = page.getByTestId('coverage-row');
  await expect(rows).toHaveCount(56);
  const s9 = page.locator('[data-testid="coverage-row"][data-note="S9"]');
  await expect(s9).toHaveAttribute('data-covered', 'true');
  await expect(s9.locator('a[href*="level="]').first()).toBeVisible();
  await expect(s9.locator('a[href*="question="]').first()).toBeVisible();
  await expect(s9.locator('a[href*="preset="]').first()).toBeVisible();
  // Every covered row links somewhere; every uncovered one says so, and the list at the top names it.
  const missing = await page.getByTestId('coverage-missing').textContent();
  for (const row of await rows.all()) {
    const id = await row.getAttribute('data-note');
    if ((await row.getAttribute('data-covered')) === 'true') {
      expect(await row.locator('a').count()).toBeGreaterThan(0);
    } else {
      expect(missing).toMatch(new RegExp(`\\b${id}\\b`));
    }
  }
  await screenshot(page, 'learn-coverage');
  expect(errors).toEqual([]);
});

test('progress: export, forget, import; a missed question is due for review two days later', async ({ page }, info) => {
  const errors = watchErrors(page);
  const t0 = Date.parse('2026-03-02T09:00:00Z');
  await page.clock.setFixedTime(t0);
  // A wrong answer (choice C never happens: a provisioned stream does not split itself).
  const missed = await answer(page, 'hot-key-outcome', 2, 2);
  expect(missed.right).toBe(false);
  // A right one, read off the run: the shard the key landed on.
  const right = await answer(page, 'which-shard', 5, 0);
  if (!right.right) await answer(page, 'which-shard', 5, right.readings.shard);

  await openSandbox(page, '#/learn');
  await expect(page.getByTestId('progress-summary')).toContainText('2 question(s) answered');
  await expect(page.getByTestId('review-item')).toHaveCount(0);
  // The right answer counts for both exams and its study note; the missed one for neither.
  await expect(page.locator('[data-testid="progress-exam"][data-exam="SAA-C03"]')).toContainText(/, 1 of \d+ questions right/);
  await expect(page.getByTestId('progress-notes')).toHaveText('Study notes practised: S9');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('progress-export').click()]);
  const file = info.outputPath('progress.json');
  await download.saveAs(file);
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).questions['hot-key-outcome'].last_right).toBe(false);

  await page.getByTestId('progress-clear').click();
  await expect(page.getByTestId('progress-summary')).toContainText('0 question(s) answered');
  await page.getByTestId('progress-import').setInputFiles(file);
  await expect(page.getByTestId('progress-summary')).toContainText('2 question(s) answered');

  await page.clock.setFixedTime(t0 + 2 * 86_400_000);
  await page.reload();
  await expect(page.getByTestId('review-item')).toHaveCount(1);
  await expect(page.getByTestId('review-item')).toHaveAttribute('data-question', 'hot-key-outcome');
  expect(errors).toEqual([]);
});

test('the learning layer at 390x844: the overlay, a question, a tour and the coverage page fit a phone', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 390, height: 844 });
  const shots = [
    ['#/learn?question=first-flush&seed=3', 'learn-mobile-question', 'question-panel'],
    ['#/streams?level=hot-partition-key', 'learn-mobile-level', 'level-goal'],
    ['#/firehose?tour=buffering', 'learn-mobile-tour', 'tour'],
    ['#/coverage', 'learn-mobile-coverage', 'coverage-summary'],
  ];
  for (const [hash, name, testId] of shots) {
    await openSandbox(page, hash);
    const part = page.getByTestId(testId);
    await expect(part).toBeVisible();
    const box = await part.boundingBox();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390 + 1);
    await screenshot(page, name);
  }
  expect(errors).toEqual([]);
});

test('the EMR tour ends with the cluster gone, its HDFS lost and its S3 output kept', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/emr?tour=hdfs-vs-emrfs');
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '0');
  // The tour plays at its own speed: a cluster's minutes of booting pass in seconds.
  await expect(page.getByTestId('speed')).toHaveValue('100x');
  // Nothing is read between step 1 and step 3: the steps and the termination at 1000x.
  await setSpeed(page, '1000x');
  await page.keyboard.press('ArrowRight');
  // Step 1 waits for the steps, step 2 for the termination; the engine moves both on.
  await expect(tour).toHaveAttribute('data-step', '3', { timeout: 60_000 });
  await expect(page.getByTestId('cluster-state').first()).toContainText('TERMINATED');
  await expect(page.getByTestId('termination-banner')).toBeVisible();
  await screenshot(page, 'learn-tour-emr');
  expect(errors).toEqual([]);
});

test('the pipeline tour: the first attempt fails, the retry finishes', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/pipeline?tour=pipeline-retry');
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '0');
  // Every step the tour shows, as it shows it: at 1000x the retry's 10 minutes pass in under a
  // second, too short a step for polling to be sure to see, so the page records each one.
  // (Each change's old value: two changes in one task are still two records.)
  await page.evaluate(() => {
    window.__tourSteps = [];
    new MutationObserver((changes) => changes.forEach((c) => window.__tourSteps.push(c.oldValue)))
      .observe(document.querySelector('[data-testid="tour"]'), { attributeFilter: ['data-step'], attributeOldValue: true });
  });
  await setSpeed(page, '1000x');
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '3', { timeout: 60_000 });
  // The steps it left, in order: 0 on Right, 1 when the first attempt failed, 2 when the retry
  // finished (each moved on by the engine).
  expect(await page.evaluate(() => window.__tourSteps)).toEqual(['0', '1', '2']);
  const copy = page.locator('[data-testid="instance-cell"][data-instance^="@DailyCopy_"]');
  await expect(copy).toHaveAttribute('data-status', 'FINISHED');
  await copy.click();
  await expect(page.locator('[data-testid="attempt-row"][data-status="FAILED"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="attempt-row"][data-status="FINISHED"]')).toHaveCount(1);
  await screenshot(page, 'learn-tour-pipeline');
  expect(errors).toEqual([]);
});

test('a pipeline level: the copy waits for its marker; uploading the data again changes nothing, the marker solves it', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/pipeline?level=pipeline-wait-for-file');
  const goal = page.getByTestId('level-goal');
  await expect(goal).toHaveAttribute('data-met', 'false');
  await expect(page.locator('[data-testid="instance-cell"][data-instance^="@DailyCopy_"]').first())
    .toHaveAttribute('data-status', 'WAITING_ON_DEPENDENCIES');
  const console_ = async (line) => {
    await page.getByTestId('console-input').fill(line);
    await page.getByTestId('console-input').press('Enter');
  };
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  await console_('aws s3api put-object --bucket raw --key in/orders.csv');
  // 20 virtual minutes without the marker, then the wait for the copy: at 1000x.
  await setSpeed(page, '1000x');
  await playFor(page, 1200);
  await expect(goal).toHaveAttribute('data-met', 'false');
  await console_('aws s3api put-object --bucket raw --key in/_SUCCESS');
  await ensurePlaying(page);
  await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 45_000 });
  await expect(goal).toHaveAttribute('data-solved', 'true');
  expect(errors).toEqual([]);
});

test('the Snowball tour: days pass at full speed, the files land in S3', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/transfer?tour=snowball-import');
  const tour = page.getByTestId('tour');
  await expect(tour).toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('speed')).toHaveValue('max');
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '2', { timeout: 60_000 });
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'WithCustomer');
  await page.keyboard.press('ArrowRight');
  await expect(tour).toHaveAttribute('data-step', '5', { timeout: 60_000 });
  await expect(page.getByTestId('job-state')).toHaveAttribute('data-state', 'Complete');
  await expect(page.getByTestId('job-imported')).toContainText('4 of 4 objects');
  await screenshot(page, 'learn-tour-snowball');
  expect(errors).toEqual([]);
});

test('a Disk level: the drive is loaded only with its SIGNATURE file', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/transfer?level=disk-signature');
  const goal = page.getByTestId('level-goal');
  await expect(goal).toHaveAttribute('data-met', 'false');
  await page.getByTestId('disk-ship').click();
  await expect(page.getByTestId('level-actions')).toContainText('Your actions: 1');
  await setSpeed(page, 'max');
  await ensurePlaying(page);
  await expect(goal).toHaveAttribute('data-met', 'true', { timeout: 45_000 });
  await expect(goal).toHaveAttribute('data-solved', 'true');
  await expect(page.getByTestId('disk-loaded')).toContainText('Loaded 3 object(s)');
  expect(errors).toEqual([]);
});

test("the overview and S3 tours wait for Firehose's first delivery", async ({ page }) => {
  const errors = watchErrors(page);
  for (const [route, view] of [['#/overview?tour=data-path', 'overview'], ['#/s3?tour=s3-deliveries', 's3']]) {
    await openSandbox(page, route);
    const tour = page.getByTestId('tour');
    await expect(tour).toHaveAttribute('data-step', '0');
    // Step 1 waits for the first flush (60 s or 1 MiB of virtual time); step 2 waits for Next.
    await setSpeed(page, '100x');
    await page.keyboard.press('ArrowRight');
    await expect(tour).toHaveAttribute('data-step', '2', { timeout: 45_000 });
    await expect(page.getByTestId('tour-caption')).toContainText(view === 's3' ? 'YYYY/MM/DD/HH/' : 'near real time');
  }
  await screenshot(page, 'learn-tour-s3');
  expect(errors).toEqual([]);
});
