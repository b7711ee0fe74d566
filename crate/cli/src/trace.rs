//! Running a configuration step by step and handing each state to a [`Sink`] (one per output
//! format, in [`crate::format`]).

use std::io;

use gradscope_core::{Status, Trainer};

use crate::chain::{self, StepChains};
use crate::config::Run;
use crate::decimal::Digits;

/// The state at one step t: θ_t and everything computed from it.
pub struct StepRecord {
    /// t.
    pub step: u64,
    /// L(θ_t), the mean binary cross-entropy, nats.
    pub loss: f64,
    /// θ_t, flat order (W1 row-major, b1, W2, b2, …).
    pub params: Vec<f64>,
    /// ∂L/∂θ at θ_t by backpropagation, flat order.
    pub grads: Vec<f64>,
    /// ‖∂L/∂θ‖₂.
    pub grad_norm: f64,
    /// (‖∂L/∂W_l‖₂, ‖∂L/∂b_l‖₂) per layer l = 1 … L.
    pub layer_grad_norms: Vec<(f64, f64)>,
    /// The clip factor c_t (1 unless clipping scales the step down).
    pub clip_scale: f64,
    /// −α·c_t·∂L/∂θ, for every step but the last.
    pub update: Option<Vec<f64>>,
    /// The chain rule of every parameter for the written samples, when asked for and the
    /// network has one unit per layer.
    pub chains: Option<StepChains>,
}

/// What a human format wants besides the numbers: which samples' chains, to how many digits.
#[derive(Debug, Clone)]
pub struct ChainRequest {
    /// 0-based sample indices, each below the sample count.
    pub samples: Vec<usize>,
    /// Significant digits of every printed number.
    pub digits: Digits,
}

/// What a trace is about, for the header of a format.
#[derive(Debug, Clone)]
pub struct TraceInfo {
    /// Parameter names in flat order (`w1`, `b1`, … or `W1[j][k]`, `b1[j]`, …).
    pub param_names: Vec<String>,
    /// The number of samples n.
    pub samples: usize,
    /// The learning rate α.
    pub learning_rate: f64,
    /// The clip threshold C, if clipping is on.
    pub clip: Option<f64>,
    /// Whether the network has one unit per layer (chains are written only then).
    pub width_one: bool,
}

/// The record of the trainer's current state; `last` leaves out the update.
fn record(t: &Trainer, last: bool, request: Option<&ChainRequest>) -> StepRecord {
    let net = t.network();
    StepRecord {
        step: t.step_count(),
        loss: t.loss(),
        params: net.params().to_vec(),
        grads: t.grad().to_vec(),
        grad_norm: t.grad_norm(),
        layer_grad_norms: net.layer_norms(t.grad()).unwrap_or_default(),
        clip_scale: t.clip_scale(),
        update: (!last).then(|| t.next_update().collect()),
        chains: request
            .and_then(|r| chain::for_step(net, t.data(), t.grad(), &r.samples, r.digits)),
    }
}

/// Where records go as they are computed.
pub trait Sink {
    /// Called once, before the first record.
    fn begin(&mut self, info: &TraceInfo) -> io::Result<()>;
    /// Called for t = 0 … (steps, or the divergence step).
    fn record(&mut self, record: &StepRecord) -> io::Result<()>;
    /// Called once at the end with the divergence sentence, if training diverged.
    fn end(&mut self, diverged: Option<&str>) -> io::Result<()>;
}

/// Runs the configured steps (stopping at a divergence), handing every state to `sink` as it
/// is computed, so memory stays that of one record however long the run. `chains` asks for the
/// chain rule of the given samples at every step.
pub fn run(run: Run, chains: Option<&ChainRequest>, sink: &mut dyn Sink) -> io::Result<()> {
    let Run { mut trainer, steps } = run;
    let net = trainer.network();
    let info = TraceInfo {
        param_names: (0..net.param_count()).map(|i| net.param_name(i)).collect(),
        samples: trainer.data().len(),
        learning_rate: trainer.learning_rate(),
        clip: trainer.clip(),
        width_one: net.is_width_one(),
    };
    sink.begin(&info)?;
    for t in 0..=steps {
        let diverged = matches!(trainer.status(), Status::Diverged(_));
        sink.record(&record(&trainer, t == steps || diverged, chains))?;
        if t == steps || diverged || trainer.step(1) == 0 {
            break;
        }
    }
    let diverged = match trainer.status() {
        Status::Diverged(d) => Some(d.describe(trainer.network())),
        Status::Healthy => None,
    };
    sink.end(diverged.as_deref())
}
