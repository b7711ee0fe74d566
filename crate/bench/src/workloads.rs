//! The benchmark's workloads, defined once for both sides (the product and the reference loop).
//!
//! Issue 10's definitions:
//!
//! * **W1**: one full-batch gradient-descent step (loss + gradient + update) of the seed network
//!   `x → ReLU → ReLU → σ` at the healthy preset θ = [w1, b1, w2, b2, w3, b3] =
//!   [0.5, 1.0, 0.8, 0.2, 1.5, −1.0] on the first 64 breast-cancer samples, learning rate α = 0.5;
//! * **W2**: the mean loss of that network over a 256 × 256 grid of (w3, b3) ∈ [−3, 3]², the other
//!   parameters fixed; **W2b**: the same over (w1, b1);
//! * **W3**: one step of a width-one ReLU chain of 20 weight layers, every w = 1.05, every
//!   b = 0.1, on those 64 samples, α = 10⁻³;
//! * **W4**: one step of the dense ReLU network [1, 16 × 10, 1] (ten hidden layers of 16 units) on
//!   all 569 samples, α = 0.1, from the weights of [`w4_weight`] and zero biases.

use gradscope_core::Dataset;

/// The healthy preset, flat order `[w1, b1, w2, b2, w3, b3]` (the page's `presets.rs` value).
pub const HEALTHY: [f64; 6] = [0.5, 1.0, 0.8, 0.2, 1.5, -1.0];
/// W1's learning rate α.
pub const W1_LEARNING_RATE: f64 = 0.5;
/// Samples of W1, W2, W2b and W3: the first 64 of the breast-cancer set.
pub const FEW_SAMPLES: usize = 64;
/// Points per axis of the W2 / W2b grids.
pub const GRID_POINTS: usize = 256;
/// Both grid axes run over [−GRID_HALF_WIDTH, GRID_HALF_WIDTH].
pub const GRID_HALF_WIDTH: f64 = 3.0;
/// W3's number of weight layers.
pub const CHAIN_DEPTH: usize = 20;
/// W3's every weight.
pub const CHAIN_WEIGHT: f64 = 1.05;
/// W3's every bias.
pub const CHAIN_BIAS: f64 = 0.1;
/// W3's learning rate α.
pub const CHAIN_LEARNING_RATE: f64 = 1e-3;
/// W4's hidden layers.
pub const DENSE_HIDDEN_LAYERS: usize = 10;
/// W4's units per hidden layer.
pub const DENSE_WIDTH: usize = 16;
/// W4's learning rate α.
pub const DENSE_LEARNING_RATE: f64 = 0.1;

/// One of the workloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    /// Seed-network GD step, 64 samples.
    W1,
    /// 256² landscape over (w3, b3), 64 samples.
    W2,
    /// 256² landscape over (w1, b1), 64 samples.
    W2b,
    /// Depth-20 width-one chain GD step, 64 samples.
    W3,
    /// Dense [1, 16 × 10, 1] GD step, 569 samples.
    W4,
}

impl Workload {
    /// Every workload, in the order the report lists them.
    pub const ALL: [Workload; 5] = [
        Workload::W1,
        Workload::W2,
        Workload::W2b,
        Workload::W3,
        Workload::W4,
    ];

    /// The id the report and the JSON keys use (`w1`, `w2`, `w2b`, `w3`, `w4`).
    pub fn id(self) -> &'static str {
        match self {
            Workload::W1 => "w1",
            Workload::W2 => "w2",
            Workload::W2b => "w2b",
            Workload::W3 => "w3",
            Workload::W4 => "w4",
        }
    }

    /// The workload with id `id`, if any.
    pub fn from_id(id: &str) -> Option<Workload> {
        Workload::ALL.into_iter().find(|w| w.id() == id)
    }

    /// What one call of work counts: gradient-descent steps or grid points.
    pub fn unit(self) -> &'static str {
        match self {
            Workload::W2 | Workload::W2b => "points",
            _ => "steps",
        }
    }

    /// Units of work in one call: 1 step, or the 256² points of one grid.
    pub fn units_per_call(self) -> f64 {
        match self {
            Workload::W2 | Workload::W2b => (GRID_POINTS * GRID_POINTS) as f64,
            _ => 1.0,
        }
    }

    /// The two flat parameter indices a landscape varies (x axis, y axis), for W2 and W2b.
    pub fn grid_axes(self) -> Option<(usize, usize)> {
        match self {
            Workload::W2 => Some((4, 5)),
            Workload::W2b => Some((0, 1)),
            _ => None,
        }
    }
}

/// The first 64 breast-cancer samples (W1, W2, W2b, W3).
pub fn few_samples() -> Dataset {
    Dataset::breast_cancer().head(FEW_SAMPLES)
}

/// All 569 breast-cancer samples (W4).
pub fn all_samples() -> Dataset {
    Dataset::breast_cancer()
}

/// W4's layer widths `[1, 16, …, 16, 1]`.
pub fn dense_widths() -> Vec<usize> {
    let mut widths = vec![1];
    widths.extend([DENSE_WIDTH; DENSE_HIDDEN_LAYERS]);
    widths.push(1);
    widths
}

/// SplitMix64's output function (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): a bijective integer hash whose output bits all depend on every
/// input bit.
fn splitmix64(key: u64) -> u64 {
    let mut z = key.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// W4's starting weight `W_layer[row][column]` (layer 1-based, row = output unit, column = input
/// unit, both 0-based) for a layer with `fan_in` inputs: He uniform (He et al. 2015, Var =
/// 2/fan_in, i.e. U(−a, a) with a = √(6/fan_in)) with the uniform variate taken from an
/// integer hash instead of an RNG, so the product and the reference start from the same bits
/// without sharing any code but this:
///
/// `u = (splitmix64(layer·2⁴⁰ + row·2²⁰ + column) >> 11) · 2⁻⁵³ ∈ [0, 1)`,
/// `W = √(6/fan_in) · (2u − 1)`.
///
/// W4's biases all start at 0.
pub fn w4_weight(layer: usize, row: usize, column: usize, fan_in: usize) -> f64 {
    let key = ((layer as u64) << 40) | ((row as u64) << 20) | column as u64;
    let u = (splitmix64(key) >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    (6.0 / fan_in as f64).sqrt() * (2.0 * u - 1.0)
}

/// W3's parameters in the product's flat order `[w1, b1, …, w20, b20]`.
pub fn chain_params() -> Vec<f64> {
    (0..CHAIN_DEPTH)
        .flat_map(|_| [CHAIN_WEIGHT, CHAIN_BIAS])
        .collect()
}

/// W4's parameters in the product's flat order (`W1` row-major, `b1`, …, `WL`, `bL`).
pub fn dense_params() -> Vec<f64> {
    let widths = dense_widths();
    let mut params = Vec::new();
    for l in 1..widths.len() {
        let (fan_in, fan_out) = (widths[l - 1], widths[l]);
        for row in 0..fan_out {
            for column in 0..fan_in {
                params.push(w4_weight(l, row, column, fan_in));
            }
        }
        params.extend(core::iter::repeat_n(0.0, fan_out));
    }
    params
}

/// The i-th of `GRID_POINTS` evenly spaced values on [−3, 3] (both ends included).
pub fn grid_value(i: usize) -> f64 {
    -GRID_HALF_WIDTH + 2.0 * GRID_HALF_WIDTH * (i as f64) / ((GRID_POINTS - 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_first_output() {
        // The reference implementation seeded with 0 returns 0xe220a8397b1dcdaf first: its
        // first call hashes 0 + the golden-ratio increment, which is what splitmix64(0) does.
        assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn w4_weights_lie_inside_the_he_uniform_limit_with_its_variance() {
        let widths = dense_widths();
        assert_eq!(widths.len(), DENSE_HIDDEN_LAYERS + 2);
        // Layer 5 has 16 × 16 weights from U(−a, a), a = √(6/16): variance a²/3 = 2/16 = 0.125.
        let a = (6.0f64 / 16.0).sqrt();
        let w: Vec<f64> = (0..16)
            .flat_map(|r| (0..16).map(move |c| w4_weight(5, r, c, 16)))
            .collect();
        assert!(w.iter().all(|v| v.abs() < a));
        let var = w.iter().map(|v| v * v).sum::<f64>() / w.len() as f64;
        // 256 draws: the sample variance's standard error is about 0.125·√(0.8/256) ≈ 0.007.
        assert!((var - 0.125).abs() < 0.035, "variance {var}");
    }

    #[test]
    fn dense_params_are_in_flat_order() {
        let p = dense_params();
        // 16 + 16 (layer 1), 9 × (256 + 16), 16 + 1 (output layer).
        assert_eq!(p.len(), 32 + 9 * 272 + 17);
        assert_eq!(p[1], w4_weight(1, 1, 0, 1));
        assert_eq!(p[16], 0.0);
        assert_eq!(p[32 + 17], w4_weight(2, 1, 1, 16));
    }

    #[test]
    fn grid_values_span_the_axis() {
        assert_eq!(grid_value(0), -3.0);
        assert_eq!(grid_value(GRID_POINTS - 1), 3.0);
    }
}
