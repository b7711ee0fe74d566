//! How training stops: the first non-finite number, where it appeared, and a sentence for people.

use alloc::string::String;

use crate::Network;

/// What became non-finite first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DivergenceCause {
    /// The mean loss L(θ_t) was not finite.
    Loss {
        /// The value (∞ or NaN).
        value: f64,
    },
    /// Component `index` of ∂L/∂θ overflowed.
    Gradient {
        /// Flat parameter index.
        index: usize,
        /// The value (±∞ or NaN).
        value: f64,
    },
    /// Every component of ∂L/∂θ is finite but ‖∂L/∂θ‖₂ exceeds f64's range, so no update
    /// (or clip factor) can be formed from it.
    GradientNorm,
    /// Parameter `index` overflowed after the update.
    Parameter {
        /// Flat parameter index.
        index: usize,
        /// The value (±∞ or NaN).
        value: f64,
    },
}

/// Where and why training stopped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Divergence {
    /// The step t at which θ_t (or its loss or gradient) was first non-finite.
    pub step: u64,
    /// What overflowed.
    pub cause: DivergenceCause,
}

impl Divergence {
    /// One sentence saying at which step and what overflowed, naming parameters as `net`
    /// does: "Training diverged at step 37: w2 became +∞ after the update."
    pub fn describe(&self, net: &Network) -> String {
        let show = |v: f64| {
            if v.is_nan() {
                "NaN"
            } else if v > 0.0 {
                "+∞"
            } else {
                "−∞"
            }
        };
        let what = match self.cause {
            DivergenceCause::Parameter { index, value } => {
                alloc::format!(
                    "{} became {} after the update",
                    net.param_name(index),
                    show(value)
                )
            }
            DivergenceCause::Gradient { index, value } => {
                alloc::format!(
                    "∂L/∂{} overflowed to {}",
                    net.param_name(index),
                    show(value)
                )
            }
            DivergenceCause::GradientNorm => {
                String::from("the gradient's norm ‖∂L/∂θ‖ overflowed past 1.8e308")
            }
            DivergenceCause::Loss { value } => alloc::format!(
                "the loss became {} (a logit, or the sum of the losses, overflowed past ±1.8e308)",
                show(value)
            ),
        };
        alloc::format!("Training diverged at step {}: {what}.", self.step)
    }
}

/// Whether training can go on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// Every number is finite: loss, parameters, gradient and its norm.
    Healthy,
    /// Training stopped; [`Trainer::step`](crate::Trainer::step) does nothing until the parameters are reset.
    Diverged(Divergence),
}
