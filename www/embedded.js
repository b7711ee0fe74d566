// What the standalone file (`make standalone`) carries inside itself. Served, nothing: the wasm
// module, explorer.css and the workers' script are fetched from beside the modules. The
// standalone build (tests/tools/standalone.mjs) bundles a module of the same name in place of
// this one, whose `embedded` holds the wasm module's bytes, the text of explorer.css and the
// bundled source of jobs-worker.js (run as a blob: worker).

/** `{ wasm: Uint8Array, css: string, worker: string }` inside the standalone file; `null` when served. */
export const embedded = null;
