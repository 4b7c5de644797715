#!/usr/bin/env node
// Lays out the site a host serves (dist/), from index.html and what it links to:
// - every asset under a content-hashed name (app.3f9c1a2b4d.js), so a browser may keep it for a
//   year and a rebuilt page can never be mixed with a cached module;
// - every file beside its gzip and brotli forms, made once here at the highest levels instead of
//   on each request, as a CDN would serve them;
// - the wasm preload link carries the module's size, so boot.js can show how much has arrived;
// - the modules the page fetches on demand (wasm-split-cli's split_*.wasm and chunk_*.wasm, see
//   app/src/on_demand.rs) stripped of their custom sections (names: wasm-bindgen strips the
//   first module's), hashed, and renamed in the loader (__wasm_split.js) that fetches them.
//
//   node tools/bundle.mjs             the whole site (make build runs it after wasm-bindgen)
//   node tools/bundle.mjs --plain     the site without its compressed forms, swapped in whole
//   node tools/bundle.mjs --compress  the gzip and brotli forms of the site in dist/
// `make test` runs the last two apart: the journeys start on the plain site while its gzip and
// brotli forms are made beside them (the module's brotli alone is about 10 s of one core), and
// only the journeys that need those forms wait for them.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const gzipAsync = promisify(zlib.gzip);
const brotliAsync = promisify(zlib.brotliCompress);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITE = path.join(ROOT, 'dist');
const PKG = 'public/pkg';
const WASM = `${PKG}/app_bg.wasm`;
const APP_JS = `${PKG}/app.js`;
const SPLIT_JS = `${PKG}/__wasm_split.js`;

const read = (rel) => fs.readFileSync(path.join(ROOT, rel));

function hashedName(rel, ...parts) {
  const sha = createHash('sha256');
  for (const part of parts) sha.update(part);
  const hash = sha.digest('hex').slice(0, 10);
  const ext = path.extname(rel);
  return `${rel.slice(0, -ext.length)}.${hash}${ext}`;
}

/** Writes `bytes` under its hashed name and returns that name. */
function emit(rel, bytes, written) {
  const name = hashedName(rel, bytes);
  written.set(name, bytes);
  return name;
}

function leb128(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** A wasm module without its custom sections (id 0: names, producers, target features). */
function withoutCustomSections(wasm) {
  const kept = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const [size, body] = leb128(wasm, at + 1);
    if (wasm[at] !== 0) kept.push(wasm.subarray(at, body + size));
    at = body + size;
  }
  return Buffer.concat(kept);
}

/**
 * The on-demand modules and their loader. app.js imports the loader and the loader imports
 * app.js, so neither name can hash the other's: both carry one hash of the pair's text and of
 * every module the loader names, which changes whenever any of them does.
 */
function emitSplitModules(appJs, written, renamed) {
  if (!fs.existsSync(path.join(ROOT, SPLIT_JS))) return null;
  let loader = read(SPLIT_JS).toString('utf8');
  const modules = fs.readdirSync(path.join(ROOT, PKG)).filter((f) => f.endsWith('.wasm') && `${PKG}/${f}` !== WASM);
  for (const file of modules.sort()) {
    const ref = `"./${file}"`;
    if (!loader.includes(ref)) throw new Error(`${SPLIT_JS} does not name ${file}`);
    const name = emit(`${PKG}/${file}`, withoutCustomSections(read(`${PKG}/${file}`)), written);
    loader = loader.replaceAll(ref, `"./${path.basename(name)}"`);
  }
  const appRef = '"./app.js"';
  // Only the import statement: the same text is also the module name the wasm imports from.
  const loaderRef = `from "./${path.basename(SPLIT_JS)}"`;
  if (!loader.includes(appRef)) throw new Error(`${SPLIT_JS} no longer imports ${appRef}`);
  if (!appJs.includes(loaderRef)) throw new Error(`${APP_JS} no longer imports ${loaderRef}`);
  const appName = hashedName(APP_JS, appJs, loader);
  const loaderName = hashedName(SPLIT_JS, appJs, loader);
  written.set(loaderName, Buffer.from(loader.replaceAll(appRef, `"./${path.basename(appName)}"`)));
  renamed.set(SPLIT_JS, loaderName);
  written.set(appName, Buffer.from(appJs.replaceAll(loaderRef, `from "./${path.basename(loaderName)}"`)));
  return appName;
}

// Asynchronous: zlib works on libuv's thread pool, so the files are compressed on every core at
// once instead of one after another (brotli at its highest quality is most of this script's time).
async function compressed(bytes) {
  const gzip = gzipAsync(bytes, { level: 9 });
  const brotli = brotliAsync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  return { gzip: await gzip, brotli: await brotli };
}

/** The site's files (path under dist/ -> bytes), each under its hashed name. */
function layout() {
  const written = new Map();
  const renamed = new Map();

  // The module first: app.js names it, and boot.js finds app.js through index.html.
  const wasm = read(WASM);
  const wasmName = emit(WASM, wasm, written);
  renamed.set(WASM, wasmName);
  let appJs = read(APP_JS).toString('utf8');
  const wasmRef = `'${path.basename(WASM)}'`;
  if (!appJs.includes(wasmRef)) throw new Error(`${APP_JS} no longer names ${wasmRef}`);
  appJs = appJs.replaceAll(wasmRef, `'${path.basename(wasmName)}'`);
  renamed.set(APP_JS, emitSplitModules(appJs, written, renamed) ?? emit(APP_JS, Buffer.from(appJs), written));

  let html = read('index.html').toString('utf8');
  // Every local href/src of the page; a link to a file that is not there fails the build.
  html = html.replace(/\b(href|src)="([^"#:?]+)"/g, (whole, attr, rel) => {
    if (!renamed.has(rel)) {
      if (!fs.existsSync(path.join(ROOT, rel))) throw new Error(`index.html links to a missing ${rel}`);
      renamed.set(rel, emit(rel, read(rel), written));
    }
    const extra = rel === WASM ? ` data-bytes="${wasm.length}"` : '';
    return `${attr}="${renamed.get(rel)}"${extra}`;
  });
  if (!html.includes(renamed.get(WASM)) || !html.includes(renamed.get(APP_JS))) {
    throw new Error('index.html must preload the module (public/pkg/app.js and app_bg.wasm)');
  }
  written.set('index.html', Buffer.from(html));
  return written;
}

/** Writes the site's files to a fresh folder beside dist/ and returns it. */
function writeNext(written) {
  const next = `${SITE}.next`;
  fs.rmSync(next, { recursive: true, force: true });
  for (const [rel, bytes] of written) {
    const file = path.join(next, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
  return next;
}

/** Swaps a finished folder in as dist/: a server running meanwhile never sees half a site. */
function swapIn(next) {
  fs.rmSync(SITE, { recursive: true, force: true });
  fs.renameSync(next, SITE);
}

/** Every file of the site under `dir` (not the compressed forms, nor a temporary file). */
function siteFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return siteFiles(file);
    return /\.(br|gz|tmp)$/.test(entry.name) ? [] : [file];
  });
}

/** Writes `bytes` as `file` through a temporary name in the same folder, renamed at the end:
 * the journeys may already be running against the site, and the server sends a `.br` as soon as
 * it exists, so it must never exist half written (rename is atomic on one file system). The
 * temporary name ends in .tmp and starts with a dot: no page ever links to it. */
function writeWhole(file, bytes) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/** The gzip and brotli forms of every file of the site in `dir` (each kept only where it is
 * smaller). */
async function compressSite(dir) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} is missing: run node tools/bundle.mjs --plain first`);
  // The largest first, so the big module is not left alone at the end.
  const files = siteFiles(dir)
    .map((file) => [file, fs.readFileSync(file)])
    .sort(([, a], [, b]) => b.length - a.length);
  await Promise.all(files.map(async ([file, bytes]) => {
    const { gzip, brotli } = await compressed(bytes);
    if (gzip.length < bytes.length) writeWhole(`${file}.gz`, gzip);
    if (brotli.length < bytes.length) writeWhole(`${file}.br`, brotli);
  }));
}

const mode = process.argv[2] ?? '';
if (mode === '--plain') {
  swapIn(writeNext(layout()));
} else if (mode === '--compress') {
  // In place: the site is already being served.
  await compressSite(SITE);
} else if (mode === '') {
  // Whole before the swap, as a host would deploy it.
  const next = writeNext(layout());
  await compressSite(next);
  swapIn(next);
} else {
  throw new Error(`unknown option ${mode}: --plain, --compress or none`);
}
