// Defines <gradscope-explorer>: loads the wasm module once, hands the element class the
// handle's catalog, then registers it. A page needs only this module (and its neighbours).

import init, { Explorer } from './pkg/gradscope_web.js';
import { GradscopeExplorer } from './explorer-element.js';

/** Resolves with the element class once the module is loaded and the element is defined. */
export const ready = init().then(() => {
  GradscopeExplorer.setup(Explorer.catalog());
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
