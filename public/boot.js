// Loads the sandbox's WebAssembly module and mounts the UI. Kept outside the module on purpose:
// after a panic the module cannot run any more, so the banner that reports it lives here.
import init, * as sandbox from './pkg/app.js';

function showBanner(title, message) {
  if (document.querySelector('[data-testid="error-banner"].panic')) return;
  const banner = document.createElement('div');
  banner.className = 'error-banner panic';
  banner.dataset.testid = 'error-banner';
  banner.setAttribute('role', 'alert');
  const strong = document.createElement('strong');
  strong.textContent = title + ' ';
  const text = document.createElement('span');
  text.className = 'error-message';
  text.textContent = message;
  const hint = document.createElement('p');
  hint.textContent = 'The link below restores the scenario up to this moment; reload it to carry on, or include it in a bug report.';
  const copy = document.createElement('button');
  copy.textContent = 'Copy scenario link';
  copy.dataset.testid = 'copy-scenario';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Copy failed: select the address bar instead';
    }
  });
  const reload = document.createElement('button');
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  banner.append(strong, text, hint, copy, reload);
  document.body.prepend(banner);
}

// Called by the module's panic hook.
window.sandboxShowPanic = (message) => showBanner('The simulation stopped after an internal error.', message);

try {
  await init();
  sandbox.run();
  window.sandbox = sandbox; // for tests and for documentation pages that script the sandbox
} catch (e) {
  // A panic already drew its banner; anything else (no WebAssembly, a failed download) gets one here.
  showBanner('Data Sandbox could not start.', String(e && e.message ? e.message : e));
} finally {
  document.getElementById('loading')?.remove();
}
