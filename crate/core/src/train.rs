//! Full-batch gradient descent with optional clipping and divergence detection.
//!
//! One step: `θ_(t+1) = θ_t − α·c_t·g_t`, where `g_t = ∂L/∂θ(θ_t)` over the whole data set and
//! `c_t = C/‖g_t‖₂` if `‖g_t‖₂ > C` else 1 (clipping by global norm, Pascanu, Mikolov & Bengio
//! 2013, "On the difficulty of training recurrent neural networks", Algorithm 1; no epsilon).

use alloc::string::ToString;
use alloc::vec::Vec;

use crate::{
    float, Dataset, Divergence, DivergenceCause, Error, History, Network, Result, Status, Tape,
};

/// Smallest and largest learning rate accepted.
pub const LEARNING_RATE_RANGE: (f64, f64) = (1e-8, 1e3);

/// A network, its data, the descent settings and the history of the run.
#[derive(Debug, Clone)]
pub struct Trainer {
    net: Network,
    data: Dataset,
    learning_rate: f64,
    clip: Option<f64>,
    step: u64,
    status: Status,
    history: History,
    tape: Tape,
    /// ∂L/∂θ at the current θ (flat order).
    grad: Vec<f64>,
    /// ‖∂L/∂θ‖₂ at the current θ.
    grad_norm: f64,
    /// L(θ) at the current θ.
    loss: f64,
}

impl Trainer {
    /// A trainer at step 0. Errors: [`Trainer::set_learning_rate`]'s.
    pub fn new(net: Network, data: Dataset, learning_rate: f64) -> Result<Self> {
        check_learning_rate(learning_rate)?;
        let history = History::new(net.param_count());
        let mut t = Trainer {
            net,
            data,
            learning_rate,
            clip: None,
            step: 0,
            status: Status::Healthy,
            history,
            tape: Tape::default(),
            grad: Vec::new(),
            grad_norm: 0.0,
            loss: 0.0,
        };
        t.restart();
        Ok(t)
    }

    /// The network at the current step.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The data set.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// α.
    pub fn learning_rate(&self) -> f64 {
        self.learning_rate
    }

    /// The clipping threshold C, if clipping is on.
    pub fn clip(&self) -> Option<f64> {
        self.clip
    }

    /// Number of updates applied since the last restart.
    pub fn step_count(&self) -> u64 {
        self.step
    }

    /// Healthy or diverged.
    pub fn status(&self) -> Status {
        self.status
    }

    /// L(θ) at the current parameters, nats.
    pub fn loss(&self) -> f64 {
        self.loss
    }

    /// ∂L/∂θ at the current parameters, flat order.
    pub fn grad(&self) -> &[f64] {
        &self.grad
    }

    /// ‖∂L/∂θ‖₂ at the current parameters.
    pub fn grad_norm(&self) -> f64 {
        self.grad_norm
    }

    /// The clip factor c ∈ (0, 1] the next update will use.
    pub fn clip_scale(&self) -> f64 {
        clip_scale(self.grad_norm, self.clip)
    }

    /// The update the next step will add: `−α·c·∂L/∂θ`, flat order.
    pub fn next_update(&self) -> impl Iterator<Item = f64> + '_ {
        let k = -self.learning_rate * self.clip_scale();
        self.grad.iter().map(move |g| k * g)
    }

    /// The history of this run.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Sets α. Errors: [`Error::NonFinite`], or [`Error::OutOfRange`] outside
    /// [`LEARNING_RATE_RANGE`]; α is then unchanged.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<()> {
        check_learning_rate(learning_rate)?;
        self.learning_rate = learning_rate;
        Ok(())
    }

    /// Turns clipping by global norm on with threshold `c` or off (`None`). Errors: those of
    /// [`Trainer::check_clip_threshold`]; clipping is then unchanged.
    pub fn set_clip(&mut self, clip: Option<f64>) -> Result<()> {
        if let Some(c) = clip {
            Trainer::check_clip_threshold(c)?;
        }
        self.clip = clip;
        Ok(())
    }

    /// Checks a clipping threshold C without using it: [`Error::NonFinite`] unless finite,
    /// [`Error::OutOfRange`] unless C > 0.
    pub fn check_clip_threshold(c: f64) -> Result<()> {
        if !c.is_finite() {
            return Err(Error::NonFinite {
                what: "the clipping threshold".to_string(),
                value: c,
            });
        }
        if c <= 0.0 {
            return Err(Error::OutOfRange {
                what: "the clipping threshold must be above 0".to_string(),
                value: c,
            });
        }
        Ok(())
    }

    /// Replaces the parameters and restarts the run from them (step 0, empty history).
    /// Errors: [`Network::set_params`]'s; nothing changes then.
    pub fn restart_from(&mut self, params: &[f64]) -> Result<()> {
        self.net.set_params(params)?;
        self.restart();
        Ok(())
    }

    fn restart(&mut self) {
        self.step = 0;
        self.status = Status::Healthy;
        self.history.clear();
        self.evaluate();
    }

    /// Recomputes loss and gradient at the current θ, records them, and checks them.
    fn evaluate(&mut self) {
        self.loss = self
            .net
            .loss_and_gradient(&self.data, &mut self.tape, &mut self.grad);
        self.grad_norm = float::norm(&self.grad);
        self.history
            .push_state(self.step, self.loss, self.grad_norm, self.net.params());
        let cause = if let Some(i) = self.net.params().iter().position(|p| !p.is_finite()) {
            Some(DivergenceCause::Parameter {
                index: i,
                value: self.net.params()[i],
            })
        } else if !self.loss.is_finite() {
            Some(DivergenceCause::Loss { value: self.loss })
        } else if self.grad_norm.is_finite() {
            // ‖g‖ is NaN or ∞ whenever a component is (`float::norm`): nothing to look for.
            None
        } else if let Some(i) = self.grad.iter().position(|g| !g.is_finite()) {
            Some(DivergenceCause::Gradient {
                index: i,
                value: self.grad[i],
            })
        } else {
            Some(DivergenceCause::GradientNorm)
        };
        if let Some(cause) = cause {
            self.status = Status::Diverged(Divergence {
                step: self.step,
                cause,
            });
        }
    }

    /// Runs up to `n` gradient-descent steps; stops early at the first divergence. Returns the
    /// number of updates applied.
    pub fn step(&mut self, n: u32) -> u32 {
        let mut done = 0;
        while done < n && self.status == Status::Healthy {
            let k = -self.learning_rate * self.clip_scale();
            // A healthy status means a finite gradient of the network's length and a finite
            // ‖g‖, hence a finite k: `descend` has nothing to refuse.
            if self.net.descend(k, &self.grad).is_err() {
                break;
            }
            self.step += 1;
            done += 1;
            self.evaluate();
        }
        done
    }
}

fn check_learning_rate(lr: f64) -> Result<()> {
    if !lr.is_finite() {
        return Err(Error::NonFinite {
            what: "the learning rate".to_string(),
            value: lr,
        });
    }
    let (lo, hi) = LEARNING_RATE_RANGE;
    if !(lo..=hi).contains(&lr) {
        return Err(Error::OutOfRange {
            what: alloc::format!("the learning rate must be between {lo:e} and {hi:e}"),
            value: lr,
        });
    }
    Ok(())
}

/// c = C/‖g‖ if ‖g‖ > C, else 1.
fn clip_scale(grad_norm: f64, clip: Option<f64>) -> f64 {
    match clip {
        Some(c) if grad_norm > c => c / grad_norm,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_data() -> Dataset {
        Dataset::new(
            alloc::vec![0.5, 1.0, 1.5, 2.0],
            alloc::vec![0.0, 0.0, 1.0, 1.0],
        )
        .unwrap()
    }

    #[test]
    fn huge_learning_rate_diverges_with_a_step_and_stops() {
        let net = Network::seed([0.5, 0.1, 0.4, 0.1, 1e300, -1e300]).unwrap();
        let mut t = Trainer::new(net, tiny_data(), 1e3).unwrap();
        let done = t.step(100);
        match t.status() {
            Status::Diverged(d) => {
                assert_eq!(d.step, u64::from(done));
                let text = d.describe(t.network());
                assert!(text.starts_with(&alloc::format!("Training diverged at step {done}: ")));
            }
            Status::Healthy => panic!("expected divergence"),
        }
        assert!(done < 100);
        assert_eq!(t.step(10), 0, "no steps after divergence");
        t.restart_from(&[0.5, 0.1, 0.4, 0.1, 1.0, -0.3]).unwrap();
        assert_eq!(t.status(), Status::Healthy);
        assert_eq!(t.step_count(), 0);
    }

    #[test]
    fn bad_settings_are_rejected_and_change_nothing() {
        let net = Network::seed([0.5, 0.1, 0.4, 0.1, 1.0, -0.3]).unwrap();
        let mut t = Trainer::new(net, tiny_data(), 0.1).unwrap();
        for lr in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e9, 1e-300] {
            assert!(t.set_learning_rate(lr).is_err(), "lr {lr}");
        }
        assert_eq!(t.learning_rate(), 0.1);
        for c in [0.0, -1.0, f64::NAN] {
            assert!(t.set_clip(Some(c)).is_err());
        }
        assert_eq!(t.clip(), None);
        assert!(t.restart_from(&[f64::NAN; 6]).is_err());
        assert_eq!(t.network().params(), &[0.5, 0.1, 0.4, 0.1, 1.0, -0.3]);
    }
}
