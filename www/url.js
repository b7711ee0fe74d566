// The page's link: the query (or hash) of the address bar bound to one explorer. Link keys are
// the element's attribute names (attributes.js); this module only copies between the two.

import { queryString } from './attributes.js';

/** The link's key/value pairs: the query, then the hash (which wins for keys in both). */
function linkParams() {
  const pairs = new URLSearchParams(window.location.search);
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  for (const [k, v] of hash) pairs.set(k, v);
  return pairs;
}

/**
 * Copies the link into el's attributes (before its first frame applies them), reports keys the
 * element does not know, and from then on rewrites the query whenever the explorer changes.
 */
export function bindUrl(el, cls) {
  const known = new Set(cls.observedAttributes);
  const unknown = [];
  for (const [name, text] of linkParams()) {
    if (known.has(name)) el.setAttribute(name, text);
    else unknown.push({ name, message: `${name}=${text}: not a setting this page knows` });
  }
  if (unknown.length > 0) el.reportIgnored(unknown);
  // Links copied from this explorer point at this page.
  el.linkBase = window.location.href.split(/[?#]/)[0];
  // embed=1 also drops the page's own header, footer and lesson around the explorer.
  if (el.getAttribute('embed') !== null && ['1', 'true', 'yes', 'on'].includes(el.getAttribute('embed'))) {
    document.body.dataset.embed = 'true';
  }
  el.addEventListener('gradscope-change', () => {
    const url = `${window.location.pathname}?${queryString(el.linkPairs())}`;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      window.history.replaceState(null, '', url);
    }
  });
}
