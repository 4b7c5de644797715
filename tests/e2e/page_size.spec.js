// What a learner downloads: every file the page fetches in its first 5 seconds (the page, all
// JS, all style sheets, the wasm module with its embedded models, anything loaded later), as
// it crosses the network (compressed), against a budget. `make size` runs this file alone and
// prints the table; `make test` runs it with the other journeys, so a page that grows past the
// budget fails the build.
const { test, expect } = require('@playwright/test');
const { watchErrors, TIMING } = require('./helpers');

// Bytes on the wire. The target is 1 MB (issue 20). Measured: 1,374,313 B in one module; then
// the download split (app/src/on_demand.rs): the first module keeps the shell, the overview
// and the Streams view, and the Analytics SQL compiler, the AWS CLI with botocore's models, the
// export and the other views come when the learner goes where they are needed: 734 kB; with
// EMR's engine merged, 862.4 kB; with EMR's code fetched when a command first reaches it
// (engine/src/emr/behaviour.rs), 757.1 kB. Merging Snowball (issue 18), whose engine is still
// in the first module, grew that module from 734,005 to 781,370 B (brotli, measured at the
// merge): about 804.5 kB in all. The EMR view (a module of its own; the first module gains
// its nav entry and the engine's new typed inputs) and its style sheet: 814,113 B measured.
// The budget is that plus 1%, so growth fails; moving Snowball's engine behind an on-demand
// table like EMR's is the next cut. Lower it with every cut. EMR access (issue 14) registered
// EC2 and IAM: their code comes with EMR's (engine::emr::Behaviour), but their state, events
// and commands are in the first module (and the access panel's styles in the sheet): 822,774 B
// (27 kB more before their code moved behind the table). Data Pipeline's engine (issue 17,
// still in the first module: its scheduler, validation, expressions, model) added about 41 kB:
// 874.1 kB in all with both (`make size`), budget that plus 0.5%. Moving Data Pipeline and
// Snowball behind on-demand tables like EMR's are the next cuts. The Data Pipeline view (its
// own module) added its style sheet (1.9 kB) and, in the first module, its nav entry, the
// engine's EmrCluster-on-EMR code and the snapshot's objects and timings (+6.5 kB);
// Import/Export Disk (issue 18: its engine in the first module, the Disk panel and the
// export-parts card in the view) about 25 kB. Measured together: 912.7 kB (`make size`),
// budget that plus 0.5%. Data Pipeline's RedshiftCopyActivity and SqlActivity (issue 17: the
// insert modes, CREATE TABLE and the small SQL runner on Firehose's Redshift tables, in the
// engine, so in the first module) and the view's Redshift panel and preset: 923.3 kB measured
// (`make size`), budget that plus 0.5%. Moving the pipeline engine behind an on-demand table is
// still the next cut (about 45 kB). Then the EMR shell in the console (`aws emr ssh`, the
// primary's shell, `hive -e`), the security-group fences and the acting-as switch, multi-device
// Snowball exports and the learning layer's tours, levels and questions for EMR, Data Pipeline
// and Import/Export: 938.7 kB measured in the full run (907.1 kB first module), budget that plus
// 0.5%. Still under the 1 MB page budget of issue 20; the pipeline and Import/Export engines
// behind on-demand tables are the cuts that would win it back. Snowball Edge compute named by
// the job (the Lambda and AMI checks, the edge programs, the snapshot's functions and AMIs,
// ListClusterJobs' typed input; issue 18) added about 5 kB to the first module: 943.7 kB
// measured (`make size`), budget that plus 0.5%. Data Pipeline's SqlDataNode / MySqlDataNode
// over a simulated RDS MySQL (the SQL interpreter shared with Redshift, its MySQL dialect and
// texts), DynamoDBDataNode and its preconditions (issue 17), and the classic Snowball client's
// command line at the workstation (issue 18), then the pipeline view's RDS and DynamoDB table
// panels with their sandbox actions and the dynamodb-precondition preset: 957.1 kB measured,
// budget that plus 0.5%. Then the device's S3 adapter for Snowball Edge (issue 18: `aws s3
// ... --endpoint`) and the year bench's per-activation plan took the page to 963.8 kB, over;
// the cuts: Data Pipeline's code behind an on-demand table like EMR's (its own module, fetched
// with the pipeline view or the first pipeline command: -62 kB), then Snowball's and
// Import/Export Disk's the same way (one module, fetched with the transfer view or the first
// job: -66 kB). 835.5 kB measured (`make size`, first module 803.0 kB), budget that plus 0.5%.
const BUDGET_BYTES = 839_700;
const WINDOW_MS = 5000;

test(`the page downloads at most ${BUDGET_BYTES.toLocaleString('en-US')} bytes in its first 5 seconds`, TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  const encodings = new Map();
  page.on('response', (r) => encodings.set(r.url(), r.headers()['content-encoding'] || 'identity'));
  await page.goto('/');
  await expect(page.getByTestId('virtual-clock')).toBeVisible();
  const elapsed = await page.evaluate(() => performance.now());
  await page.waitForTimeout(Math.max(0, WINDOW_MS - elapsed));
  // Resource Timing's encodedBodySize is the body as sent (after Content-Encoding).
  const files = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      url: e.name, wire: e.encodedBodySize, decoded: e.decodedBodySize,
    })));
  const rows = files.map((f) => ({
    file: new URL(f.url).pathname,
    encoding: encodings.get(f.url) || '?',
    wire: f.wire,
    decoded: f.decoded,
  }));
  const total = rows.reduce((sum, r) => sum + r.wire, 0);
  const kb = (n) => (n / 1000).toFixed(1).padStart(8);
  const lines = rows.map((r) => `${kb(r.wire)} kB ${r.encoding.padEnd(8)} ${kb(r.decoded)} kB decoded  ${r.file}`);
  console.log(['page download, first 5 s:', ...lines,
    `${kb(total)} kB in ${rows.length} files (budget ${kb(BUDGET_BYTES).trim()} kB)`].join('\n'));

  // Everything the page is made of was fetched, and compressed where it helps: the first
  // module, its bindings and the loader of the modules fetched on demand (none of which the
  // overview needs).
  const kinds = rows.map((r) => r.file.replace(/\.[0-9a-f]{10}\./, '.'));
  for (const part of ['/', '/public/boot.js', '/public/pkg/app.js', '/public/pkg/app_bg.wasm',
    '/public/pkg/__wasm_split.js',
    '/style/main.css', '/style/streams.css', '/style/firehose.css', '/style/analytics.css']) {
    expect(kinds).toContain(part);
  }
  expect(kinds.filter((k) => /\/(split|chunk)_[^/]*\.wasm$/.test(k))).toEqual([]);
  for (const r of rows.filter((row) => /\.(wasm|js|css)$/.test(row.file))) {
    expect(r.encoding, r.file).not.toBe('identity');
  }
  expect(errors).toEqual([]);
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});
