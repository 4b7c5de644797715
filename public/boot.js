// Loads the sandbox's WebAssembly module and mounts the UI. Kept outside the module on purpose:
// after a panic the module cannot run any more, so the banner that reports it lives here.
//
// index.html names the module's files in its preload links (hashed by `make build`), so their
// download starts with the page's; this script only says how far it has got, then compiles the
// module while it streams in (instantiateStreaming, which the server's application/wasm allows).

const loading = document.getElementById('loading');

/** Tells the learner what is happening while the page is not usable yet. */
function say(text, fraction) {
  const detail = loading?.querySelector('[data-testid="loading-detail"]');
  if (detail) detail.textContent = text;
  const bar = loading?.querySelector('progress');
  if (bar && fraction !== undefined) bar.value = Math.round(fraction * 100);
}

const megabytes = (n) => (n / 1e6).toFixed(1);

/** The module's response, counting what arrives (index.html gives its size, data-bytes). */
async function fetchModule(link) {
  const response = await fetch(link.href);
  if (!response.ok) throw new Error(`${link.getAttribute('href')}: HTTP ${response.status}`);
  const total = Number(link.dataset.bytes);
  if (!response.body || !total) return response;
  let received = 0;
  let shown = false;
  // The line is redrawn once a frame at most, not for each of the download's many chunks:
  // the chunks pass through this script on the main thread, which must stay free for the
  // module's compilation.
  const show = () => {
    shown = false;
    say(`Downloading and compiling the engine: ${megabytes(received)} of ${megabytes(total)} MB`, received / total);
  };
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (!shown) {
        shown = true;
        requestAnimationFrame(show);
      }
      controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { headers: { 'Content-Type': 'application/wasm' } });
}

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
  const app = document.querySelector('link[rel="modulepreload"]');
  const sandbox = await import(app ? app.href : './pkg/app.js');
  const wasm = document.querySelector('link[rel="preload"][as="fetch"]');
  say('Downloading the engine…', 0);
  await sandbox.default(wasm ? { module_or_path: fetchModule(wasm) } : undefined);
  say('Opening the sandbox…', 1);
  // One frame for that line to show before the first render takes the main thread.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  sandbox.run();
  window.sandbox = sandbox; // for tests and for documentation pages that script the sandbox
} catch (e) {
  // A panic already drew its banner; anything else (no WebAssembly, a failed download) gets one here.
  showBanner('Data Sandbox could not start.', String(e && e.message ? e.message : e));
} finally {
  document.getElementById('loading')?.remove();
}
