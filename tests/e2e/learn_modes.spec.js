// Presenter mode, embed mode and export to AWS, played as a presenter, a docs writer and a
// learner leaving the sandbox would: font sizes and clicker keys at 1280x720 with a speaker
// window that follows; an embedding page on another port driving the sandbox by postMessage
// while a third origin is ignored; every preset's CloudFormation export clean under cfn-lint.
const { test, expect } = require('@playwright/test');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { watchErrors, openSandbox, clock, screenshot } = require('./helpers');

const SANDBOX = `http://127.0.0.1:${Number(process.env.E2E_PORT || 8181)}`;

test('presenter mode: large captions, chrome behind H, clicker keys, blackout, pointer, a speaker window that follows', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openSandbox(page, '#/streams?tour=hot-key&present=1');
  const caption = page.getByTestId('tour-caption');
  await expect(caption).toBeVisible();
  const px = await caption.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(px).toBeGreaterThanOrEqual(32);

  const speaker = await context.newPage();
  await speaker.goto('/?speaker=1#/learn');
  await expect(speaker.getByTestId('speaker-notes')).toBeVisible();

  await page.keyboard.press('h');
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.locator('.controls')).toBeHidden();
  await screenshot(page, 'learn-presenter');
  await page.keyboard.press('h');
  await expect(page.locator('.topbar')).toBeVisible();

  // The clicker's PageDown moves the tour on; the speaker window shows the same caption.
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('tour')).not.toHaveAttribute('data-step', '0');
  await expect(page.getByTestId('tour')).toHaveAttribute('data-step', '2', { timeout: 20_000 });
  await expect(speaker.getByTestId('speaker-caption')).toHaveText(await caption.textContent());
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('tour')).toHaveAttribute('data-step', '1');
  await expect(speaker.getByTestId('speaker-caption')).toHaveText(await caption.textContent());
  await expect(speaker.getByTestId('speaker-next')).toContainText('There: that shard refused writes');
  await screenshot(speaker, 'learn-speaker');

  // `.` (a clicker's other key) plays and pauses.
  await expect(page.getByTestId('play')).toBeVisible();
  await page.keyboard.press('.');
  await expect(page.getByTestId('pause')).toBeVisible();
  await page.keyboard.press('.');
  await expect(page.getByTestId('play')).toBeVisible();

  await page.keyboard.press('b');
  await expect(page.getByTestId('blackout')).toBeVisible();
  await page.keyboard.press('x');
  await expect(page.getByTestId('blackout')).toHaveCount(0);

  // The presenter's window in front again, as the one the mouse is over: the speaker window
  // opened after it left it in the background, where Chromium draws no frames and each mouse
  // move waited about a second for one (5 s of this journey's 8).
  await page.bringToFront();
  await page.keyboard.press('k');
  await page.mouse.move(400, 300);
  await page.mouse.move(500, 320, { steps: 5 });
  expect(await page.locator('.pointer-mark').count()).toBeGreaterThan(0);
  await page.keyboard.press('k');
  await expect(page.getByTestId('pointer')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('presenter mode keeps a question\'s answer hidden until it is revealed', async ({ page }) => {
  await openSandbox(page, '#/learn?question=hot-key-outcome&seed=2&present=1');
  await page.locator('[data-testid="question-choice"][data-choice="0"]').check();
  await page.getByTestId('question-lock').click();
  await page.getByTestId('question-run').click();
  await expect(page.getByTestId('question-reveal')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('question-verdict')).toHaveCount(0);
  await page.getByTestId('question-reveal').click();
  await expect(page.getByTestId('question-verdict')).toBeVisible();
});

/** Serves `dir` on `port` with Python's static server (a page of another origin). */
function serveHost(dir, port) {
  const p = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  return p;
}

function hostPage(iframeSrc) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Docs page</title><link rel="icon" href="data:,"></head><body>
<h1>A page that embeds the sandbox</h1>
<iframe id="sb" title="Data Sandbox" src="${iframeSrc}" width="960" height="640" style="border:0" sandbox="allow-scripts allow-same-origin allow-popups"></iframe>
<script>
window.received = [];
window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));
window.send = (command, scenario) => document.getElementById('sb').contentWindow.postMessage({ type: 'sandbox:command', command, scenario }, '${SANDBOX}');
</script></body></html>`;
}

async function waitFor(page, fn, timeout = 15_000) {
  await expect.poll(fn, { timeout }).toBeTruthy();
}

test('embed mode: a host on another port drives the sandbox by postMessage; a third origin is ignored', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-host-'));
  const [portA, portC] = [8191, 8192];
  const originA = `http://127.0.0.1:${portA}`;
  const src = `${SANDBOX}/?embed=1&origin=${encodeURIComponent(originA)}#/streams?preset=hot-partition-key`;
  fs.writeFileSync(path.join(dir, 'host.html'), hostPage(src));
  const servers = [serveHost(dir, portA), serveHost(dir, portC)];
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  try {
    const host = await context.newPage();
    const errors = watchErrors(host);
    await expect.poll(async () => (await fetch(`${originA}/host.html`).catch(() => null))?.status, { timeout: 10_000 }).toBe(200);
    const csp = (await fetch(`${SANDBOX}/`)).headers.get('content-security-policy');
    expect(csp).toContain('frame-ancestors');

    await host.goto(`${originA}/host.html`);
    const frame = host.frameLocator('#sb');
    await expect(frame.getByTestId('virtual-clock')).toBeVisible();
    await expect(frame.getByTestId('embed-start')).toBeVisible();
    await expect(frame.locator('.topbar .views')).toBeHidden();
    // Nothing runs until clicked (or told to play).
    const t0 = (await frame.getByTestId('virtual-clock').textContent()).trim();
    await host.waitForTimeout(3000);
    expect((await frame.getByTestId('virtual-clock').textContent()).trim()).toBe(t0);

    await host.evaluate(() => window.send('step'));
    await expect(frame.getByTestId('virtual-clock')).not.toHaveText(t0);
    const stepped = (await frame.getByTestId('virtual-clock').textContent()).trim();
    await waitFor(host, () => host.evaluate((t) => window.received.some((m) => m.data.type === 'sandbox:state' && m.data.virtualTime === t), stepped));
    await waitFor(host, () => host.evaluate(() => window.received.some((m) => m.data.type === 'sandbox:height' && m.data.height > 100)));

    await host.evaluate(() => window.send('play'));
    await waitFor(host, () => host.evaluate(() => window.received.some((m) => m.data.type === 'sandbox:state' && m.data.playing === true && m.data.view === 'streams')));
    await expect(frame.getByTestId('embed-start')).toHaveCount(0);
    // Reduced motion: no animation runs in the sandbox.
    expect(await frame.locator('body').evaluate(() => document.getAnimations().length)).toBe(0);
    await host.evaluate(() => window.send('pause'));
    await waitFor(host, () => host.evaluate(() => { const s = window.received.filter((m) => m.data.type === 'sandbox:state'); return s.length && s[s.length - 1].data.playing === false; }));
    const origins = await host.evaluate(() => [...new Set(window.received.map((m) => m.origin))]);
    expect(origins).toEqual([SANDBOX_ORIGIN()]);
    await host.evaluate(() => window.send('load', '#/firehose?preset=streams-to-s3'));
    await waitFor(host, () => host.evaluate(() => window.received.some((m) => m.data.type === 'sandbox:state' && m.data.view === 'firehose')));
    await screenshot(host, 'learn-embed-host');
    expect(errors).toEqual([]);

    // The same embed on a page of a third origin: its commands are ignored, and it hears nothing.
    const other = await context.newPage();
    await other.goto(`http://127.0.0.1:${portC}/host.html`);
    const f2 = other.frameLocator('#sb');
    await expect(f2.getByTestId('virtual-clock')).toBeVisible();
    await other.waitForTimeout(1000);
    const c0 = (await f2.getByTestId('virtual-clock').textContent()).trim();
    await other.evaluate(() => { window.send('step'); window.send('play'); });
    await other.waitForTimeout(2500);
    expect((await f2.getByTestId('virtual-clock').textContent()).trim()).toBe(c0);
    await expect(f2.getByTestId('embed-start')).toBeVisible();
    expect(await other.evaluate(() => window.received.length)).toBe(0);
  } finally {
    servers.forEach((s) => s.kill());
    await context.close();
  }
  function SANDBOX_ORIGIN() { return SANDBOX; }
});

test('copy-embed-code gives an iframe with the sandbox attribute and the embed parameters', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSandbox(page, '#/streams?preset=enhanced-fan-out');
  await page.getByTestId('copy-embed-code').click();
  const code = await page.getByTestId('embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;origin=/);
  expect(code).toContain('sandbox="allow-scripts allow-same-origin allow-popups"');
  expect(code).toContain('#/streams?s=');
  expect(code).toContain('title="Data Sandbox: Streams"');
});

/** Every preset the views offer, read from their preset menus. */
async function presets(page) {
  const all = [];
  for (const view of ['streams', 'firehose', 'analytics']) {
    await openSandbox(page, `#/${view}`);
    // A view other than the first screen's arrives in a module of its own, after the shell.
    await expect(page.getByTestId('preset-select')).toBeVisible();
    const options = await page.getByTestId('preset-select').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    all.push(...options.map((id) => ({ view, id })));
  }
  return all;
}

test('every preset exports a CloudFormation template that cfn-lint accepts, with the scenario\'s shard counts', async ({ page }, info) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const list = await presets(page);
  expect(list.length).toBeGreaterThanOrEqual(16);
  const files = [];
  for (const { view, id } of list) {
    await openSandbox(page, `#/${view}?preset=${id}`);
    await expect(page.getByTestId('preset-notice')).toBeVisible();
    // The preset is set up in the frame after its notice paints, then plays: Pause showing
    // means the world holds what the template exports (a stream's lanes once it is ACTIVE).
    await expect(page.getByTestId('pause')).toBeVisible();
    if (view === 'streams') await expect(page.getByTestId('shard-lane').first()).toBeVisible();
    await page.getByTestId('export-cfn').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cfn-download').click()]);
    const file = info.outputPath(`${view}-${id}.json`);
    await download.saveAs(file);
    files.push(file);
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (view === 'streams') {
      const open = await page.locator('[data-testid="shard-lane"]:not([data-status="CLOSED"])').count();
      const stream = Object.values(template.Resources).find((r) => r.Type === 'AWS::Kinesis::Stream');
      expect(stream.Properties.ShardCount, id).toBe(open);
    }
    // Every preset runs a simulated producer or feed: the template says it is left out, and why.
    expect(await page.getByTestId('cfn-manual').locator('li').count()).toBeGreaterThan(0);
    await page.getByTestId('cfn-close').click();
    await expect(page.getByTestId('export-dialog')).toHaveCount(0);
  }
  // One run over every file: exit 0 means no error, no warning.
  let report = '';
  try {
    execFileSync('cfn-lint', ['--format', 'parseable', ...files], { encoding: 'utf8' });
  } catch (e) {
    report = `${e.stdout || ''}${e.stderr || ''}${e.message}`;
  }
  expect(report).toBe('');
  expect(errors).toEqual([]);
});
