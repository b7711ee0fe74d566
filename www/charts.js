// Chart drawing: sizes each canvas for the screen's pixel density and asks the Explorer to draw.

import { setHidden } from './format.js';

/** The backing size a canvas needs: its CSS size × devicePixelRatio, [w, h] (0 when not laid out). */
function wantedSize(canvas) {
  const dpr = window.devicePixelRatio || 1;
  return [Math.round(canvas.clientWidth * dpr), Math.round(canvas.clientHeight * dpr)];
}

/** Gives a canvas the backing size [w, h]; false if that is empty (the canvas is not laid out). */
function applySize(canvas, [w, h]) {
  if (w === 0 || h === 0) return false;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return true;
}

/** Sizes a canvas's backing store to its CSS size × devicePixelRatio; false if it is not laid out. */
export function fitCanvas(canvas) {
  return applySize(canvas, wantedSize(canvas));
}

/** For a landscape canvas, the canvas under it that holds its heatmap (see `useHeatLayer`). */
const heatLayers = new WeakMap();
/** For the heatmap layer and its box, the style text last written (see `placeHeat`). */
const written = new WeakMap();

/**
 * Gives a landscape canvas its heatmap layer: layer, a canvas inside a positioned clip box
 * stacked under it. The handle then puts the heatmap's pixels there and leaves the plotting area
 * transparent; `placeHeat` puts the box on the plotting area after each drawing, and the
 * compositor scales the heatmap instead of the page's thread.
 */
export function useHeatLayer(canvas, layer) {
  heatLayers.set(canvas, layer);
}

/**
 * Places (or hides) the heatmap layer of a landscape canvas where its last drawing put it. The
 * box and the image are placed in percentages of the canvas and of the box, so they stretch with
 * the canvas's picture when its CSS size changes before the next drawing (a resize, printing).
 */
function placeHeat(ex, canvas) {
  const layer = heatLayers.get(canvas);
  if (layer === undefined) return;
  const p = ex.heatPlacement();
  const clip = layer.parentElement;
  setHidden(clip, p === undefined);
  if (p === undefined) return;
  const pc = (v, of) => `${(100 * v) / of}%`;
  const [w, h] = [canvas.width, canvas.height];
  const box = `left:${pc(p[0], w)};top:${pc(p[1], h)};width:${pc(p[2], w)};height:${pc(p[3], h)}`;
  const image = `left:${pc(p[4] - p[0], p[2])};top:${pc(p[5] - p[1], p[3])};width:${pc(p[6], p[2])};height:${pc(p[7], p[3])}`;
  // Written only when changed: the same place every frame of play is no style work (the
  // browser's own cssText is spelled differently, so the last text written is kept).
  if (written.get(clip) !== box) clip.style.cssText = box;
  if (written.get(layer) !== image) layer.style.cssText = image;
  written.set(clip, box).set(layer, image);
}

/**
 * Draws explorer ex's landscape on canvas (sized already) with its heatmap layer, if it has one,
 * and places the layer; with ifReady, only if this state's grid is there (drawLandscapeIfReady).
 * Throws what the handle throws, the layer placed (or hidden) all the same.
 */
function drawLandscape(ex, canvas, dpr, fast, ifReady) {
  const heat = heatLayers.get(canvas);
  try {
    if (ifReady) ex.drawLandscapeIfReady(canvas, dpr, fast, heat);
    else ex.drawLandscape(canvas, dpr, fast, heat);
  } finally {
    placeHeat(ex, canvas); // after a failed drawing too: the handle then says to hide it
  }
}

/**
 * The picture of a chart's canvas as one canvas: the canvas itself, or for a landscape with a
 * heatmap layer, a copy with the heatmap drawn under it where the page shows it (PNG export).
 */
export function pictureOf(ex, canvas) {
  const layer = heatLayers.get(canvas);
  const p = layer === undefined ? undefined : ex.heatPlacement();
  if (p === undefined || layer.parentElement.hidden) return canvas;
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const g = out.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, out.width, out.height);
  g.save();
  g.beginPath();
  g.rect(p[0], p[1], p[2], p[3]);
  g.clip();
  g.imageSmoothingEnabled = true;
  g.drawImage(layer, p[4], p[5], p[6], p[7]);
  g.restore();
  g.drawImage(canvas, 0, 0);
  return out;
}

/** Canvases drawn on at least once (a canvas resized since has lost its picture: see `kept`). */
const pictured = new WeakSet();

/**
 * Redraws the charts of explorer ex on canvases c; fast selects the landscape's coarse grid;
 * shown lists the parameters the parameter chart draws (all when undefined); onScreen, if
 * given, is the set of canvases to draw (the others keep their last picture). With
 * landscapeMayWait the landscape keeps its picture while the workers compute this state's grid.
 */
export function drawCharts(ex, c, fast, shown, onScreen, landscapeMayWait = false) {
  const dpr = window.devicePixelRatio || 1;
  let kept = false; // the landscape's canvas still holds its picture (not resized)
  const landscape = () => drawLandscape(ex, c.landscape, dpr, fast, landscapeMayWait && kept);
  const draws = [
    [c.landscape, landscape],
    [c.overshoot, () => ex.drawOvershoot(c.overshoot, dpr, fast)],
    [c.loss, () => ex.drawLoss(c.loss, dpr)],
    [c.params, () => ex.drawParams(c.params, dpr, shown)],
    [c.sigmoid, () => ex.drawSigmoidSlope(c.sigmoid, dpr)],
    [c.layers, () => ex.drawLayers(c.layers, dpr)],
    [c.diagram, () => ex.drawDiagram(c.diagram, dpr)],
  ];
  const drawn = draws.filter(([canvas]) => onScreen === undefined || onScreen.has(canvas));
  // Every size is read before any is set: a backing store that changes size invalidates the
  // layout, and the next read would lay the whole page out again (seven times on the first frame).
  const sizes = drawn.map(([canvas]) => wantedSize(canvas));
  for (const [i, [canvas, draw]] of drawn.entries()) {
    kept = canvas.width === sizes[i][0] && canvas.height === sizes[i][1] && pictured.has(canvas);
    if (!applySize(canvas, sizes[i])) continue;
    pictured.add(canvas);
    try {
      draw();
      canvas.removeAttribute('data-error');
    } catch (e) {
      canvas.dataset.error = e.message;
      console.warn(`chart ${canvas.id}: ${e.message}`);
    }
  }
}

/**
 * Draws the landscape of explorer ex on canvas alone (fast: its coarse grid): with the next
 * bands of its fine grid, or the grid the workers have just delivered. With mayWait, a grid
 * not of this state is not drawn: the picture stays, all of one state, until this state's comes.
 */
export function drawLandscapeAlone(ex, canvas, fast, mayWait = false) {
  const kept = pictured.has(canvas) && canvas.width === wantedSize(canvas)[0] && canvas.height === wantedSize(canvas)[1];
  if (!fitCanvas(canvas)) return;
  pictured.add(canvas);
  try {
    drawLandscape(ex, canvas, window.devicePixelRatio || 1, fast, mayWait && kept);
    canvas.removeAttribute('data-error');
  } catch (e) {
    canvas.dataset.error = e.message;
    console.warn(`chart ${canvas.id}: ${e.message}`);
  }
}
