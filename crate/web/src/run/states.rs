//! The sentences a run says about its state: collapse, vanishing and convergence (divergence
//! is the core's).

use gradscope_core::Status;

use super::{Run, VANISHING_RATIO};

/// A small number in scientific notation with a typographic minus, as the page writes them.
fn short_e(v: f64) -> String {
    format!("{v:.1e}").replace('-', "−")
}

/// Steps over which a converged run's loss has stopped moving.
pub const CONVERGENCE_WINDOW: u64 = 100;
/// Relative change of the loss over [`CONVERGENCE_WINDOW`] steps at or below which a run counts
/// as converged.
pub const CONVERGENCE_TOLERANCE: f64 = 1e-9;

impl Run {
    /// A sentence for the learner when the network has collapsed (a layer off for every
    /// sample), naming the step, the layer and what the network now predicts.
    pub fn collapse_message(&self) -> Option<String> {
        let c = self.collapse?;
        if self.trainer.status() != Status::Healthy {
            // Once the run has overflowed, the divergence banner says what happened.
            return None;
        }
        let data = self.trainer.data();
        let entropy = data.label_entropy();
        // The layers above the dead one still learn their constant: ŷ now, not at the collapse.
        let yhat = gradscope_core::float::sigmoid(self.trainer.network().logit(data.xs()[0]));
        let when = if c.step == 0 {
            "The run starts collapsed".to_string()
        } else {
            format!("Collapsed at step {}", c.step)
        };
        Some(format!(
            "{when}: every unit of hidden layer {} is off for all {} samples, so the network \
             gives every input the same ŷ = {:.3} and no gradient reaches the layers below it. \
             However long it trains, the loss cannot go below the entropy of the labels, {:.3}. A huge step \
             usually does this to a ReLU network long before anything overflows. Press Reset \
             and lower α, or pick another seed.",
            c.layer,
            data.len(),
            yhat,
            entropy
        ))
    }

    /// A sentence when the backward signal reaching layer 1 is below [`VANISHING_RATIO`] of
    /// the output layer's, and the run has not collapsed. The signal is measured by the bias
    /// gradients ‖∂L/∂b₁‖ / ‖∂L/∂b_L‖ (∂L/∂b_l is the batch mean of ∂L/∂z_l): on a
    /// one-unit-per-layer ReLU network with every unit on, that ratio is exactly ∏_{k≥2}|w_k|
    /// however well the output bias fits, where the weight gradients also carry each layer's
    /// input and can level out.
    pub fn vanishing_message(&self) -> Option<String> {
        if self.collapse.is_some() {
            return None;
        }
        let net = self.trainer.network();
        let norms = net.layer_norms(self.trainer.grad()).ok()?;
        let first = norms.first()?.1;
        let last = norms.last()?.1;
        // Written so that a NaN norm counts as "not vanishing".
        let vanished = last > 0.0 && first < VANISHING_RATIO * last;
        if net.depth() < 2 || !vanished {
            return None;
        }
        Some(format!(
            "Vanishing gradient: the signal reaching layer 1, ‖∂L/∂b1‖, is {} times the \
             output layer's, so the first layers barely learn. Going down, each layer \
             multiplies it by act′(z)·w: small weights, or σ′ ≤ 1/4 and tanh′ ≤ 1, shrink it \
             layer after layer.",
            short_e(first / last)
        ))
    }

    /// A sentence when the loss has stopped moving: over the last [`CONVERGENCE_WINDOW`]
    /// steps it changed by at most [`CONVERGENCE_TOLERANCE`] of itself, on a healthy run that
    /// has not collapsed (a collapsed run's loss stops moving too, for another reason).
    pub fn convergence_message(&self) -> Option<String> {
        if self.trainer.status() != Status::Healthy || self.collapse.is_some() {
            return None;
        }
        let h = self.trainer.history();
        let last = h.last()?;
        let earlier = h
            .recent()
            .rev()
            .find(|r| r.step + CONVERGENCE_WINDOW <= last.step)?;
        let change = (earlier.loss - last.loss).abs();
        // A NaN change (never on a healthy run) counts as still moving.
        let settled = change <= CONVERGENCE_TOLERANCE * last.loss.abs();
        if !settled {
            return None;
        }
        Some(format!(
            "Converged by step {}: over the last {} steps the loss moved by less than one part \
             in 10⁹ (L = {:.6}, ‖∇L‖ = {}). Further steps change nothing you can see; a lower \
             loss needs another start, shape or data.",
            last.step,
            last.step - earlier.step,
            last.loss,
            short_e(self.trainer.grad_norm())
        ))
    }
}
