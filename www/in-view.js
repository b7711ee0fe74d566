// Which of one explorer's charts and panels of numbers are in view. While training, the charts
// out of view skip their redraw (the resting frame after draws them), and the panels of numbers
// out of view follow the steps only every OFF_SCREEN_MS.

/**
 * While training, how often (ms) the panels of numbers scrolled out of view are refreshed:
 * every frame, the parameter table, the sample and the chain-rule cards cost ≈ 1.5–2 ms of
 * script, layout, paint and commit at 1280 × 800 (there they are all below the fold).
 */
const OFF_SCREEN_MS = 250;

/**
 * Starts watching explorer el's canvases and panels of numbers: el.inView holds those in view
 * or within the observer's margin, el.inViewKnown says whether the observer has reported yet,
 * el.viewWatch is the observer (disconnected when the element is removed).
 */
export function watchView(el) {
  el.inView = new Set();
  el.offScreenDue = 0;
  el.viewWatch = new IntersectionObserver((entries) => {
    el.inViewKnown = true;
    for (const e of entries) {
      if (e.isIntersecting) el.inView.add(e.target);
      else el.inView.delete(e.target);
    }
  }, { rootMargin: '200px' });
  for (const part of [...Object.values(el.canvases), ...el.numberPanels]) el.viewWatch.observe(part);
}

/**
 * Which of el's panels of numbers this frame refreshes: { table, sample, chain }, each true
 * when the panel is in view, when the frame is not training (the one after Pause, the one
 * that ends a link's replay: read after the replay's slice), before the observer has reported,
 * or when OFF_SCREEN_MS have passed since the last refresh of those out of view.
 */
export function panelsToRefresh(el) {
  const now = performance.now();
  const training = el.playing || el.replayTarget !== undefined;
  const due = !training || !el.inViewKnown || now >= el.offScreenDue;
  if (due) el.offScreenDue = now + OFF_SCREEN_MS;
  const [table, sample, chain] = el.numberPanels.map((panel) => due || el.inView.has(panel));
  return { table, sample, chain };
}
