// The EMR view (#/emr): a transient word count runs maps data-local on the nodes holding the
// blocks and ends by itself with its part files in S3; a lost core node goes stale at 30 s
// and dead at 10 min 30 s, after which replication 1 leaves blocks missing and replication 2
// copies them again; terminating a cluster takes every HDFS block and keeps every S3 object;
// the builder echoes its RunJobFlow as `aws emr create-cluster`. Screenshots at 1280x720 and
// 390x844.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, slowDownWhen, screenshot } = require('./helpers');

const PHONE = { width: 390, height: 844 };

async function openEmr(page, hash = '#/emr') {
  await openSandbox(page, hash);
  await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
}

async function fast(page, speed = '1000x') {
  await page.getByTestId('speed').selectOption(speed);
}

test('a transient word count: data-local maps, part files in S3, the cluster ends by itself', async ({ page }) => {
  const errors = watchErrors(page);
  await openEmr(page, '#/emr?preset=wordcount-transient');
  await expect(page.getByTestId('emr-node')).toHaveCount(3);
  // The boot at 1000x; from RUNNING (the step starts) at 100x, to see the maps running.
  await fast(page);
  await slowDownWhen(page, '[data-testid="cluster-state"]', 'data-state', 'RUNNING', '100x');
  await expect(page.getByTestId('map-task').first()).toBeVisible({ timeout: 30000 });
  await expect(page.getByTestId('speed')).toHaveValue('100x');
  await screenshot(page, 'emr-wordcount-running');
  await fast(page);
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'TERMINATED', { timeout: 30000 });
  await expect(page.getByTestId('cluster-state')).toContainText('Steps completed');
  await expect(page.getByTestId('step-row')).toHaveAttribute('data-state', 'COMPLETED');
  const maps = await page.getByTestId('map-task').count();
  expect(maps).toBeGreaterThan(0);
  // Reading from S3, no map can be data-local: EMRFS splits name no DataNode.
  const summary = await page.getByTestId('job-summary').textContent();
  expect(summary).toMatch(/map task\(s\), \d+ data-local/);
  // One part file per reducer, and the job's _SUCCESS marker.
  const reduces = await page.getByTestId('reduce-task').count();
  await expect(page.getByTestId('s3-kept')).toContainText(`${reduces + 1} object(s) under s3://emr-results/wordcount/`);
  await screenshot(page, 'emr-wordcount-done');
  expect(errors).toEqual([]);
});

test('a lost core node: stale at 30 s, dead at 10 min 30 s, then missing blocks at replication 1', async ({ page }) => {
  const errors = watchErrors(page);
  await openEmr(page, '#/emr?preset=lose-node-replication-1');
  await page.getByTestId('pause').click();
  const blocks = Number(await page.getByTestId('hdfs-blocks').textContent());
  expect(blocks).toBeGreaterThan(0);
  await expect(page.getByTestId('missing-blocks')).toHaveText('0');
  // Stale at 30 s (0.3 s at 100x), then dead 10 minutes on (6 s at 100x, still ample to see it
  // stale first); the rest waits at 1000x.
  await fast(page, '100x');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('stale-datanodes')).toHaveText('1', { timeout: 20000 });
  await screenshot(page, 'emr-node-stale');
  await fast(page, '1000x');
  await expect(page.getByTestId('dead-datanodes')).toHaveText('1', { timeout: 30000 });
  await expect(page.getByTestId('fsck-status')).toContainText("is CORRUPT");
  const missing = Number(await page.getByTestId('missing-blocks').textContent());
  expect(missing).toBeGreaterThan(0);
  expect(missing).toBeLessThan(blocks);
  await expect(page.locator('[data-testid="hdfs-block"][data-health="missing"]')).toHaveCount(missing);
  await page.locator('[data-testid="hdfs-block"][data-health="missing"]').first().click();
  await expect(page.getByTestId('block-detail')).toContainText('No replica left');
  await screenshot(page, 'emr-blocks-missing');
  expect(errors).toEqual([]);
});

test('replication 2: the dead node\'s blocks are copied again and nothing is lost', async ({ page }) => {
  const errors = watchErrors(page);
  await openEmr(page, '#/emr?preset=lose-node-replication-2');
  await fast(page);
  await expect(page.getByTestId('dead-datanodes')).toHaveText('1', { timeout: 30000 });
  await expect(page.getByTestId('under-replicated')).toHaveText('0', { timeout: 30000 });
  await expect(page.getByTestId('missing-blocks')).toHaveText('0');
  await expect(page.getByTestId('fsck-status')).toContainText('is HEALTHY');
  const full = await page.locator('[data-testid="hdfs-block"][data-health="full"]').count();
  expect(full).toBe(Number(await page.getByTestId('hdfs-blocks').textContent()));
  // Every block has its two replicas again, on the three nodes left.
  await page.locator('[data-testid="hdfs-block"]').first().click();
  await expect(page.getByTestId('block-detail').locator('li')).toHaveCount(2);
  expect(errors).toEqual([]);
});

test('terminate: every HDFS block goes with the nodes, S3 keeps its objects', async ({ page }) => {
  const errors = watchErrors(page);
  await openEmr(page, '#/emr?preset=emrfs-survives');
  await fast(page);
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', 'TERMINATED', { timeout: 30000 });
  await expect(page.getByTestId('hdfs-down')).toBeVisible();
  await expect(page.getByTestId('hdfs-block')).toHaveCount(0);
  await expect(page.getByTestId('termination-banner')).toContainText('HDFS went with the nodes');
  await expect(page.getByTestId('termination-banner')).toContainText('hdfs:///output/wordcount/part-00000');
  await expect(page.getByTestId('s3-kept')).toContainText(/S3 kept every object .*: [1-9]\d* object\(s\) under s3:\/\/emr-results\/wordcount\//);
  await screenshot(page, 'emr-terminated');
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  await screenshot(page, 'emr-phone');
  expect(errors).toEqual([]);
});

test('the builder: a cluster from the form, echoed as aws emr create-cluster', async ({ page }) => {
  const errors = watchErrors(page);
  await openEmr(page);
  await page.getByTestId('builder-core').fill('4');
  await page.getByTestId('builder-core').dispatchEvent('change');
  await expect(page.getByTestId('builder-price')).toContainText('$1.20 an hour for 5 nodes');
  await page.getByTestId('create-cluster').click();
  await expect(page.getByTestId('emr-node')).toHaveCount(5);
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', /STARTING|BOOTSTRAPPING/);
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  // The command people type, and what it prints.
  const entry = page.getByText(/aws emr create-cluster --name my-cluster --release-label emr-7\.1\.0 --applications Name=Hadoop --use-default-roles --instance-groups InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m5\.xlarge InstanceGroupType=CORE,InstanceCount=4,InstanceType=m5\.xlarge/).first();
  await expect(entry).toBeVisible({ timeout: 15000 });
  await expect(page.getByText(/"ClusterId": "j-[0-9A-Z]+"/).first()).toBeVisible();
  await screenshot(page, 'emr-echo');
  expect(errors).toEqual([]);
});

test('the builder echoes its create-cluster line live, release, applications and primary type included', async ({ page }) => {
  const errors = watchErrors(page);
  await openEmr(page);
  const line = page.getByTestId('builder-line');
  await expect(line).toHaveText(/^aws emr create-cluster --name my-cluster --release-label emr-7\.1\.0 --applications Name=Hadoop /, { timeout: 15000 });
  await page.getByTestId('builder-release').selectOption('emr-6.15.0');
  await expect(line).toContainText('--release-label emr-6.15.0');
  await page.locator('summary', { hasText: 'Applications:' }).click();
  await page.locator('[data-testid="builder-app"][value="Spark"]').check();
  await page.locator('[data-testid="builder-app"][value="Hive"]').check();
  await expect(line).toContainText('--applications Name=Hadoop Name=Hive Name=Spark');
  await page.getByTestId('builder-primary-type').selectOption('m5.2xlarge');
  await expect(line).toContainText('InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m5.2xlarge InstanceGroupType=CORE,InstanceCount=3,InstanceType=m5.xlarge');
  // The price follows the primary's type: m5.2xlarge $0.384 + $0.096, three m5.xlarge $0.24.
  await expect(page.getByTestId('builder-price')).toContainText('$1.20 an hour for 4 nodes');
  const shown = (await line.textContent()).trim();
  await page.getByTestId('create-cluster').click();
  await expect(page.getByTestId('emr-node')).toHaveCount(4);
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  // What Create sent is the line the builder showed, word for word.
  await expect(page.getByText(shown, { exact: false }).first()).toBeVisible({ timeout: 15000 });
  expect(errors).toEqual([]);
});
