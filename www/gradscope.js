// Defines <gradscope-explorer>: loads the wasm module once, hands the element class the
// handle's catalog, then registers it. A page needs only this module (and its neighbours).

import init, { Explorer } from './pkg/gradscope_web.js';
import { GradscopeExplorer } from './explorer-element.js';
import { embedded } from './embedded.js';
import { setWorkerModule } from './job-pool.js';

/**
 * The compiled wasm module: served, streamed from beside the glue; in the standalone file,
 * from the embedded bytes. Compiled here rather than by the glue so that the race's and the
 * sweep's workers can instantiate the same module without fetching or compiling it again.
 */
function compileModule() {
  if (embedded !== null) return WebAssembly.compile(embedded.wasm);
  const url = new URL('./pkg/gradscope_web_bg.wasm', import.meta.url);
  // A server that does not say application/wasm defeats streaming; compile the bytes then.
  return WebAssembly.compileStreaming(fetch(url))
    .catch(() => fetch(url).then((r) => r.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
}

/** Resolves with the element class once the module is loaded and the element is defined. */
export const ready = compileModule().then((module) => init({ module_or_path: module }).then((wasm) => {
  setWorkerModule(module);
  GradscopeExplorer.setup(Explorer.catalog());
  // The module's linear memory, for pages and tests that watch its size (it only grows).
  GradscopeExplorer.memory = wasm.memory;
  if (!customElements.get('gradscope-explorer')) {
    customElements.define('gradscope-explorer', GradscopeExplorer);
  }
  return GradscopeExplorer;
}));

ready.catch((e) => {
  for (const note of document.querySelectorAll('gradscope-explorer .boot-note')) {
    note.textContent = `Gradscope could not start: ${e.message}`;
    note.parentElement.classList.add('stopped'); // the lesson shows (style.css)
  }
  console.error(e);
});
