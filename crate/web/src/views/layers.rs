//! The per-layer view: gradient magnitude per layer with the ∏|wᵢ| law where it is exact, and
//! the spread of each hidden layer's pre-activations.

use gradscope_charts::{layers, Style};
use gradscope_core::{Activation, Error};
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::{DrawError, Views};
use crate::run::Run;

/// The numbers the per-layer chart draws, from the core.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerNumbers {
    /// ‖∂L/∂W_l‖, l = 1..=L.
    pub weight_grad: Vec<f64>,
    /// ‖∂L/∂b_l‖, l = 1..=L.
    pub bias_grad: Vec<f64>,
    /// |∂L/∂b_L|·∏_{k>l}|w_k|, l = 1..=L: equal to ‖∂L/∂b_l‖ on a one-unit-per-layer ReLU
    /// network while every unit is on for every sample (then every ReLU′ is 1 and
    /// ∂L/∂b_l = ∂L/∂b_L·∏_{k>l} w_k); empty when that does not hold.
    pub law: Vec<f64>,
    /// Standard deviation of hidden layer l's pre-activations over units and samples.
    pub spread: Vec<f64>,
    /// Fraction of (unit, sample) pairs on (slope ≠ 0) per hidden layer.
    pub active: Vec<f64>,
    /// Per hidden layer and unit: off for every sample.
    pub dead: Vec<Vec<bool>>,
}

impl LayerNumbers {
    /// The numbers for the run's current step. Errors: none in practice (the gradient has the
    /// network's length).
    pub fn of(run: &Run) -> Result<LayerNumbers, Error> {
        let net = run.network();
        let norms = net.layer_norms(run.trainer().grad())?;
        let stats = net.layer_stats(run.trainer().data());
        let all_on = stats.iter().all(|s| s.active == 1.0);
        let law = if net.is_width_one() && net.hidden_activation() == Activation::Relu && all_on {
            let p = net.params();
            let depth = net.depth();
            let top = norms[depth - 1].1;
            (1..=depth)
                .map(|l| (l + 1..=depth).fold(top, |acc, k| acc * p[2 * (k - 1)].abs()))
                .collect()
        } else {
            Vec::new()
        };
        Ok(LayerNumbers {
            weight_grad: norms.iter().map(|n| n.0).collect(),
            bias_grad: norms.iter().map(|n| n.1).collect(),
            law,
            spread: stats.iter().map(|s| s.std).collect(),
            active: stats.iter().map(|s| s.active).collect(),
            dead: stats.into_iter().map(|s| s.dead).collect(),
        })
    }
}

impl Views {
    /// The per-layer numbers of the run's current state, computed once per state (one forward
    /// pass over the data). Errors: as [`LayerNumbers::of`].
    pub fn layer_numbers(&mut self, run: &Run) -> Result<&LayerNumbers, Error> {
        let fresh = !matches!(&self.layer_cache, Some((v, _)) if *v == run.version());
        if fresh {
            self.layer_cache = Some((run.version(), LayerNumbers::of(run)?));
        }
        match &self.layer_cache {
            Some((_, n)) => Ok(n),
            None => Err(Error::BadShape("no layer numbers".into())),
        }
    }

    /// Draws the per-layer chart onto `area`. Errors: as [`Views::layer_numbers`], or the
    /// backend's.
    pub fn draw_layers<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), DrawError> {
        let n = self.layer_numbers(run)?.clone();
        let chart = layers::Layers {
            weight_grad: &n.weight_grad,
            bias_grad: &n.bias_grad,
            law: &n.law,
            spread: &n.spread,
        };
        Ok(layers::draw(area, &chart, style)?)
    }
}
