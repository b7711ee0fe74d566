//! The σ′ chart of the chain-rule panel.

use gradscope_charts::{sigmoid_slope, Style};
use gradscope_core::Error;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::{DrawError, Views};
use crate::run::Run;

impl Views {
    /// Draws σ′(z) with the output logit of sample `sample` marked and a rug of every
    /// sample's, onto `area`. Errors: a sample index past the data ([`DrawError::Core`]), or
    /// the backend's.
    pub fn draw_sigmoid_slope<DB: DrawingBackend>(
        &self,
        run: &Run,
        sample: usize,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), DrawError> {
        let net = run.network();
        let xs = run.trainer().data().xs();
        let rug: Vec<f64> = xs.iter().map(|&x| net.logit(x)).collect();
        let z = *rug.get(sample).ok_or_else(|| {
            Error::BadShape(format!(
                "sample {sample} is out of range (the data set has {})",
                rug.len()
            ))
        })?;
        let chart = sigmoid_slope::SigmoidSlope { z, rug: &rug };
        Ok(sigmoid_slope::draw(area, &chart, style)?)
    }
}
