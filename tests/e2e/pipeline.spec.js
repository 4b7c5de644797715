// The Data Pipeline view (#/pipeline): each preset as a learner sees it, with AWS's status names
// in the grid (data-status), the attempts of a cell, the data nodes filling in S3, the Task
// Runner on premises, the EmrActivity's transient cluster in the EMR view, and the editor's
// validation errors at object and field. Screenshots at 1280x720 and 390x844.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, setSpeed, slowDownWhen, screenshot } = require('./helpers');
const { LONG, cell, play, consoleText } = require('./pipeline_helpers');

const PHONE = { width: 390, height: 844 };

/** Opens a preset; `speed` replaces the preset's 100x once its definition is in (a journey
 * that only waits for the run's outcome waits at 1000x: a 10-minute retryDelay in 0.6 s). */
async function openPreset(page, preset, speed) {
  await openSandbox(page, `#/pipeline?preset=${preset}`);
  await expect(page.locator('#pipeline-title')).toHaveText('Data Pipeline: definitions run on the clock');
  await expect(page.getByTestId('pipeline-graph')).toBeVisible(LONG);
  if (speed) await setSpeed(page, speed);
}

test('hello world: an Ec2Resource boots, the activity runs on it, the pipeline ends FINISHED', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'hello-world', '1000x');
  await expect(page.getByTestId('pipeline-object')).toHaveCount(2);
  await expect(page.locator('[data-testid="pipeline-edge"][data-field="runsOn"]')).toHaveCount(1);
  await expect(cell(page, 'ShellCommandActivity_HelloWorld', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'A_Fresh_NewEC2Instance', 'FINISHED')).toHaveCount(1, LONG);
  await expect(page.getByTestId('pipeline-state')).toHaveAttribute('data-state', 'FINISHED');
  await cell(page, 'ShellCommandActivity_HelloWorld').click();
  await expect(page.getByTestId('attempt-row')).toHaveCount(1);
  await expect(page.getByTestId('attempt-row').first()).toHaveAttribute('data-status', 'FINISHED');
  await expect(page.getByTestId('instance-stdout')).toContainText('Hello World from an EC2 instance the pipeline started');
  await screenshot(page, 'pipeline-hello-world');
  const text = await consoleText(page);
  expect(text).toContain('aws datapipeline create-pipeline --name');
  expect(text).toContain('aws datapipeline put-pipeline-definition --pipeline-id df-');
  expect(text).toContain('aws datapipeline activate-pipeline --pipeline-id df-');
  expect(errors).toEqual([]);
});

test('an hourly copy backfills the periods since 18:00, one instance per 5 minutes, into S3', async ({ page }) => {
  const errors = watchErrors(page);
  // At the preset's 100x from the first period's copy on: the data node lists the newest
  // objects only, and 18:00's must still be among them when it is read. Until that copy
  // (the resource boots first: about 6 virtual minutes) at 1000x, and the page itself slows
  // down in the task that shows it FINISHED.
  await openPreset(page, 'hourly-copy-backfill', '1000x');
  await slowDownWhen(page, '[data-testid="instance-cell"][data-instance^="@HourlyCopy_"]', 'data-status', 'FINISHED', '100x');
  await expect(page.getByTestId('pipeline-object')).toHaveCount(5);
  await expect(cell(page, 'HourlyCopy', 'FINISHED').nth(1)).toBeVisible(LONG);
  const periods = await cell(page, 'HourlyCopy').count();
  expect(periods).toBeGreaterThanOrEqual(2);
  const node = page.locator('[data-testid="data-node"][data-id="CopiedOrders"]');
  await expect(node).not.toHaveAttribute('data-objects', '0');
  await expect(node).toContainText('orders/2025-12-31-18/orders-eu.csv');
  await screenshot(page, 'pipeline-backfill');
  expect(errors).toEqual([]);
});

test('an S3KeyExists precondition holds the copy until the key is put', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'precondition-waits');
  await expect(cell(page, 'DailyCopy', 'WAITING_ON_DEPENDENCIES')).toHaveCount(1, LONG);
  await expect(cell(page, 'ExportReady', 'RUNNING')).toHaveCount(1, LONG);
  await page.getByTestId('skip-5m').click();
  await expect(cell(page, 'DailyCopy', 'WAITING_ON_DEPENDENCIES')).toHaveCount(1);
  await expect(page.getByTestId('precondition-key')).toHaveAttribute('data-exists', 'false');
  await page.getByTestId('put-key').click();
  await expect(page.getByTestId('precondition-key')).toHaveAttribute('data-exists', 'true');
  await setSpeed(page, '1000x');
  await play(page);
  await expect(cell(page, 'ExportReady', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'DailyCopy', 'FINISHED')).toHaveCount(1, LONG);
  expect(errors).toEqual([]);
});

test('a failing copy: three attempts, FAILED, the report CASCADE_FAILED, an SNS message; rerun', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'retry-then-cascade', '1000x');
  await expect(cell(page, 'DailyCopy', 'FAILED')).toHaveCount(1, LONG);
  await expect(cell(page, 'DailyReport', 'CASCADE_FAILED')).toHaveCount(1, LONG);
  await expect(cell(page, 'CopiedOrders', 'CASCADE_FAILED')).toHaveCount(1);
  await expect(page.getByTestId('sns-message')).toHaveCount(1);
  await expect(page.getByTestId('sns-message')).toContainText('DailyCopy failed');
  await cell(page, 'DailyCopy').click();
  await expect(page.getByTestId('attempt-row')).toHaveCount(3);
  await expect(page.locator('[data-testid="attempt-row"][data-status="FAILED"]')).toHaveCount(3);
  await expect(page.getByTestId('attempt-row').first()).toContainText('a fault the learner injected');
  await expect(page.getByTestId('tries-left')).toHaveText('0');
  await screenshot(page, 'pipeline-cascade');
  await page.getByTestId('rerun').click();
  await play(page);
  await expect(cell(page, 'DailyCopy', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'DailyReport', 'FINISHED')).toHaveCount(1, LONG);
  expect(errors).toEqual([]);
});

test('on premises: WAITING_FOR_RUNNER until the Task Runner starts', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'on-premises-runner');
  await expect(cell(page, 'ExportFromDatacenter', 'WAITING_FOR_RUNNER')).toHaveCount(1, LONG);
  await page.getByTestId('skip-1h').click();
  await expect(cell(page, 'ExportFromDatacenter', 'WAITING_FOR_RUNNER')).toHaveCount(1);
  await expect(page.getByTestId('task-runner')).toHaveAttribute('data-running', 'false');
  await page.getByTestId('task-runner-toggle').click();
  await expect(page.getByTestId('task-runner')).toHaveAttribute('data-running', 'true');
  await play(page);
  await expect(cell(page, 'ExportFromDatacenter', 'FINISHED')).toHaveCount(1, LONG);
  await screenshot(page, 'pipeline-on-premises');
  expect(errors).toEqual([]);
});

test('an hourly pipeline next to a Kinesis stream', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'hourly-vs-stream');
  await expect(cell(page, 'HourlyBatch', 'FINISHED')).toHaveCount(1, LONG);
  await expect(page.locator('[data-testid="data-node"][data-id="HourlyClicks"]')).toHaveAttribute('data-objects', '1');
  const text = await consoleText(page);
  expect(text).toContain('aws kinesis put-record --stream-name clicks');
  expect(text).toContain('"SequenceNumber"');
  expect(errors).toEqual([]);
});

test('an EmrActivity runs its word count on a transient cluster the EMR view lists', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 'emr-word-count', '1000x');
  await expect(cell(page, 'WordCount', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'WordCountCluster', 'FINISHED')).toHaveCount(1, LONG);
  await cell(page, 'WordCount').click();
  await expect(page.getByTestId('instance-stdout')).toContainText(/submitted 1 step\(s\) to j-/);
  await expect(page.getByTestId('instance-stdout')).toContainText('COMPLETED');
  await expect(page.locator('[data-testid="data-node"][data-id="WordCounts"]')).not.toHaveAttribute('data-objects', '0');
  await screenshot(page, 'pipeline-emr');
  await page.getByRole('link', { name: 'EMR', exact: true }).click();
  await expect(page.locator('main')).toContainText('emr-word-count @WordCountCluster_', LONG);
  await expect(page.locator('main')).toContainText('TERMINATED');
  expect(errors).toEqual([]);
});

test('S3 to Redshift: TRUNCATE then OVERWRITE_EXISTING into the table, then an SqlActivity', async ({ page }) => {
  const errors = watchErrors(page);
  await openPreset(page, 's3-to-redshift', '1000x');
  await expect(page.locator('[data-testid="pipeline-object"][data-kind="database"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="pipeline-edge"][data-field="database"]')).toHaveCount(2);
  await expect(cell(page, 'LoadMonday', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'MergeTuesday', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'DropSmallOrders', 'FINISHED')).toHaveCount(1, LONG);
  const table = page.locator('[data-testid="redshift-table"][data-table="orders"]');
  // Monday 1,2,3; Tuesday replaces 2 and adds 4; the SQL deletes the orders under 15 (1 and 3).
  await expect(table).toHaveAttribute('data-rows', '2');
  await expect(table.getByTestId('redshift-row').first()).toContainText('bob');
  await cell(page, 'MergeTuesday').click();
  await expect(page.getByTestId('instance-stdout')).toContainText('OVERWRITE_EXISTING: read 2 row(s); inserted 2, replaced 1');
  await screenshot(page, 'pipeline-s3-to-redshift');
  const text = await consoleText(page);
  expect(text).toContain('--pipeline-definition file://s3-to-redshift.json');
  expect(errors).toEqual([]);
});

test('the console reads a definition file: file:// as the real CLI, its error for a missing file', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/pipeline');
  await expect(page.locator('#pipeline-title')).toBeVisible(LONG);
  const definition = JSON.stringify({ objects: [
    { id: 'Default', scheduleType: 'ondemand', pipelineLogUri: 's3://lab/logs/' },
    { id: 'Say', type: 'ShellCommandActivity', command: 'echo hi', workerGroup: 'on-premises' },
  ] });
  // The editor's upload puts the file into the console's files, as the S3 view's upload does.
  await page.getByTestId('definition-upload').setInputFiles({ name: 'mydef.json', mimeType: 'application/json', buffer: Buffer.from(definition) });
  await expect(page.getByTestId('definition-editor')).toHaveValue(definition);
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  const input = page.getByTestId('console-input');
  const out = page.getByTestId('console-output');
  await input.fill('aws datapipeline create-pipeline --name files --unique-id files --query pipelineId --output text');
  await input.press('Enter');
  await expect(out.locator('.entry').last().locator('.stdout')).toHaveText(/^df-/, LONG);
  const id = (await out.locator('.entry').last().locator('.stdout').innerText()).trim();
  await input.fill(`aws datapipeline put-pipeline-definition --pipeline-id ${id} --pipeline-definition file://x.json`);
  await input.press('Enter');
  await expect(out.locator('.entry').last().locator('.stderr')).toHaveText(
    "Error parsing parameter '--pipeline-definition': Unable to load paramfile file://x.json: [Errno 2] No such file or directory: 'x.json'");
  await input.fill(`aws datapipeline put-pipeline-definition --pipeline-id ${id} --pipeline-definition file://mydef.json`);
  await input.press('Enter');
  await expect(out.locator('.entry').last()).toContainText('"errored": false');
  await screenshot(page, 'pipeline-console-file');
  expect(errors).toEqual([]);
});

test('the editor: validation errors at their object and field; text that is not JSON', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/pipeline');
  await expect(page.locator('#pipeline-title')).toBeVisible(LONG);
  const broken = JSON.stringify({ objects: [
    { id: 'Default', scheduleType: 'cron', schedule: { ref: 'Nightly' } },
    { id: 'Nightly', type: 'Schedule', period: '5 minutes', startAt: 'FIRST_ACTIVATION_DATE_TIME' },
    { id: 'Copy', type: 'CopyActivity', input: { ref: 'Nowhere' }, workerGroup: 'wg' },
  ] }, null, 2);
  await page.getByTestId('definition-editor').fill(broken);
  await page.getByTestId('put-definition').click();
  await expect(page.getByTestId('definition-error').first()).toBeVisible(LONG);
  await expect(page.locator('[data-testid="definition-error"][data-object="Copy"][data-field="input"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="definition-error"][data-object="Copy"][data-field="output"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="definition-error"][data-object="Nightly"]')).toHaveCount(1);
  await expect(page.getByTestId('pipeline-object')).toHaveCount(2);
  await expect(page.locator('[data-testid="pipeline-object"][data-error="true"]')).toHaveCount(2);
  await screenshot(page, 'pipeline-editor-errors');
  await page.getByTestId('definition-editor').fill('{"objects": [');
  await page.getByTestId('put-definition').click();
  await expect(page.locator('[data-testid="definition-error"][data-object=""]')).toHaveCount(1);
  await page.getByTestId('definition-editor').fill('{"nope": []}');
  await page.getByTestId('put-definition').click();
  await expect(page.getByTestId('definition-error')).toHaveText(/Error in pipeline definition: Missing "objects" key/);
  expect(errors).toEqual([]);
});

test('at 390 px wide: the graph scrolls, the grid and the attempts stay readable', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await openPreset(page, 'retry-then-cascade', '1000x');
  await expect(cell(page, 'DailyCopy', 'FAILED')).toHaveCount(1, LONG);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await cell(page, 'DailyCopy').click();
  await expect(page.getByTestId('attempt-row')).toHaveCount(3);
  await screenshot(page, 'pipeline-phone');
});
