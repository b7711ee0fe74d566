// A classic (non-module) script, so it still runs when the page is opened from disk: there
// browsers block module scripts, the explorer never starts, and its boot note would promise a
// load that never comes. On file:// each note says what to do instead; on http it speaks only
// if the page's modules did not run.
// (The standalone file, which does work from disk, leaves this script out.)

/** The note's text as nodes: the commands and the file name in <code>. */
function fromDiskMessage() {
  const parts = ['Opened from disk: browsers block the page\u2019s modules here. Run ',
    ['make serve'], ', or open ', ['dist/gradscope.html'], ' (made by ', ['make standalone'],
    '), which works offline.'];
  return parts.map((part) => {
    if (typeof part === 'string') return document.createTextNode(part);
    const code = document.createElement('code');
    code.textContent = part[0];
    return code;
  });
}

// Loaded with `defer` after index.js: deferred and module scripts run in document order, so
// index.js has run by now, or failed (a module missing or refused). It marks the page when it
// runs; without the mark the explorer will not start, and its lesson shows (style.css).
if (window.location.protocol === 'file:') {
  for (const note of document.querySelectorAll('gradscope-explorer .boot-note')) {
    note.replaceChildren(...fromDiskMessage());
    note.classList.add('from-disk');
    note.setAttribute('role', 'alert');
    note.parentElement.classList.add('stopped');
  }
} else if (document.documentElement.dataset.modules === undefined) {
  for (const note of document.querySelectorAll('gradscope-explorer .boot-note')) {
    note.textContent = 'Gradscope could not start: its scripts did not load.';
    note.setAttribute('role', 'alert');
    note.parentElement.classList.add('stopped');
  }
}
