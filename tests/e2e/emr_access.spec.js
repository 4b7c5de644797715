// EMR access (#/emr): the managed security groups drawn as fences around their nodes with
// their rules; a packet that stops at the fence until a rule makes an opening, then passes
// through it (named); the view acting as an IAM user, refused with AWS's text. Screenshots at
// 1280x720 (projector) and 390 px (phone).
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

const PHONE = { width: 390, height: 844 };

async function openRunning(page, hash) {
  await openSandbox(page, hash);
  await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
  await page.getByTestId('speed').selectOption('1000x');
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', /RUNNING|WAITING/, { timeout: 30000 });
}

async function connect(page, source, port) {
  await page.getByTestId('connect-source').selectOption(source);
  await page.getByTestId('connect-port').fill(String(port));
  await page.getByTestId('connect').click();
}

test('SSH stops at the ElasticMapReduce-master fence until a rule opens it for your address', async ({ page }) => {
  const errors = watchErrors(page);
  await openRunning(page, '#/emr?preset=hdfs-replicas');
  // Two fences: the primary inside ElasticMapReduce-master, the core and task nodes inside -slave.
  const master = page.locator('[data-testid="sg-fence"][data-group="ElasticMapReduce-master"]');
  const slave = page.locator('[data-testid="sg-fence"][data-group="ElasticMapReduce-slave"]');
  await expect(page.getByTestId('sg-fence')).toHaveCount(2);
  await expect(master.getByTestId('fence-node')).toHaveText(['primary-1']);
  await expect(slave.getByTestId('fence-node')).toHaveText(['core-1', 'core-2', 'core-3', 'task-1']);
  // ICMP, TCP, UDP from both groups and TCP 8443 on the master's fence; six on the slave's.
  await expect(master.getByTestId('sg-rule')).toHaveCount(7);
  await expect(slave.getByTestId('sg-rule')).toHaveCount(6);
  await expect(master.getByTestId('sg-rule').filter({ hasText: 'TCP 8443' })).toHaveCount(1);

  // From the internet: no rule allows it, the packet stops at the fence.
  await connect(page, 'internet', 22);
  await expect(page.getByTestId('packet')).toHaveAttribute('data-allowed', 'false');
  await expect(page.getByTestId('packet-outcome')).toHaveText('stopped at the fence: no rule allows it');
  await expect(page.getByTestId('connect-result')).toContainText('the packets are dropped and the connection times out');
  await expect(master).toHaveClass(/stopped/);

  // From my IP, before and after "Allow SSH from my address".
  await connect(page, 'learner', 22);
  await expect(page.getByTestId('packet')).toHaveAttribute('data-allowed', 'false');
  await page.getByTestId('add-ssh').click();
  await expect(master.getByTestId('sg-rule')).toHaveCount(8);
  await connect(page, 'learner', 22);
  await expect(page.getByTestId('packet')).toHaveAttribute('data-allowed', 'true');
  await expect(page.getByTestId('packet-outcome')).toHaveText('through TCP 22 from 198.51.100.7/32');
  await expect(page.getByTestId('connect-result')).toContainText('Allowed by ElasticMapReduce-master');
  await expect(master.locator('[data-testid="sg-rule"].opening')).toContainText('198.51.100.7/32');
  await expect(master).toHaveClass(/passed/);
  // The internet still stops at the fence: the rule opens it for one address.
  await connect(page, 'internet', 22);
  await expect(page.getByTestId('packet')).toHaveAttribute('data-allowed', 'false');

  // A core node reaches the primary through the rule admitting the slave group.
  const core = await slave.getByTestId('fence-node').first().textContent();
  const coreOption = page.getByTestId('connect-source').locator('option', { hasText: core });
  await connect(page, await coreOption.getAttribute('value'), 8020);
  await expect(page.getByTestId('packet')).toHaveAttribute('data-allowed', 'true');
  await expect(page.getByTestId('packet-outcome')).toContainText('All TCP from sg-');
  await expect(page.getByTestId('packet-outcome')).toContainText('(ElasticMapReduce-slave)');

  await page.waitForTimeout(1600); // the packet's animation ends
  await page.locator('.emr-access').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-access-fences');
  await page.getByTestId('packet').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-access-packet');
  await page.setViewportSize(PHONE);
  await page.locator('.sg-fences').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-access-fences-phone');
  expect(errors).toEqual([]);
});

test('acting as carol, the view\'s add step is refused with AWS\'s AccessDeniedException text', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/emr?preset=another-user-submits');
  await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
  await page.getByTestId('acting-as').selectOption('carol');
  await page.getByTestId('add-step').click();
  const refusal = page.getByTestId('emr-error');
  await expect(refusal).toContainText('User: arn:aws:iam::000000000000:user/carol is not authorized to perform: elasticmapreduce:AddJobFlowSteps on resource: arn:aws:elasticmapreduce:');
  await screenshot(page, 'emr-acting-as-carol');
  await page.setViewportSize(PHONE);
  await page.locator('.emr-cluster').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-acting-as-carol-phone');
  // Acting as bob, allowed AddJobFlowSteps, the same button adds the step.
  await page.getByTestId('acting-as').selectOption('bob');
  await page.getByTestId('add-step').click();
  await expect(refusal).toHaveCount(0);
  await page.locator('nav.views a', { hasText: 'Console' }).click();
  const out = page.getByTestId('console-output');
  await expect(out).toContainText('--profile carol');
  await expect(out).toContainText('An error occurred (AccessDeniedException) when calling the AddJobFlowSteps operation: User: arn:aws:iam::000000000000:user/carol');
  await expect(out).toContainText('--profile bob');
  expect(errors).toEqual([]);
});

test('acting as bob under 2019 rules, alice\'s hidden cluster leaves the list', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/emr?preset=hidden-cluster-2019');
  await expect(page.getByTestId('cluster-chip')).toHaveCount(1);
  await page.getByTestId('acting-as').selectOption('bob');
  await expect(page.getByTestId('cluster-chip')).toHaveCount(0);
  await page.getByTestId('acting-as').selectOption('alice');
  await expect(page.getByTestId('cluster-chip')).toHaveCount(1);
  expect(errors).toEqual([]);
});
