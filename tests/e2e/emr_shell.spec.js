// The primary node's shell (issues 14 and 15): a cluster with Hive and a key pair launched
// from the console, `aws emr ssh` timing out until a rule admits port 22 from the learner's
// address, then the console as the node's shell: whoami, yarn application -list, word count
// with `hadoop jar`, Hive queries running as MapReduce jobs on the virtual clock, exit.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, screenshot } = require('./helpers');

async function run(page, line) {
  const out = page.getByTestId('console-output');
  const before = await out.locator('.entry').count();
  const input = page.getByTestId('console-input');
  await input.fill(line);
  await input.press('Enter');
  await expect(out.locator('.entry')).toHaveCount(before + 1, { timeout: 60_000 });
  return out.locator('.entry').last();
}

test('ssh to the primary node, then whoami, yarn and a Hive query read from the console', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await openSandbox(page, '#/console');
  // The key pair's private key, as the learner downloaded it, goes into the page's files (the
  // S3 view's upload puts a file there).
  await run(page, 'aws s3 mb s3://keys');
  await page.getByRole('link', { name: 'S3', exact: true }).click();
  await page.getByTestId('s3-bucket').filter({ hasText: 'keys' }).first().click();
  await page.getByTestId('s3-upload').setInputFiles({
    name: 'lab-key.pem', mimeType: 'application/x-pem-file',
    buffer: Buffer.from('-----BEGIN RSA PRIVATE KEY-----\n'),
  });
  await page.getByRole('link', { name: 'Console', exact: true }).click();

  let entry = await run(page, 'aws emr create-cluster --name shell-lab --release-label emr-7.1.0 --applications Name=Hadoop Name=Hive --instance-type m5.xlarge --instance-count 3 --use-default-roles --ec2-attributes KeyName=lab-key --query ClusterId --output text');
  const id = (await entry.locator('.stdout').innerText()).trim();
  expect(id).toMatch(/^j-/);

  // Today's master group admits no SSH: ssh waits for the cluster, then times out.
  entry = await run(page, `aws emr ssh --cluster-id ${id} --key-pair-file lab-key.pem`);
  await expect(entry.locator('.stdout')).toContainText('Waiting for the cluster to start.');
  await expect(entry.locator('.stdout')).toContainText('ssh -o StrictHostKeyChecking=no -o ServerAliveInterval=10 -i lab-key.pem hadoop@ec2-');
  await expect(entry.locator('.stderr')).toContainText('port 22: Connection timed out');

  entry = await run(page, 'aws ec2 describe-security-groups --group-names ElasticMapReduce-master --query SecurityGroups[0].GroupId --output text');
  const sg = (await entry.locator('.stdout').innerText()).trim();
  await run(page, `aws ec2 authorize-security-group-ingress --group-id ${sg} --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=198.51.100.7/32}]`);
  await run(page, `aws emr ssh --cluster-id ${id} --key-pair-file lab-key.pem`);
  await expect(page.getByTestId('console-prompt')).toHaveText(/^\[hadoop@ip-\d+-\d+-\d+-\d+ ~\]\$$/);

  entry = await run(page, 'whoami');
  await expect(entry.locator('.stdout')).toHaveText('hadoop');
  entry = await run(page, 'yarn application -list');
  await expect(entry.locator('.stdout')).toContainText('Total number of applications (application-types: [], states: [SUBMITTED, ACCEPTED, RUNNING] and tags: []):0');
  await expect(entry.locator('.stdout')).toContainText('Application-Id');
  entry = await run(page, 'nosuch');
  await expect(entry.locator('.stderr')).toHaveText('-bash: nosuch: command not found');

  // Word count from the examples JAR over the tutorial's two files, typed in the shell: the
  // job client's lines on the virtual clock, then the counts in HDFS.
  await run(page, 'hdfs dfs -mkdir -p in');
  await run(page, 'echo Hello World Bye World | hdfs dfs -put - in/file01');
  await run(page, 'echo Hello Hadoop Goodbye Hadoop | hdfs dfs -put - in/file02');
  entry = await run(page, 'hadoop jar /usr/lib/hadoop-mapreduce/hadoop-mapreduce-examples.jar wordcount in out');
  const job = await entry.locator('.stderr').innerText();
  expect(job).toMatch(/INFO client\.DefaultNoHARMFailoverProxyProvider: Connecting to ResourceManager at ip-/);
  expect(job).toContain('INFO mapreduce.JobSubmitter: number of splits:2');
  expect(job).toMatch(/The url to track the job: http:\/\/ip-[\d-]+\.ec2\.internal:20888\/proxy\/application_\d+_0001\//);
  expect(job).toContain('INFO mapreduce.Job:  map 0% reduce 0%');
  expect(job).toContain('INFO mapreduce.Job:  map 100% reduce 100%');
  expect(job).toMatch(/INFO mapreduce\.Job: Job job_\d+_0001 completed successfully/);
  expect(job).toContain('Reduce output records=5');
  await screenshot(page, 'emr-shell-hadoop-jar-1280x720');
  entry = await run(page, 'hdfs dfs -cat out/part-r-00000');
  await expect(entry.locator('.stdout')).toHaveText('Bye\t1\nGoodbye\t1\nHadoop\t2\nHello\t2\nWorld\t2');

  entry = await run(page, 'hive -f s3://elasticmapreduce/samples/hive/access_logs.q');
  await expect(entry.locator('.stdout')).toContainText('Launching Job 1 out of 2');
  entry = await run(page, 'hive -e "SELECT status, count(*) FROM access_logs GROUP BY status"');
  const text = await entry.locator('.stdout').innerText();
  expect(text).toContain('Total jobs = 1');
  expect(text).toMatch(/Stage-1 map = 100%, {2}reduce = 100%, Cumulative CPU/);
  expect(text).toMatch(/\nOK\n200\t\d+\n/);
  expect(text).toMatch(/Time taken: [\d.]+ seconds, Fetched: 5 row\(s\)/);
  entry = await run(page, 'yarn application -list -appStates ALL');
  await expect(entry.locator('.stdout')).toContainText('FINISHED');
  await screenshot(page, 'emr-shell-1280x720');

  entry = await run(page, 'exit');
  await expect(entry.locator('.stderr')).toContainText('Connection to ec2-');
  await expect(page.getByTestId('console-prompt')).toHaveText('$');
  expect(errors).toEqual([]);
});
