// The parts of the page fetched on demand (app/src/on_demand.rs): a view other than the first
// screen's comes in a module of its own, with a loading line meanwhile; the main thread stays
// free while it arrives; a shared link that runs Analytics SQL waits for the compiler and then
// replays to the same moment.
const { test, expect } = require('@playwright/test');
const { watchErrors, openSandbox, clock, setSpeed, screenshot, TIMING } = require('./helpers');

const ON_DEMAND = /\/(split|chunk)_[^/]*\.wasm$/;

/** Records long tasks (main thread blocked over 50 ms) from navigation on. */
function watchLongTasks(page) {
  return page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask' });
  });
}

test('a view in a module of its own: a loading line, then the view, and no long task while it arrives', TIMING, async ({ page }) => {
  const errors = watchErrors(page);
  await watchLongTasks(page);
  const fetched = [];
  page.on('request', (r) => { if (ON_DEMAND.test(new URL(r.url()).pathname)) fetched.push(new URL(r.url()).pathname); });
  // Hold the on-demand modules back, as a slow classroom network would, to see the loading line.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(ON_DEMAND, async (route) => { await held; await route.continue(); });

  await openSandbox(page, '#/overview');
  expect(fetched).toEqual([]);
  const clicked = await page.evaluate(() => performance.now());
  await page.getByRole('link', { name: 'Analytics', exact: true }).click();
  const loading = page.getByTestId('view-loading');
  await expect(loading).toBeVisible();
  await expect(loading).toContainText('Loading the Analytics view');
  await screenshot(page, 'on-demand-loading');
  release();
  await expect(page.getByTestId('sql-editor')).toBeVisible();
  await expect(loading).toHaveCount(0);
  // Its own module and the SQL compiler's, nothing of the console's CLI.
  expect(fetched.some((f) => f.includes('split_analytics_view'))).toBe(true);
  expect(fetched.some((f) => f.includes('split_sql_compiler'))).toBe(true);
  expect(fetched.some((f) => f.includes('split_aws_cli'))).toBe(false);
  await page.waitForTimeout(500);
  // From the click to the module's arrival (fetched, compiled off the main thread, instantiated:
  // the page's mark), nothing blocks; the view's first build comes in a task of its own after.
  const { arrival, build } = await page.evaluate((since) => {
    const at = (name) => performance.getEntriesByName(name)[0].startTime;
    const arrived = at('on-demand:analytics:arrived');
    const tasks = window.__longTasks.filter(([start]) => start >= since);
    return {
      arrival: tasks.filter(([start]) => start <= arrived),
      build: { ms: Math.round(at('on-demand:analytics:built') - arrived), tasks: tasks.filter(([start]) => start > arrived) },
    };
  }, clicked);
  console.log(`long tasks [start, ms] while the Analytics modules arrived: ${JSON.stringify(arrival)}; `
    + `then the view's first build: ${JSON.stringify(build)}`);
  expect(arrival).toEqual([]);

  // Back to a view it already has: built at once, nothing fetched again.
  const before = fetched.length;
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('link', { name: 'Analytics', exact: true }).click();
  await expect(page.getByTestId('sql-editor')).toBeVisible();
  expect(fetched.length).toBe(before);
  expect(errors).toEqual([]);
});

test('a shared link with an Analytics application, opened on another view, waits for the SQL compiler and replays to the same moment', async ({ page, context }) => {
  const errors = watchErrors(page);
  await openSandbox(page, '#/analytics?preset=tumbling-window');
  // The first window's rows, waited for at 10x once the application reads rows.
  await expect(page.getByTestId('source-row').first()).toBeVisible({ timeout: 20_000 });
  await setSpeed(page, '10x');
  await expect(page.getByTestId('output-row').first()).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('pause').click();
  const at = await clock(page);
  await expect.poll(() => page.url()).toContain('s=');
  const link = page.url().replace('#/analytics?', '#/streams?');

  const other = await context.newPage();
  const otherErrors = watchErrors(other);
  const fetched = [];
  other.on('request', (r) => { if (ON_DEMAND.test(new URL(r.url()).pathname)) fetched.push(new URL(r.url()).pathname); });
  await other.goto(link);
  await expect(other.getByTestId('virtual-clock')).toHaveText(at, { timeout: 30_000 });
  expect(fetched.some((f) => f.includes('split_sql_compiler'))).toBe(true);
  expect(fetched.some((f) => f.includes('split_analytics_view'))).toBe(false);
  await expect(other.getByTestId('fetching')).toHaveCount(0);
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});
