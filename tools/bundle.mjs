#!/usr/bin/env node
// Lays out the site a host serves (dist/), from index.html and what it links to:
// - every asset under a content-hashed name (app.3f9c1a2b4d.js), so a browser may keep it for a
//   year and a rebuilt page can never be mixed with a cached module;
// - every file beside its gzip and brotli forms, made once here at the highest levels instead of
//   on each request, as a CDN would serve them;
// - the wasm preload link carries the module's size, so boot.js can show how much has arrived.
//
//   node tools/bundle.mjs            (make build runs it after wasm-bindgen and wasm-opt)
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITE = path.join(ROOT, 'dist');
const WASM = 'public/pkg/app_bg.wasm';
const APP_JS = 'public/pkg/app.js';

const read = (rel) => fs.readFileSync(path.join(ROOT, rel));

function hashedName(rel, bytes) {
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  const ext = path.extname(rel);
  return `${rel.slice(0, -ext.length)}.${hash}${ext}`;
}

/** Writes `bytes` under its hashed name and returns that name. */
function emit(rel, bytes, written) {
  const name = hashedName(rel, bytes);
  written.set(name, bytes);
  return name;
}

function compressed(bytes) {
  const gzip = zlib.gzipSync(bytes, { level: 9 });
  const brotli = zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_LGWIN]: zlib.constants.BROTLI_MAX_WINDOW_BITS,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  return { gzip, brotli };
}

function build() {
  const written = new Map();
  const renamed = new Map();

  // The module first: app.js names it, and boot.js finds app.js through index.html.
  const wasm = read(WASM);
  const wasmName = emit(WASM, wasm, written);
  renamed.set(WASM, wasmName);
  const appJs = read(APP_JS).toString('utf8');
  const wasmRef = `'${path.basename(WASM)}'`;
  if (!appJs.includes(wasmRef)) throw new Error(`${APP_JS} no longer names ${wasmRef}`);
  renamed.set(APP_JS, emit(APP_JS, Buffer.from(appJs.replaceAll(wasmRef, `'${path.basename(wasmName)}'`)), written));

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

  // A fresh folder beside the old one, swapped in at the end: a server running meanwhile never
  // sees half a site.
  const next = `${SITE}.next`;
  fs.rmSync(next, { recursive: true, force: true });
  for (const [rel, bytes] of written) {
    const file = path.join(next, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const { gzip, brotli } = compressed(bytes);
    if (gzip.length < bytes.length) fs.writeFileSync(`${file}.gz`, gzip);
    if (brotli.length < bytes.length) fs.writeFileSync(`${file}.br`, brotli);
  }
  fs.rmSync(SITE, { recursive: true, force: true });
  fs.renameSync(next, SITE);
}

build();
