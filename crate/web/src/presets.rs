//! Named starting points for the lessons of the explorer.

use gradscope_core::Scheme;
use wasm_bindgen::prelude::*;

/// The healthy start `[w1, b1, w2, b2, w3, b3]` (reference case 35's initial weights).
pub const HEALTHY_PARAMS: [f64; 6] = [0.5, 1.0, 0.8, 0.2, 1.5, -1.0];

/// A named starting point: parameters (or an initializer), learning rate and the views that
/// show its lesson best.
#[wasm_bindgen]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// Moderate weights, α = 0.5: monotone descent to the minimum (loss ≈ 0.29 after 200 steps).
    Healthy,
    /// w3 = 500 (b3 = −600 keeps the decision boundary inside the data), α = 0.003: the chain
    /// factor σ′(z3)·w3 makes ∂L/∂w2 huge and the descent overshoots and oscillates.
    W3Is500,
    /// w3 = 1000, b3 = −1200, α = 0.001: even at a third of the learning rate the descent
    /// bounces harder (loss 27 → 30 → 51 → 38 → 65 …); at α = 0.002 one update kills the ReLUs.
    W3Is1000,
    /// Weights ~ U(−30, 30), seed 12 (w1 ≈ −29.9, w2 ≈ 16.5, w3 ≈ 11.4), α = 0.05: a large
    /// uniform initialization; the loss starts near 2100 with ‖∇L‖ ≈ 256 and oscillates.
    LargeUniform,
    /// Xavier/Glorot uniform, seed 2, α = 0.5: trains to L ≈ 0.293. (With one unit per layer and
    /// zero biases, seeds that draw w2 < 0 start with every second-layer ReLU dead.)
    Xavier,
    /// He normal, seed 2, α = 0.5: trains to L ≈ 0.293.
    He,
}

/// Where a preset starts.
pub enum Start {
    /// These parameters `[w1, b1, w2, b2, w3, b3]`.
    Params([f64; 6]),
    /// Weights drawn from `scheme` with `seed`, biases 0.
    Init(Scheme, u32),
}

/// Everything a preset sets.
pub struct Setting {
    /// Where the run starts.
    pub start: Start,
    /// α.
    pub learning_rate: f64,
    /// Flat indices of the landscape's (x, y) parameters.
    pub axes: (usize, usize),
    /// Flat index of the overshoot view's parameter.
    pub slice: usize,
}

impl Preset {
    /// The preset's setting (parameter indices: w1 0, b1 1, w2 2, b2 3, w3 4, b3 5).
    pub fn setting(self) -> Setting {
        match self {
            Preset::Healthy => Setting {
                start: Start::Params(HEALTHY_PARAMS),
                learning_rate: 0.5,
                axes: (4, 5),
                slice: 4,
            },
            Preset::W3Is500 => Setting {
                start: Start::Params([0.5, 1.0, 0.8, 0.2, 500.0, -600.0]),
                learning_rate: 0.003,
                axes: (2, 3),
                slice: 3,
            },
            Preset::W3Is1000 => Setting {
                start: Start::Params([0.5, 1.0, 0.8, 0.2, 1000.0, -1200.0]),
                learning_rate: 0.001,
                axes: (2, 3),
                slice: 3,
            },
            Preset::LargeUniform => Setting {
                start: Start::Init(Scheme::Uniform { limit: 30.0 }, 12),
                learning_rate: 0.05,
                axes: (0, 2),
                slice: 0,
            },
            Preset::Xavier => Setting {
                start: Start::Init(Scheme::XavierUniform { gain: 1.0 }, 2),
                learning_rate: 0.5,
                axes: (4, 5),
                slice: 4,
            },
            Preset::He => Setting {
                start: Start::Init(Scheme::HeNormal { gain: 1.0 }, 2),
                learning_rate: 0.5,
                axes: (4, 5),
                slice: 4,
            },
        }
    }
}
