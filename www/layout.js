// Which parts of one <gradscope-explorer> show: `hide=` (panels and control rows to leave
// out), `panels=` (the only panels to show) and `embed=1` (the compact layout, charts first).
// Parts are named in the template (data-panel, data-hide); hidden parts get the class `off`.

/** The layout of a new explorer: everything shown, the full layout. */
export function defaultLayout() {
  return { hide: [], panels: undefined, embed: false };
}

/** Shows and hides the parts of el's shadow root as el.layoutChoice says. */
export function applyLayout(el) {
  const { hide, panels, embed } = el.layoutChoice;
  const only = panels !== undefined && panels.length > 0 ? new Set(panels) : undefined;
  const layout = el.part('.layout');
  layout.classList.toggle('embed', embed);
  const panelNodes = [...el.root.querySelectorAll('[data-panel]')];
  const chosen = only === undefined ? [] : panelNodes.filter((n) => only.has(n.dataset.panel));
  for (const node of el.root.querySelectorAll('[data-panel], [data-hide]')) {
    const name = node.dataset.panel ?? node.dataset.hide;
    let off = hide.includes(name);
    if (!off && only !== undefined && node.dataset.panel !== undefined) {
      // A panel shows if it is chosen, holds a chosen one, or sits inside one.
      off = !chosen.some((c) => c === node || node.contains(c) || c.contains(node));
    }
    node.classList.toggle('off', off);
  }
  // A group whose every part is off goes too (no empty grid rows or margins left behind); a
  // chart grid missing some charts flows the rest instead of keeping their places.
  for (const group of el.root.querySelectorAll('.charts, .numbers')) {
    const parts = [...group.children];
    group.classList.toggle('off', parts.every((c) => c.classList.contains('off')));
    group.classList.toggle('custom', parts.some((c) => c.classList.contains('off')));
  }
  const controls = el.part('.controls');
  const shown = [...controls.children].filter((c) => !c.classList.contains('off'));
  for (const c of controls.children) c.classList.toggle('first-shown', c === shown[0]);
  const anyControls = shown.length > 0;
  controls.classList.toggle('off', !anyControls);
  layout.classList.toggle('no-controls', !anyControls);
}

/** Explorers narrower than this (CSS px) use the compact order: status, training, charts, controls. */
const COMPACT_BELOW = 640;

/** Marks el's layout compact while the element is narrow (a phone, a narrow column). */
export function updateCompact(el) {
  const w = el.clientWidth;
  el.part('.layout').classList.toggle('compact', w > 0 && w < COMPACT_BELOW);
}

/** True when the layout leaves at least one panel of el on screen. */
export function anythingShown(el) {
  return [...el.root.querySelectorAll('[data-panel]')].some((n) => !n.classList.contains('off')
    && n.closest('.off') === null);
}
