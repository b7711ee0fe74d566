//! Named starting points for the lessons of the explorer: the one home of the preset list.
//!
//! A preset is added here and nowhere else: [`Preset::ALL`] feeds the handle's catalog, from
//! which the page builds its buttons, the element its `preset` attribute and the URL its
//! `preset=` key.

use gradscope_core::{Activation, Builtin, Scheme};

/// The healthy start `[w1, b1, w2, b2, w3, b3]` (reference case 35's initial weights).
pub const HEALTHY_PARAMS: [f64; 6] = [0.5, 1.0, 0.8, 0.2, 1.5, -1.0];

/// Sixteen weight layers of one unit: every w = 0.5; b1 = 2 and b2 … b15 = 1, so every unit
/// stays well on (o_l = o_(l−1)/2 + 1 tends to 2); b16 = −1, so z16 ≈ 0.
const DEEP_VANISH_PARAMS: [f64; 32] = {
    let mut p = [0.0; 32];
    let mut l = 0;
    while l < 16 {
        p[2 * l] = 0.5;
        p[2 * l + 1] = 1.0;
        l += 1;
    }
    p[1] = 2.0;
    p[31] = -1.0;
    p
};

/// The seed network's layer widths: x → ReLU → ReLU → σ.
const SEED_WIDTHS: &[usize] = &[1, 1, 1, 1];

/// A named starting point: network shape, parameters (or an initializer), learning rate and
/// the views that show its lesson best.
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
    /// LeCun normal, seed 2, α = 0.5: the smallest of the three scaled variances (1/fan_in); it
    /// trains too (L ≈ 0.294 after 200 steps).
    Lecun,
    /// The healthy start with only w3 = 500, α = 0.5 (what the textbook suggests typing): the
    /// first update sends w2 and b2 far negative, every second-layer ReLU goes off, and the loss
    /// stays at the entropy of the labels, 0.6603.
    DeadRelu,
    /// Six weight layers of one ReLU unit, every weight 2, b1 = 5, b6 = −160 (so z6 = 64x and
    /// every unit is on for every sample): ∂L/∂b_l = 2^(6−l)·∂L/∂b6 exactly, the ∏|wᵢ| law. At
    /// α = 0.1 the loss grows 2.43 → 26.5 → 1551 in two steps, then the ReLUs die.
    DeepExplode,
    /// Ten hidden sigmoid layers, every weight 1 and bias 0, α = 0.5: each layer multiplies the
    /// backward signal by σ′(z)·w ≤ 1/4, and layer 1's gradient is about 10⁻⁶ of the last
    /// layer's.
    DeepSigmoid,
    /// The w3 = 1000 network at α = 0.003 with clipping at ‖∇L‖ ≤ 1: the loss falls steadily
    /// (27 → 0.77 in 200 steps) and the network stays alive, where the unclipped twin collapses
    /// at step 2 (loss 447).
    ClipRescue,
    /// Sixteen weight layers of one ReLU unit, every weight 0.5, the biases keeping every unit
    /// on: ∂L/∂b_l = 2^(l−16)·∂L/∂b16 exactly, so layer 1's bias gets 2⁻¹⁵ ≈ 3·10⁻⁵ of the
    /// output bias's gradient and the first layers barely move.
    DeepVanish,
    /// 8 hidden layers of 16 ReLU units from U(−1, 1), seed 4, α = 0.2: the loss grows every
    /// step, 8.6 → 77 → 7 784 → 4·10⁵ → 10²³ → 10⁷² → 10²⁴⁵, and overflows at step 7.
    DeepDiverge,
    /// The w3 = 500 network showing sample 0, whose output is saturated and right (z3 ≈ 119,
    /// y = 1): ŷ − y ≈ −10⁻⁵², so its ∂L₀/∂w1 is about 10⁻⁴⁹, even with w3 = 500.
    SaturatedRight,
    /// The w3 = 500 network showing sample 3, saturated and wrong (z3 ≈ −254, y = 1): ∂L/∂o3
    /// ≈ −10¹¹⁰ and σ′ ≈ 10⁻¹¹⁰ cancel to ŷ − y = −1, and ∂L₃/∂w1 ≈ 308.
    SaturatedWrong,
}

/// Where a preset starts.
#[derive(Debug, Clone, Copy)]
pub enum Start {
    /// These parameters, in flat order.
    Params(&'static [f64]),
    /// Weights drawn from `scheme` with `seed`, biases 0.
    Init(Scheme, u32),
}

/// Everything a preset sets.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    /// Layer widths `[1, n1, …, 1]`.
    pub widths: &'static [usize],
    /// Activation of the hidden units.
    pub hidden: Activation,
    /// Where the run starts.
    pub start: Start,
    /// α.
    pub learning_rate: f64,
    /// Flat indices of the landscape's (x, y) parameters.
    pub axes: (usize, usize),
    /// Flat index of the overshoot view's parameter.
    pub overshoot: usize,
    /// The data set trained on.
    pub dataset: Builtin,
    /// Clipping by global norm at this threshold, or off.
    pub clip: Option<f64>,
    /// The sample whose numbers the page shows.
    pub sample: usize,
}

impl Preset {
    /// What a new explorer loads, and what an element starts from before its attributes.
    pub const DEFAULT: Preset = Preset::Healthy;

    /// Every preset, in the order the page offers them.
    pub const ALL: [Preset; 15] = [
        Preset::Healthy,
        Preset::W3Is500,
        Preset::W3Is1000,
        Preset::LargeUniform,
        Preset::Xavier,
        Preset::He,
        Preset::Lecun,
        Preset::DeadRelu,
        Preset::ClipRescue,
        Preset::SaturatedRight,
        Preset::SaturatedWrong,
        Preset::DeepExplode,
        Preset::DeepVanish,
        Preset::DeepSigmoid,
        Preset::DeepDiverge,
    ];

    /// The name in links and attributes (`preset=w3-500`).
    pub fn id(self) -> &'static str {
        match self {
            Preset::Healthy => "healthy",
            Preset::W3Is500 => "w3-500",
            Preset::W3Is1000 => "w3-1000",
            Preset::LargeUniform => "large-uniform",
            Preset::Xavier => "xavier",
            Preset::He => "he",
            Preset::Lecun => "lecun",
            Preset::DeadRelu => "dead-relu",
            Preset::DeepExplode => "deep-explode",
            Preset::DeepSigmoid => "deep-sigmoid",
            Preset::ClipRescue => "clip-rescue",
            Preset::DeepVanish => "deep-vanish",
            Preset::DeepDiverge => "deep-diverge",
            Preset::SaturatedRight => "saturated-right",
            Preset::SaturatedWrong => "saturated-wrong",
        }
    }

    /// The preset with link name `id`.
    pub fn from_id(id: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Preset::Healthy => "Healthy start",
            Preset::W3Is500 => "w3 = 500",
            Preset::W3Is1000 => "w3 = 1000",
            Preset::LargeUniform => "Large uniform init",
            Preset::Xavier => "Xavier",
            Preset::He => "He",
            Preset::Lecun => "LeCun",
            Preset::DeadRelu => "Dead ReLUs",
            Preset::DeepExplode => "Deep, w = 2",
            Preset::DeepSigmoid => "Deep sigmoid",
            Preset::ClipRescue => "Clipping rescue",
            Preset::DeepVanish => "Deep, w = 0.5",
            Preset::DeepDiverge => "Deep, diverges",
            Preset::SaturatedRight => "Saturated, right",
            Preset::SaturatedWrong => "Saturated, wrong",
        }
    }

    /// One line saying what the preset shows (the button's tooltip).
    pub fn caption(self) -> &'static str {
        match self {
            Preset::Healthy => "Moderate weights and α = 0.5: the loss falls step after step.",
            Preset::W3Is500 => {
                "w3 = 500 makes σ′(z3)·w3 as large as 0.25·500 = 125: the first steps \
                 overshoot the valley and the loss oscillates."
            }
            Preset::W3Is1000 => {
                "w3 = 1000: even at a third of the learning rate the descent bounces harder."
            }
            Preset::LargeUniform => {
                "Weights drawn from U(−30, 30): the loss starts in the thousands, the first \
                 steps are huge, and it falls with spikes."
            }
            Preset::Xavier => "Xavier/Glorot uniform, Var = 2/(fan_in + fan_out): it trains.",
            Preset::He => "He normal, Var = 2/fan_in: it trains.",
            Preset::Lecun => "LeCun normal, Var = 1/fan_in: it trains.",
            Preset::DeadRelu => {
                "The healthy start with only w3 = 500: the first step switches every \
                 second-layer ReLU off; the network then says the same ŷ for everyone and the \
                 loss stays at 0.660."
            }
            Preset::DeepExplode => {
                "Six layers, every weight 2: ∂L/∂b1 is 2⁵ = 32 times ∂L/∂b6. The loss grows \
                 2.4 → 26 → 1551 in two steps, then the ReLUs die instead of overflowing."
            }
            Preset::DeepSigmoid => {
                "Ten sigmoid layers: each multiplies the gradient by σ′(z)·w ≤ 1/4, so layer 1 \
                 gets about a millionth of the last layer's gradient."
            }
            Preset::ClipRescue => {
                "w3 = 1000 at α = 0.003 with ‖∇L‖ clipped at 1: the steps stay short and the \
                 loss falls steadily; without clipping the second step kills the ReLUs."
            }
            Preset::DeepVanish => {
                "Sixteen layers, every weight 0.5: each layer halves the gradient on its way \
                 down, so ∂L/∂b1 is 2⁻¹⁵ ≈ 3·10⁻⁵ of ∂L/∂b16 and the first layers barely move."
            }
            Preset::DeepDiverge => {
                "Eight layers of 16 units from U(−1, 1): every step makes the weights larger \
                 and the loss grows 10×, 100×, then by hundreds of decades; it overflows at step 7."
            }
            Preset::SaturatedRight => {
                "w3 = 500, looking at a sample the network gets right with z3 ≈ 119: ŷ − y is \
                 10⁻⁵² and its gradient about 10⁻⁴⁹. A saturated output silences only right \
                 answers."
            }
            Preset::SaturatedWrong => {
                "w3 = 500, looking at a sample it gets wrong with z3 ≈ −254: the two halves of \
                 the output factor, 10¹¹⁰ and 10⁻¹¹⁰, cancel to ŷ − y = −1, and the gradient is large."
            }
        }
    }

    /// The preset's setting (seed-network indices: w1 0, b1 1, w2 2, b2 3, w3 4, b3 5).
    pub fn setting(self) -> Setting {
        let seed = |start, learning_rate, axes, overshoot| Setting {
            widths: SEED_WIDTHS,
            hidden: Activation::Relu,
            start,
            learning_rate,
            axes,
            overshoot,
            dataset: Builtin::BreastCancer,
            clip: None,
            sample: 0,
        };
        match self {
            Preset::Healthy => seed(Start::Params(&HEALTHY_PARAMS), 0.5, (4, 5), 4),
            Preset::W3Is500 => seed(
                Start::Params(&[0.5, 1.0, 0.8, 0.2, 500.0, -600.0]),
                0.003,
                (2, 3),
                3,
            ),
            Preset::W3Is1000 => seed(
                Start::Params(&[0.5, 1.0, 0.8, 0.2, 1000.0, -1200.0]),
                0.001,
                (2, 3),
                3,
            ),
            Preset::LargeUniform => seed(
                Start::Init(Scheme::Uniform { limit: 30.0 }, 12),
                0.05,
                (0, 2),
                0,
            ),
            Preset::Xavier => seed(
                Start::Init(Scheme::XavierUniform { gain: 1.0 }, 2),
                0.5,
                (4, 5),
                4,
            ),
            Preset::He => seed(
                Start::Init(Scheme::HeNormal { gain: 1.0 }, 2),
                0.5,
                (4, 5),
                4,
            ),
            Preset::Lecun => seed(
                Start::Init(Scheme::LecunNormal { gain: 1.0 }, 2),
                0.5,
                (4, 5),
                4,
            ),
            Preset::DeadRelu => seed(
                Start::Params(&[0.5, 1.0, 0.8, 0.2, 500.0, -1.0]),
                0.5,
                (2, 3),
                3,
            ),
            Preset::ClipRescue => Setting {
                clip: Some(1.0),
                ..seed(
                    Start::Params(&[0.5, 1.0, 0.8, 0.2, 1000.0, -1200.0]),
                    0.003,
                    (2, 3),
                    3,
                )
            },
            Preset::DeepVanish => Setting {
                widths: &[1; 17],
                start: Start::Params(&DEEP_VANISH_PARAMS),
                learning_rate: 0.5,
                axes: (1, 31),
                overshoot: 1,
                ..seed(Start::Params(&[]), 0.0, (0, 0), 0)
            },
            Preset::DeepDiverge => Setting {
                widths: &[1, 16, 16, 16, 16, 16, 16, 16, 16, 1],
                start: Start::Init(Scheme::Uniform { limit: 1.0 }, 4),
                learning_rate: 0.2,
                // The output weight from the last hidden unit, and the output bias:
                // 16 + 16 + 7·(256 + 16) + 16 + 1 = 1953 parameters.
                axes: (1951, 1952),
                overshoot: 1951,
                ..seed(Start::Params(&[]), 0.0, (0, 0), 0)
            },
            Preset::SaturatedRight => Setting {
                sample: 0,
                ..Preset::W3Is500.setting()
            },
            Preset::SaturatedWrong => Setting {
                sample: 3,
                ..Preset::W3Is500.setting()
            },
            Preset::DeepExplode => Setting {
                widths: &[1; 7],
                start: Start::Params(&[
                    2.0, 5.0, 2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 2.0, 0.0, 2.0, -160.0,
                ]),
                learning_rate: 0.1,
                axes: (1, 11),
                overshoot: 1,
                ..seed(Start::Params(&[]), 0.0, (0, 0), 0)
            },
            Preset::DeepSigmoid => Setting {
                widths: &[1; 12],
                hidden: Activation::Sigmoid,
                start: Start::Params(&[
                    1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0,
                    1.0, 0.0, 1.0, 0.0, 1.0, 0.0,
                ]),
                learning_rate: 0.5,
                axes: (0, 20),
                overshoot: 0,
                ..seed(Start::Params(&[]), 0.0, (0, 0), 0)
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        for p in Preset::ALL {
            assert_eq!(Preset::from_id(p.id()), Some(p));
            assert_eq!(Preset::ALL.iter().filter(|q| q.id() == p.id()).count(), 1);
        }
        assert_eq!(Preset::from_id("nope"), None);
    }

    #[test]
    fn settings_fit_their_network() {
        for p in Preset::ALL {
            let s = p.setting();
            let n = gradscope_core::Network::new(s.widths, s.hidden).unwrap();
            if let Start::Params(v) = s.start {
                assert_eq!(v.len(), n.param_count(), "{p:?}");
            }
            let count = n.param_count();
            assert!(s.axes.0 < count && s.axes.1 < count && s.axes.0 != s.axes.1);
            assert!(s.overshoot < count);
        }
    }
}
