// The Data Pipeline view's RDS and DynamoDB data nodes (#/pipeline): the sandbox's tables beside
// the graph, each with the caption saying the sandbox simulates them (there is no RDS or DynamoDB
// service), and the learner's verbs (create the table, put an item, run SQL) as sandbox actions
// echoed in the console. Screenshots at 1280x720.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, setSpeed, screenshot } = require('./helpers');
const { LONG, cell, play, consoleText } = require('./pipeline_helpers');


test('a DynamoDB table as a precondition: the activity waits until the table has an item', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/pipeline?preset=dynamodb-precondition');
  await expect(page.getByTestId('pipeline-graph')).toBeVisible(LONG);
  await expect(page.getByTestId('dynamo-caption')).toHaveText(/^Simulated by the sandbox: there is no DynamoDB service here\./);
  const table = page.locator('[data-testid="dynamo-table"][data-table="events"]');
  await expect(table.getByTestId('dynamo-items')).toHaveAttribute('data-items', 'none');
  await expect(cell(page, 'EventsHaveData', 'RUNNING')).toHaveCount(1, LONG);
  await expect(cell(page, 'ExportEvents', 'WAITING_ON_DEPENDENCIES')).toHaveCount(1, LONG);

  // An empty table is not enough for DynamoDBDataExists: still waiting a check later.
  await table.getByTestId('dynamo-create').click();
  await expect(table.getByTestId('dynamo-items')).toHaveAttribute('data-items', '0');
  await expect(table).toContainText('0 item(s), partition key id (S)');
  await page.getByTestId('skip-5m').click();
  await page.getByTestId('skip-5m').click();
  await expect(cell(page, 'EventsHaveData', 'RUNNING')).toHaveCount(1);
  await expect(cell(page, 'ExportEvents', 'WAITING_ON_DEPENDENCIES')).toHaveCount(1);

  // The Put button puts the suggested item; then the precondition holds and the activity runs.
  await table.getByTestId('dynamo-put').click();
  await expect(table.getByTestId('dynamo-items')).toHaveAttribute('data-items', '1');
  await expect(table.getByTestId('dynamo-item')).toHaveText(['{"id":{"S":"item-1"},"source":{"S":"learner"}}']);
  await setSpeed(page, '1000x');
  await play(page);
  await expect(cell(page, 'EventsHaveData', 'FINISHED')).toHaveCount(1, LONG);
  await expect(cell(page, 'ExportEvents', 'FINISHED')).toHaveCount(1, LONG);
  await expect(page.getByTestId('pipeline-state')).toHaveAttribute('data-state', 'FINISHED', LONG);
  await table.scrollIntoViewIfNeeded();
  await screenshot(page, 'pipeline-dynamodb-precondition');

  // An item without the partition key is refused in DynamoDB's words; the next suggested item
  // is a second one.
  await table.getByTestId('dynamo-item-json').fill('{"kind": {"S": "click"}}');
  await table.getByTestId('dynamo-put').click();
  await expect(table.getByTestId('store-error')).toHaveText('One or more parameter values were invalid: Missing the key id in the item');
  await expect(table.getByTestId('dynamo-items')).toHaveAttribute('data-items', '1');
  await table.getByTestId('dynamo-item-json').fill('');
  await table.getByTestId('dynamo-put').click();
  await expect(table.getByTestId('dynamo-items')).toHaveAttribute('data-items', '2');
  await expect(table.getByTestId('store-error')).toHaveCount(0);

  const text = await consoleText(page);
  expect(text).toContain("# sandbox action (the sandbox's DynamoDB): create table events, partition key id (S)");
  expect(text).toContain(`# sandbox action (the sandbox's DynamoDB): put item {"id":{"S":"item-1"},"source":{"S":"learner"}} into events`);
  expect(text).not.toContain('aws dynamodb');
  expect(errors).toEqual([]);
});

test('a SqlDataNode shows its RDS MySQL table, filled by SQL the learner runs on its database', async ({ page }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/console');
  const definition = JSON.stringify({ objects: [
    { id: 'Default', scheduleType: 'ondemand', pipelineLogUri: 's3://lab/logs/' },
    { id: 'Shop', type: 'RdsDatabase', rdsInstanceId: 'shop', databaseName: 'sales', username: 'admin', '*password': 'secret' },
    { id: 'Orders', type: 'SqlDataNode', database: { ref: 'Shop' }, table: 'orders', selectQuery: 'select * from orders' },
  ] });
  const input = page.getByTestId('console-input');
  const out = page.getByTestId('console-output');
  await expect(input).toBeVisible(LONG);
  await input.fill('aws datapipeline create-pipeline --name rds --unique-id rds --query pipelineId --output text');
  await input.press('Enter');
  await expect(out.locator('.entry').last().locator('.stdout')).toHaveText(/^df-/, LONG);
  const id = (await out.locator('.entry').last().locator('.stdout').innerText()).trim();
  await input.fill(`aws datapipeline put-pipeline-definition --pipeline-id ${id} --pipeline-definition '${definition}'`);
  await input.press('Enter');
  await expect(out.locator('.entry').last()).toContainText('"errored": false');

  await page.getByRole('link', { name: 'Data Pipeline', exact: true }).click();
  await expect(page.getByTestId('rds-caption')).toHaveText(/^Simulated by the sandbox: there is no RDS service here\./, LONG);
  const card = page.locator('[data-testid="rds-table"][data-id="Orders"]');
  await expect(card).toContainText('instance shop · database sales');
  await expect(card.getByTestId('rds-rows')).toHaveAttribute('data-rows', 'none');
  await card.getByTestId('rds-sql').fill("create table orders (id int, customer varchar(20)); insert into orders values (1, 'alice'); insert into orders values (2, 'bob')");
  await card.getByTestId('rds-run').click();
  await expect(card.getByTestId('rds-rows')).toHaveAttribute('data-rows', '2');
  await expect(card.getByTestId('rds-row')).toHaveCount(2);
  await expect(card.getByTestId('rds-row').nth(1)).toContainText('bob');
  await expect(card.locator('th')).toHaveText(['id', 'customer']);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'pipeline-rds-table');
  await card.getByTestId('rds-sql').fill('insert into orders values (3)');
  await card.getByTestId('rds-run').click();
  await expect(card.getByTestId('store-error')).toHaveText("Column count doesn't match value count at row 1");

  const text = await consoleText(page);
  expect(text).toContain("# sandbox action (the sandbox's RDS MySQL, as the mysql client): instance shop database sales: create table orders");
  expect(text).toContain('Query OK');
  expect(errors).toEqual([]);
});
