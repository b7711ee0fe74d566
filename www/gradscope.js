// Defines <gradscope-explorer>: loads the wasm module once, hands the element class the
// handle's catalog, then registers it. A page needs only this module (and its neighbours).

import init, { Explorer } from './pkg/gradscope_web.js';
import { GradscopeExplorer } from './explorer-element.js';
import { embedded } from './embedded.js';

/**
 * Resolves with the element class once the module is loaded and the element is defined. Served,
 * the glue fetches the .wasm beside it; the standalone file hands it the embedded bytes.
 */
export const ready = init(embedded === null ? undefined : { module_or_path: embedded.wasm }).then((wasm) => {
  GradscopeExplorer.setup(Explorer.catalog());
  // The module's linear memory, for pages and tests that watch its size (it only grows).
  GradscopeExplorer.memory = wasm.memory;
  if (!customElements.get('gradscope-explorer')) {
    customElements.define('gradscope-explorer', GradscopeExplorer);
  }
  return GradscopeExplorer;
});

ready.catch((e) => {
  for (const note of document.querySelectorAll('gradscope-explorer .boot-note')) {
    note.textContent = `Gradscope could not start: ${e.message}`;
  }
  console.error(e);
});
