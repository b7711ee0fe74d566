// Chart drawing: sizes each canvas for the screen's pixel density and asks the Explorer to draw.

/** Sizes a canvas's backing store to its CSS size × devicePixelRatio; false if it is not laid out. */
export function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(canvas.clientWidth * dpr);
  const h = Math.round(canvas.clientHeight * dpr);
  if (w === 0 || h === 0) return false;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

/**
 * Redraws all four charts of explorer ex on canvases c; fast selects the landscape's coarse
 * grid; shown lists the parameters the parameter chart draws (all when undefined).
 */
export function drawCharts(ex, c, fast, shown) {
  const dpr = window.devicePixelRatio || 1;
  const draws = [
    [c.landscape, () => ex.drawLandscape(c.landscape, dpr, fast)],
    [c.overshoot, () => ex.drawOvershoot(c.overshoot, dpr, fast)],
    [c.loss, () => ex.drawLoss(c.loss, dpr)],
    [c.params, () => ex.drawParams(c.params, dpr, shown)],
    [c.sigmoid, () => ex.drawSigmoidSlope(c.sigmoid, dpr)],
    [c.layers, () => ex.drawLayers(c.layers, dpr)],
    [c.diagram, () => ex.drawDiagram(c.diagram, dpr)],
  ];
  for (const [canvas, draw] of draws) {
    if (!fitCanvas(canvas)) continue;
    try {
      draw();
      canvas.removeAttribute('data-error');
    } catch (e) {
      canvas.dataset.error = e.message;
      console.warn(`chart ${canvas.id}: ${e.message}`);
    }
  }
}

/** Draws the landscape of explorer ex on canvas again, computing the next bands of its fine grid. */
export function drawLandscapeBand(ex, canvas) {
  if (!fitCanvas(canvas)) return;
  try {
    ex.drawLandscape(canvas, window.devicePixelRatio || 1, false);
    canvas.removeAttribute('data-error');
  } catch (e) {
    canvas.dataset.error = e.message;
    console.warn(`chart ${canvas.id}: ${e.message}`);
  }
}
