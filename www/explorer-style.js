// How each explorer's shadow root gets its look, explorer.css. Served: a <link> to the file
// beside this module (fetched once, cached for every explorer on the page). In the standalone
// file there is no file beside it: every root adopts one constructable stylesheet made from the
// embedded text, which a strict Content-Security-Policy allows without 'unsafe-inline' or a hash.

import { embedded } from './embedded.js';

let shared; // the constructable stylesheet of the standalone file, made on first use

/**
 * Gives `root` (an explorer's shadow root) the explorer's stylesheet, first in the root.
 * Resolves once the stylesheet applies (at once for the adopted one): a stylesheet linked in a
 * shadow root does not hold back rendering, and a frame drawn before it arrived sized every
 * chart for the unstyled page (300 × 150 canvases). A stylesheet that fails to load resolves
 * too: an unstyled explorer still beats none.
 */
export function styleShadowRoot(root) {
  if (embedded === null) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('./explorer.css', import.meta.url).href;
    const applied = new Promise((resolve) => {
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', () => {
        console.warn(`gradscope: ${link.href} did not load; the explorer is unstyled`);
        resolve();
      }, { once: true });
    });
    root.prepend(link);
    return applied;
  }
  if (shared === undefined) {
    shared = new CSSStyleSheet();
    shared.replaceSync(embedded.css);
  }
  root.adoptedStyleSheets = [shared];
  return Promise.resolve();
}
