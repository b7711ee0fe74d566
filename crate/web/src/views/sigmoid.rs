//! The σ′ chart of the chain-rule panel.

use gradscope_charts::{sigmoid_slope, Style};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsError;
use web_sys::HtmlCanvasElement;

use super::{js_err, Views};
use crate::canvas;
use crate::run::Run;

impl Views {
    /// Draws σ′(z) with the output logit of sample `sample` marked and a rug of every
    /// sample's. Errors: a canvas that cannot be drawn on.
    pub fn draw_sigmoid_slope(
        &self,
        run: &Run,
        sample: usize,
        canvas: &HtmlCanvasElement,
        dpr: f64,
    ) -> Result<(), JsError> {
        let net = run.network();
        let xs = run.trainer().data().xs();
        let rug: Vec<f64> = xs.iter().map(|&x| net.logit(x)).collect();
        let chart = sigmoid_slope::SigmoidSlope {
            z: rug[sample],
            rug: &rug,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        sigmoid_slope::draw(&area, &chart, &Style::new(dpr).without_captions()).map_err(js_err)
    }
}
