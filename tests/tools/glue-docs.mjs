// `make build`: drops the documentation comments wasm-bindgen copies from the Rust doc comments
// into the generated glue (www/pkg/gradscope_web.js). They are a third of the file (≈ 5 KB of
// its ≈ 12 KB gzip) and nothing reads them at run time; the code itself is left exactly as
// generated, readable and unminified. The Rust sources stay the documentation of the handle.
//
// Usage: node tests/tools/glue-docs.mjs www/pkg/gradscope_web.js

import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `source` without its `/** … *\/` blocks that stand on lines of their own (the only place
 * wasm-bindgen writes them); a block that shares a line with code is kept.
 */
export function withoutDocBlocks(source) {
  return source.replace(/^[ \t]*\/\*\*(?:(?!\*\/)[\s\S])*\*\/[ \t]*\r?\n/gm, '');
}

const file = process.argv[2];
if (file) writeFileSync(file, withoutDocBlocks(readFileSync(file, 'utf8')));
