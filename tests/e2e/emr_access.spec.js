// EMR access (#/emr, the "Security groups and access" panel): the managed groups' rules as
// the EC2 console lists them; SSH from your address times out until a rule admits it, then
// names that rule. Screenshot at 1280x720.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

test('SSH to the primary node times out until a rule admits your address', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/emr?preset=hdfs-replicas');
  await expect(page.locator('#emr-title')).toHaveText('EMR: a Hadoop cluster, drawn');
  await page.getByTestId('speed').selectOption('1000x');
  await expect(page.getByTestId('cluster-state')).toHaveAttribute('data-state', /RUNNING|WAITING/, { timeout: 30000 });
  // ElasticMapReduce-master: ICMP, TCP, UDP from both groups and TCP 8443; -slave: the six
  // intra-cluster rules.
  await expect(page.getByTestId('sg-rule')).toHaveCount(13);
  await expect(page.getByTestId('sg-rule').filter({ hasText: 'TCP 8443' })).toHaveCount(1);
  await page.getByTestId('connect').click();
  await expect(page.getByTestId('connect-result')).toContainText('the packets are dropped and the connection times out');
  await page.getByTestId('add-ssh').click();
  await expect(page.getByTestId('sg-rule')).toHaveCount(14);
  await page.getByTestId('connect').click();
  await expect(page.getByTestId('connect-result')).toContainText('Allowed by ElasticMapReduce-master');
  await expect(page.getByTestId('connect-result')).toContainText('TCP 22 from 198.51.100.7/32');
  await expect(page.getByTestId('acting-as')).toBeVisible();
  await page.locator('.emr-access').scrollIntoViewIfNeeded();
  await screenshot(page, 'emr-access');
  expect(errors).toEqual([]);
});
