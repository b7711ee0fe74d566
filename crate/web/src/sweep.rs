//! [`Sweep`]: ‖∂L/∂W₁‖ at initialization against depth for several initialization schemes,
//! over many seeds. The networks are computed by [`SweepJob`]s a slice at a time (in Web
//! Workers, or a few per frame where there are none) so the page never freezes; the `Sweep`
//! keeps the results, in whatever order they come, for drawing.
//!
//! The network is wide enough for the schemes to differ (16 ReLU units per hidden layer); the
//! first 64 samples of the breast-cancer set stand in for the data (the gradient's size at
//! initialization hardly depends on which samples).

use gradscope_charts::sweep::{self as chart, DepthSweep, SweepSeries};
use gradscope_charts::Style;
use gradscope_core::init::{initialize, rng_from_seed};
use gradscope_core::{Activation, Builtin, Dataset, Error, Network, Scheme, Tape};
use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::canvas;
#[cfg(doc)]
use crate::jobs::SweepJob;
use crate::jobs::{js_err, whole};

/// Hidden-layer counts the sweep visits.
pub const DEPTHS: [usize; 17] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50];
/// Units per hidden layer.
pub const WIDTH: usize = 16;
/// Seeds per (scheme, depth).
pub const SEEDS: u32 = 32;
/// Samples the gradient is taken over.
pub const SAMPLES: usize = 64;

/// The schemes compared: a large uniform initialization that ignores fan-in, and the three
/// scaled ones. (One home: the chart's legend comes from here.)
pub const SCHEMES: [(Scheme, &str); 4] = [
    (Scheme::Uniform { limit: 1.0 }, "U(−1, 1)"),
    (Scheme::XavierUniform { gain: 1.0 }, "Xavier/Glorot uniform"),
    (Scheme::HeNormal { gain: 1.0 }, "He normal"),
    (Scheme::LecunNormal { gain: 1.0 }, "LeCun normal"),
];

/// The sweep's samples: the first [`SAMPLES`] of the breast-cancer set.
pub fn data() -> Dataset {
    Builtin::BreastCancer.load().head(SAMPLES)
}

/// How many networks the sweep computes: every depth × scheme × seed.
pub fn total() -> usize {
    DEPTHS.len() * SCHEMES.len() * SEEDS as usize
}

/// Network `index` of the sweep, in the order depth → scheme → seed: (hidden layers, scheme,
/// seed). Past the last network it names the last depth's.
pub fn network(index: usize) -> (usize, Scheme, u32) {
    let per_depth = SCHEMES.len() * SEEDS as usize;
    let d = (index / per_depth).min(DEPTHS.len() - 1);
    let k = (index % per_depth) / SEEDS as usize;
    let seed = (index % SEEDS as usize) as u32;
    (DEPTHS[d], SCHEMES[k].0, seed)
}

/// ‖∂L/∂W₁‖ of a fresh `[1, width × hidden_layers, 1]` ReLU network drawn from `scheme` with
/// `seed` (biases 0), on `data`. Errors: a shape or scale the core refuses.
pub fn layer1_grad_norm(
    hidden_layers: usize,
    width: usize,
    scheme: Scheme,
    seed: u32,
    data: &Dataset,
) -> Result<f64, Error> {
    let mut widths = vec![1];
    widths.extend(core::iter::repeat_n(width, hidden_layers));
    widths.push(1);
    let mut net = Network::new(&widths, Activation::Relu)?;
    initialize(&mut net, scheme, &mut rng_from_seed(u64::from(seed)))?;
    let mut grad = Vec::new();
    net.loss_and_gradient(data, &mut Tape::default(), &mut grad);
    Ok(net.layer_norms(&grad)?[0].0)
}

/// The q-quantile (0 ≤ q ≤ 1) of `sorted` by linear interpolation; NaN when empty.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    let next = sorted[(i + 1).min(sorted.len() - 1)];
    sorted[i] + frac * (next - sorted[i])
}

/// The depth sweep's results so far (computed by [`SweepJob`]s and recorded here).
#[wasm_bindgen]
pub struct Sweep {
    /// ‖∂L/∂W₁‖ of each network (in [`network`]'s order), once recorded.
    results: Vec<Option<f64>>,
}

impl Sweep {
    /// Depths whose every scheme and seed is recorded (counted from the shallowest).
    fn depths_done(&self) -> usize {
        let per_depth = SCHEMES.len() * SEEDS as usize;
        self.results
            .chunks(per_depth)
            .take_while(|depth| depth.iter().all(Option::is_some))
            .count()
    }

    /// (median, first quartile, third quartile) of scheme `k` at depth index `d`, over the
    /// seeds recorded.
    pub fn summary(&self, k: usize, d: usize) -> (f64, f64, f64) {
        let first = (d * SCHEMES.len() + k) * SEEDS as usize;
        let mut v: Vec<f64> = self
            .results
            .iter()
            .skip(first)
            .take(SEEDS as usize)
            .flatten()
            .copied()
            .collect();
        v.sort_by(f64::total_cmp);
        (quantile(&v, 0.5), quantile(&v, 0.25), quantile(&v, 0.75))
    }
}

#[wasm_bindgen]
impl Sweep {
    /// An empty sweep over [`DEPTHS`] × [`SCHEMES`] × [`SEEDS`] seeds.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Sweep {
        Sweep {
            results: vec![None; total()],
        }
    }

    /// How many networks the sweep computes (numbered from 0 for [`SweepJob::norms`] and
    /// [`Sweep::record`]).
    pub fn networks() -> u32 {
        total() as u32
    }

    /// Records ‖∂L/∂W₁‖ of networks `start`, `start + 1`, … (as [`SweepJob::norms`] returns
    /// them; recording one again replaces it); returns the fraction recorded, 0 to 1. Throws,
    /// changing nothing, for a start that is not a whole number or norms past the last network.
    pub fn record(&mut self, start: f64, norms: &[f64]) -> Result<f64, JsError> {
        let start = whole(start, total() as u32, "the first network").map_err(js_err)? as usize;
        let slots = self
            .results
            .get_mut(start..start + norms.len())
            .ok_or_else(|| JsError::new(&format!("the sweep has {} networks", total())))?;
        for (slot, &g) in slots.iter_mut().zip(norms) {
            *slot = Some(g);
        }
        Ok(self.progress())
    }

    /// The fraction of the networks recorded, 0 to 1.
    pub fn progress(&self) -> f64 {
        self.results.iter().flatten().count() as f64 / total() as f64
    }

    /// The schemes' names, in [`SCHEMES`] order; then the settings: hidden width, seeds and
    /// samples, as text the page quotes ("16", "32", "64").
    pub fn labels() -> Vec<String> {
        SCHEMES
            .iter()
            .map(|(_, l)| (*l).to_string())
            .chain([WIDTH, SEEDS as usize, SAMPLES].map(|n| n.to_string()))
            .collect()
    }

    /// Starts again from nothing.
    pub fn clear(&mut self) {
        *self = Sweep::new();
    }

    /// Draws what is done so far (median and interquartile band per scheme).
    pub fn draw(&self, canvas: &HtmlCanvasElement, dpr: f64) -> Result<(), JsError> {
        let done = self.depths_done();
        let depths: Vec<f64> = DEPTHS.iter().map(|&d| d as f64).collect();
        let series: Vec<SweepSeries> = SCHEMES
            .iter()
            .enumerate()
            .map(|(k, (_, label))| {
                let s: Vec<(f64, f64, f64)> = (0..done).map(|d| self.summary(k, d)).collect();
                SweepSeries {
                    label,
                    median: s.iter().map(|t| t.0).collect(),
                    q25: s.iter().map(|t| t.1).collect(),
                    q75: s.iter().map(|t| t.2).collect(),
                }
            })
            .collect();
        let data = DepthSweep {
            depths: &depths,
            series: &series,
            done,
        };
        let area = canvas::backend(canvas)?.into_drawing_area();
        chart::draw(&area, &data, &Style::new(dpr).without_captions())
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// Medians at the deepest finished depth, one per scheme in [`SCHEMES`] order, with that
    /// depth first: `[depth, m₁, m₂, m₃, m₄]` (empty before the first depth is done).
    #[wasm_bindgen(js_name = deepestMedians)]
    pub fn deepest_medians(&self) -> Vec<f64> {
        let done = self.depths_done();
        if done == 0 {
            return Vec::new();
        }
        let d = done - 1;
        let mut out = vec![DEPTHS[d] as f64];
        out.extend((0..SCHEMES.len()).map(|k| self.summary(k, d).0));
        out
    }
}

impl Default for Sweep {
    fn default() -> Self {
        Sweep::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_by_hand() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), 3.0);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.25), 2.0);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn large_uniform_explodes_xavier_and_lecun_vanish_he_holds() {
        // 8 seeds each at 1 and 30 hidden layers of 16 ReLU units. U(−1, 1) has fan_in·Var = 16/3
        // per layer, so the backward signal grows about √(16/3 / 2) ≈ 1.6× per layer; Xavier and
        // LeCun (Var = 1/16 here) halve the ReLU variance per layer; He (2/fan_in) keeps it.
        let data = Builtin::BreastCancer.load().head(SAMPLES);
        let median = |scheme, depth| {
            let mut v: Vec<f64> = (0..8)
                .map(|seed| layer1_grad_norm(depth, WIDTH, scheme, seed, &data).unwrap())
                .collect();
            v.sort_by(f64::total_cmp);
            quantile(&v, 0.5)
        };
        let [(uniform, _), (xavier, _), (he, _), (lecun, _)] = SCHEMES;
        assert!(median(uniform, 30) > 1e4 * median(uniform, 1));
        assert!(median(xavier, 30) < 1e-4 * median(xavier, 1));
        assert!(median(lecun, 30) < 1e-4 * median(lecun, 1));
        let (h1, h30) = (median(he, 1), median(he, 30));
        assert!(h30 > 0.01 * h1 && h30 < 10.0 * h1, "He: {h1} → {h30}");
    }

    #[test]
    fn results_in_any_order_summarize_as_in_order() {
        // The first two depths recorded back to front in slices of 7, against the medians
        // and quartiles computed directly from the networks of scheme 2 (He) at depth index 1.
        let data = data();
        let norms: Vec<f64> = (0..256)
            .map(|i| {
                let (layers, scheme, seed) = network(i);
                layer1_grad_norm(layers, WIDTH, scheme, seed, &data).unwrap()
            })
            .collect();
        let mut sweep = Sweep::new();
        let starts: Vec<usize> = (0..256).step_by(7).collect();
        for &s in starts.iter().rev() {
            sweep.record(s as f64, &norms[s..(s + 7).min(256)]).unwrap();
        }
        assert_eq!(sweep.depths_done(), 2);
        assert_eq!(sweep.progress(), 256.0 / total() as f64);
        let mut he: Vec<f64> = (0..SEEDS)
            .map(|seed| layer1_grad_norm(2, WIDTH, SCHEMES[2].0, seed, &data).unwrap())
            .collect();
        he.sort_by(f64::total_cmp);
        // 32 seeds: the median is halfway between the 16th and 17th, the quartiles a quarter
        // and three quarters of the way from the 8th to the 9th and from the 24th to the 25th.
        let expected = (
            he[15] + 0.5 * (he[16] - he[15]),
            he[7] + 0.75 * (he[8] - he[7]),
            he[23] + 0.25 * (he[24] - he[23]),
        );
        assert_eq!(sweep.summary(2, 1), expected);
        assert_eq!(sweep.deepest_medians()[0], 2.0);
        // A depth with one network missing is not done.
        let mut gap = Sweep::new();
        gap.record(0.0, &norms[..127]).unwrap();
        assert_eq!(gap.depths_done(), 0);
        assert!(gap.deepest_medians().is_empty());
    }
}
