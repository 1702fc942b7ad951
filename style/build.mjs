#!/usr/bin/env node
// Vendors the compiled NHS.UK frontend into style/vendor/ (gitignored).
//
//   cd style && npm ci && node build.mjs      (or: npm run build)
//
// Writes:
//   vendor/nhsuk-frontend.min.css  - with every @font-face rule that loads a font
//                                    from another host removed (the app must never
//                                    make the browser ask a host other than itself;
//                                    text falls back to Arial / Liberation Sans)
//   vendor/nhsuk-frontend.min.js   - ES module, copied unchanged
//   vendor/assets/                 - icons, favicon, manifest (served at /assets/,
//                                    because the CSS uses absolute /assets/images/... URLs)
//
// Dependency-free and idempotent: vendor/ is rebuilt from scratch on every run.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'node_modules', 'nhsuk-frontend', 'dist', 'nhsuk');
const out = join(here, 'vendor');
const show = (p) => relative(process.cwd(), p) || '.';

function fail(message) {
  console.error(`style/build.mjs: ${message}`);
  process.exit(1);
}

if (!existsSync(src)) {
  fail(
    `${show(src)} not found.\n` +
      `  nhsuk-frontend is not installed. Run:  npm ci --prefix ${show(here)}\n` +
      `  then run this script again.`,
  );
}

const cssIn = join(src, 'nhsuk-frontend.min.css');
const jsIn = join(src, 'nhsuk-frontend.min.js');
const assetsIn = join(src, 'assets');
for (const p of [cssIn, jsIn, assetsIn]) {
  if (!existsSync(p)) fail(`${show(p)} is missing: is the installed nhsuk-frontend the pinned 10.6.1?`);
}

// A URL is external if it has a scheme (http:, https:, ...) or is protocol-relative (//host/...).
// data: URLs are inline, so they are allowed.
const externalUrl = /url\(\s*(['"]?)(?!data:)(?:[a-z][a-z0-9+.-]*:|\/\/)[^)]*\)/i;

let css = readFileSync(cssIn, 'utf8');
let removedFonts = 0;
css = css.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
  if (!externalUrl.test(rule)) return rule;
  removedFonts += 1;
  return '';
});
// The source map describes the original file, not this edited copy, and is not vendored.
css = css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '');

// Guard: nothing left in the stylesheet may point the browser at another host.
const leftover = css.match(new RegExp(externalUrl.source, 'gi')) ?? [];
const imports = css.match(/@import[^;]*;/gi) ?? [];
if (leftover.length || imports.length) {
  fail(`external references remain in the CSS after stripping fonts:\n  ${[...leftover, ...imports].join('\n  ')}`);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const cssOut = join(out, 'nhsuk-frontend.min.css');
const jsOut = join(out, 'nhsuk-frontend.min.js');
const assetsOut = join(out, 'assets');

writeFileSync(cssOut, css);
cpSync(jsIn, jsOut);
cpSync(assetsIn, assetsOut, { recursive: true });

const kb = (p) => `${(statSync(p).size / 1024).toFixed(1)} KB`;
const version = JSON.parse(readFileSync(join(here, 'node_modules', 'nhsuk-frontend', 'package.json'), 'utf8')).version;
console.log(`nhsuk-frontend ${version} vendored into ${show(out)}/`);
console.log(`  wrote ${show(cssOut)} (${kb(cssOut)}; removed ${removedFonts} external @font-face rule(s))`);
console.log(`  wrote ${show(jsOut)} (${kb(jsOut)})`);
console.log(`  wrote ${show(assetsOut)}/ (copied from ${show(assetsIn)})`);
