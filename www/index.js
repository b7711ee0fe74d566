// The main page: one explorer bound to the address bar.

import { ready } from './gradscope.js';
import { bindUrl } from './url.js';

// from-disk.js, which runs after this module, shows the lesson if this mark is missing.
document.documentElement.dataset.modules = 'ran';

const el = document.querySelector('gradscope-explorer');
// `ready` resolves after the element is defined but before its first frame, which is when it
// applies its attributes: the link's values are in place by then.
ready.then((cls) => {
  bindUrl(el, cls);
  el.addEventListener('gradscope-ready', () => { document.body.dataset.ready = 'true'; }, { once: true });
});
