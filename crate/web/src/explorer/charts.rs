//! The part of the [`Explorer`] handle that the charts and panels call: what each view shows,
//! its numbers, drawing onto canvases the page hands in, and the same charts as SVG.

use gradscope_charts::Style;
use js_sys::Object;
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{js_err, Explorer};
use crate::canvas;
use crate::catalog;
use crate::chain_panel;
use crate::figure::{self, Chart, Size};
use crate::views::GridMode;

/// The landscape's heatmap: on `layer` when the page gave one (recording where in `placed`),
/// otherwise scaled onto `canvas` itself.
fn heat_blit(
    canvas: &HtmlCanvasElement,
    layer: Option<&HtmlCanvasElement>,
    image: &gradscope_charts::heat::Image,
    rect: gradscope_charts::PixelRect,
    placed: &mut Option<canvas::Placement>,
) -> Result<(), String> {
    match layer {
        Some(layer) => {
            *placed = Some(canvas::blit_to_layer(canvas, layer, image, rect)?);
            Ok(())
        }
        None => canvas::blit(canvas, image, rect),
    }
}

/// The page's chart style: `dpr` device pixels per CSS pixel, no titles (the page's headings
/// carry them).
fn page_style(dpr: f64) -> Style {
    Style::new(dpr).without_captions()
}

#[wasm_bindgen]
impl Explorer {
    /// The landscape's (x, y) parameter indices.
    #[wasm_bindgen(js_name = landscapeAxes)]
    pub fn landscape_axes(&self) -> Vec<u32> {
        let (x, y) = self.views.axes();
        vec![x as u32, y as u32]
    }

    /// Chooses the landscape's parameters. Throws (and changes nothing) unless both are flat
    /// parameter indices and different.
    #[wasm_bindgen(js_name = setLandscapeAxes)]
    pub fn set_landscape_axes(&mut self, x: f64, y: f64) -> Result<(), JsError> {
        let (x, y) = (self.param_index(x)?, self.param_index(y)?);
        let count = self.run.network().param_count();
        self.views.set_axes(x, y, count).map_err(js_err)
    }

    /// Whether the landscape holds its frame and colour scale for the run (the default).
    #[wasm_bindgen(js_name = holdLandscape)]
    pub fn hold_landscape(&self) -> bool {
        self.views.hold()
    }

    /// Frames the landscape afresh around the state reached (at the end of a link's replay):
    /// the held frame and colour scale are taken again, from this state's fine grid, so a link
    /// shows the same landscape on every load, whichever of the replay's states were drawn.
    #[wasm_bindgen(js_name = reframeLandscape)]
    pub fn reframe_landscape(&mut self) {
        self.views.reframe_landscape();
    }

    /// Holds or releases the landscape's frame and colour scale for the run.
    #[wasm_bindgen(js_name = setHoldLandscape)]
    pub fn set_hold_landscape(&mut self, hold: bool) {
        self.views.set_hold(hold);
    }

    /// The overshoot view's parameter index, or `undefined` while it is along the update.
    #[wasm_bindgen(js_name = overshootParam)]
    pub fn overshoot_param(&self) -> Option<u32> {
        (!self.views.along_update()).then(|| self.views.overshoot_param() as u32)
    }

    /// Puts the overshoot view on the line of the next update, L(θ − s·∇L) for s ∈ [0, 2α].
    #[wasm_bindgen(js_name = setOvershootAlongUpdate)]
    pub fn set_overshoot_along_update(&mut self) {
        self.views.set_along_update();
    }

    /// The numbers of the next update's line, from the core: `{ step, alpha, lossStart,
    /// lossLanding, sMin, lossMin, verdict }` (the step they belong to; α; L at s = 0 and
    /// s = α; the lowest point s* of the line on [0, 2α] and L there; "overshoots", "lands",
    /// "short", "still-falling" or "rises-at-once"), or `undefined` when there is no update
    /// to look at (a diverged run or a zero gradient).
    #[wasm_bindgen(js_name = updateLine)]
    pub fn update_line(&mut self, fast: bool) -> Option<Object> {
        let u = self.views.update_line(&self.run, fast)?;
        Some(catalog::object(&[
            ("step", JsValue::from_f64(u.step as f64)),
            ("alpha", JsValue::from_f64(u.alpha)),
            ("lossStart", JsValue::from_f64(u.loss_start)),
            ("lossLanding", JsValue::from_f64(u.loss_landing)),
            ("sMin", JsValue::from_f64(u.s_min)),
            ("lossMin", JsValue::from_f64(u.loss_min)),
            ("ratio", JsValue::from_f64(u.alpha / u.s_min)),
            ("verdict", JsValue::from_str(u.verdict.id())),
        ]))
    }

    /// Chooses the overshoot view's parameter. Throws (and changes nothing) for an index that
    /// is not a parameter's.
    #[wasm_bindgen(js_name = setOvershootParam)]
    pub fn set_overshoot_param(&mut self, index: f64) -> Result<(), JsError> {
        let index = self.param_index(index)?;
        let count = self.run.network().param_count();
        self.views.set_overshoot_param(index, count).map_err(js_err)
    }

    /// Draws the loss landscape over the chosen pair on `canvas` (backing size already set to
    /// CSS size × `dpr`). `fast` uses a coarser grid, for frames while training runs. With
    /// `heat` (a canvas the page stacks under `canvas`), the heatmap's pixels go there, one per
    /// grid sample, the plotting area of `canvas` is left transparent, and
    /// [`Explorer::heat_placement`] says where to put `heat`; without it (`undefined`) the
    /// heatmap is scaled onto `canvas` itself.
    #[wasm_bindgen(js_name = drawLandscape)]
    pub fn draw_landscape(
        &mut self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
        heat: Option<HtmlCanvasElement>,
    ) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        let mut placed = None;
        let mut blit = |image: &_, rect| heat_blit(canvas, heat.as_ref(), image, rect, &mut placed);
        let drawn = self
            .views
            .draw_landscape(&self.run, &area, &page_style(dpr), fast, &mut blit);
        if heat.is_some() {
            // A drawing that failed part-way may have put new pixels on the layer: the page
            // hides it rather than show them at the last placement.
            self.heat_placed = if drawn.is_ok() { placed } else { None };
        }
        drawn.map_err(js_err)
    }

    /// [`Explorer::draw_landscape`], except that while the workers compute this state's grid
    /// (after `useLandscapeWorkers`) nothing is drawn and false returned: the canvas keeps its
    /// picture, all of one state, until the grid comes (`deliverLandscape`). Call it only on a
    /// canvas whose picture is still there (not just resized). Errors: those of
    /// [`Explorer::draw_landscape`].
    #[wasm_bindgen(js_name = drawLandscapeIfReady)]
    pub fn draw_landscape_if_ready(
        &mut self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
        heat: Option<HtmlCanvasElement>,
    ) -> Result<bool, JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        let mut placed = None;
        let mut blit = |image: &_, rect| heat_blit(canvas, heat.as_ref(), image, rect, &mut placed);
        let drawn =
            self.views
                .draw_landscape_if_ready(&self.run, &area, &page_style(dpr), fast, &mut blit);
        match (&drawn, heat.is_some()) {
            (Ok(true), true) => self.heat_placed = placed,
            (Err(_), true) => self.heat_placed = None, // as in `draw_landscape`
            _ => {}
        }
        drawn.map_err(js_err)
    }

    /// Where the last landscape drawn with a heatmap layer (`heat`, a canvas the page stacks
    /// under the landscape's) put that layer, in the landscape canvas's pixels:
    /// `[clip left, top, width, height, image left, top, width, height]` (the clip is the
    /// plotting area; the image is half a grid cell wider on each side, so that grid samples
    /// sit on the plot's edges). `undefined` when that drawing had no heatmap (no finite loss
    /// on the grid) or before any: hide the layer then. The page places the layer there and the
    /// compositor scales it: the same picture as the heatmap drawn on the landscape's canvas,
    /// without scaling it on the page's thread every frame.
    #[wasm_bindgen(js_name = heatPlacement)]
    pub fn heat_placement(&self) -> Option<Vec<f64>> {
        self.heat_placed.map(|p| p.to_vec())
    }

    /// How long one resting frame may spend computing the fine landscape, milliseconds: the
    /// fine grid is then computed here a band of rows per [`Explorer::draw_landscape`] call,
    /// the last grid of this state staying on screen meanwhile, and
    /// [`Explorer::landscape_pending`] says when another frame is wanted. A budget that is not
    /// a positive finite number (the default: none) computes the fine grid whole in one call.
    /// Either way the grids are computed here again (after `useLandscapeWorkers`).
    #[wasm_bindgen(js_name = setLandscapeBudget)]
    pub fn set_landscape_budget(&mut self, ms: f64) {
        self.views.set_grid_mode(if ms.is_finite() && ms > 0.0 {
            GridMode::Bands(ms)
        } else {
            GridMode::Whole
        });
    }

    /// True while the fine landscape is still being computed band by band (draw it again next
    /// frame), or while the workers compute the grid the state wants (draw it when it comes).
    #[wasm_bindgen(js_name = landscapePending)]
    pub fn landscape_pending(&self) -> bool {
        self.views.landscape_pending()
    }

    /// Draws the overshoot view (along the update, or along the chosen parameter with the
    /// iterates on the curve); `fast` uses a coarser curve, for frames while training runs.
    #[wasm_bindgen(js_name = drawOvershoot)]
    pub fn draw_overshoot(
        &mut self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        fast: bool,
    ) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        self.views
            .draw_overshoot(&self.run, &area, &page_style(dpr), fast)
            .map_err(js_err)
    }

    /// Draws loss vs step (log scale).
    #[wasm_bindgen(js_name = drawLoss)]
    pub fn draw_loss(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        self.views
            .draw_loss(&self.run, &area, &page_style(dpr))
            .map_err(js_err)
    }

    /// Draws parameters vs step: those at the flat indices `shown` (a `Uint32Array`), or every
    /// one when it is `undefined`. Throws for an index that is not a parameter's.
    #[wasm_bindgen(js_name = drawParams)]
    pub fn draw_params(
        &self,
        canvas: &HtmlCanvasElement,
        dpr: f64,
        shown: Option<Vec<u32>>,
    ) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        self.views
            .draw_params(&self.run, &area, &page_style(dpr), shown.as_deref())
            .map_err(js_err)
    }

    /// The chain rule of ∂Lᵢ/∂θ for parameter `index` and the chosen sample, factor by factor,
    /// with the batch mean beside it (see [`chain_panel::describe`]). Throws for an index that
    /// is not a parameter's, or on a network with more than one unit in a layer (where ∂L/∂θ
    /// is a sum over paths, not one product).
    #[wasm_bindgen(js_name = chainRule)]
    pub fn chain_rule(&self, index: f64) -> Result<Object, JsError> {
        let index = self.param_index(index)?;
        chain_panel::describe(&self.run, self.sample, index).map_err(js_err)
    }

    /// Draws σ′(z) with its 1/4 ceiling, the chosen sample's output logit and every sample's.
    #[wasm_bindgen(js_name = drawSigmoidSlope)]
    pub fn draw_sigmoid_slope(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        self.views
            .draw_sigmoid_slope(&self.run, self.sample, &area, &page_style(dpr))
            .map_err(js_err)
    }

    /// The per-layer numbers, from the core: `{ weightGrad, biasGrad, law, spread, active }`
    /// (‖∂L/∂W_l‖ and ‖∂L/∂b_l‖ for l = 1..=L; the ∏|wᵢ| prediction of ‖∂L/∂b_l‖, empty unless
    /// it is exact; the standard deviation of each hidden layer's pre-activations and the
    /// fraction of its units that are on).
    #[wasm_bindgen(js_name = layerNumbers)]
    pub fn layer_numbers(&mut self) -> Result<Object, JsError> {
        let n = self.views.layer_numbers(&self.run).map_err(js_err)?;
        let arr = |v: &[f64]| JsValue::from(js_sys::Float64Array::from(v));
        Ok(catalog::object(&[
            ("weightGrad", arr(&n.weight_grad)),
            ("biasGrad", arr(&n.bias_grad)),
            ("law", arr(&n.law)),
            ("spread", arr(&n.spread)),
            ("active", arr(&n.active)),
        ]))
    }

    /// Draws the per-layer chart: gradient magnitude per layer (with the ∏|wᵢ| law where it is
    /// exact) and the spread of each hidden layer's pre-activations.
    #[wasm_bindgen(js_name = drawLayers)]
    pub fn draw_layers(&mut self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        self.views
            .draw_layers(&self.run, &area, &page_style(dpr))
            .map_err(js_err)
    }

    /// Draws the network diagram (edge thickness from |w|, or |∂L/∂w|; dead units marked).
    #[wasm_bindgen(js_name = drawDiagram)]
    pub fn draw_diagram(&mut self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let area = canvas::backend(canvas)?.into_drawing_area();
        self.views
            .draw_diagram(&self.run, &area, &page_style(dpr))
            .map_err(js_err)
    }

    /// The chart called `name` (one of the catalog's `charts`: landscape, overshoot, loss,
    /// params, sigmoid, layers, diagram) as an SVG document of `width × height` CSS pixels,
    /// titled, as the views show it now (the landscape at its fine grid, its heatmap a PNG
    /// `<image>` from the browser's encoder).
    /// Throws for an unknown name (the message lists the valid ones) or a side outside
    /// 64–4096.
    #[wasm_bindgen(js_name = chartSvg)]
    pub fn chart_svg(&mut self, name: &str, width: f64, height: f64) -> Result<String, JsError> {
        let chart = Chart::from_id(name).ok_or_else(|| {
            JsError::new(&format!(
                "there is no chart called “{name}” (the charts: {})",
                Chart::ids()
            ))
        })?;
        let size = Size::new(width, height, 1.0).map_err(js_err)?;
        let (views, run) = (&mut self.views, &self.run);
        // An exported figure has the whole fine grid, whatever the page's frames computed.
        let mode = views.grid_mode();
        views.set_grid_mode(GridMode::Whole);
        let svg = figure::svg(chart, views, run, self.sample, size, &canvas::png_data_url);
        views.set_grid_mode(mode);
        svg.map_err(js_err)
    }

    /// The flat index of the weight under CSS pixel (`x`, `y`) of the diagram's canvas, whose
    /// CSS size is `width × height`; `undefined` when no edge is within a few pixels. The
    /// weight is then marked on the diagram.
    #[wasm_bindgen(js_name = pickWeight)]
    pub fn pick_weight(&mut self, x: f64, y: f64, width: f64, height: f64) -> Option<u32> {
        if ![x, y, width, height].iter().all(|v| v.is_finite()) || width <= 0.0 || height <= 0.0 {
            return None;
        }
        let index = self
            .views
            .diagram_pick(&self.run, (x, y), (width, height))?;
        self.views.select_weight(Some(index));
        Some(index as u32)
    }

    /// Shows gradients (true) or weights (false) on the diagram.
    #[wasm_bindgen(js_name = setDiagramGradients)]
    pub fn set_diagram_gradients(&mut self, on: bool) {
        self.views.set_diagram_gradients(on);
    }

    /// Whether the diagram shows gradients.
    #[wasm_bindgen(js_name = diagramGradients)]
    pub fn diagram_gradients(&self) -> bool {
        self.views.diagram_gradients()
    }
}
