// Browser journeys run against the release build, served by tools/serve.py, in Debian's
// Chromium (never a downloaded browser).
const { defineConfig } = require('@playwright/test');

const PORT = Number(process.env.E2E_PORT || 8181);

module.exports = defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two cores: one browser at a time keeps timings honest.
  workers: 1,
  // With two workers (`make test-e2e-journeys`), each test goes to whichever browser is free
  // instead of each file to one browser: the two finish within one short test of each other
  // rather than one waiting out a long file (learn.spec.js is 43 s). No journey shares state
  // with another (no hooks, each has its own page), so their order within a file is free.
  fullyParallel: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: `python3 ../tools/serve.py --port ${PORT}`,
    env: { SERVE_QUIET: '1' },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
