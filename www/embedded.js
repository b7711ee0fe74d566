// What the standalone file (`make standalone`) carries inside itself. Served, nothing: the wasm
// module and explorer.css are fetched from beside the modules. The standalone build
// (tests/tools/standalone.mjs) bundles a module of the same name in place of this one, whose
// `embedded` holds the wasm module's bytes and the text of explorer.css.

/** `{ wasm: Uint8Array, css: string }` inside the standalone file; `null` when served. */
export const embedded = null;
