//! Operations on a [`Run`] as the page performs them, and the invariants every one must keep.
//!
//! Shared by the property tests (`crate/web/tests/run_properties.rs`, proptest strategies) and
//! the fuzz target `fuzz/fuzz_targets/run_ops.rs` (ops decoded from libFuzzer's bytes), so
//! both check the same promises:
//!
//! * nothing panics;
//! * a refused call changes nothing (parameters, θ₀, step count, α, clipping, shape, data,
//!   loss, gradient, status, preset, scheme and seed, compared bit for bit);
//! * the step count grows only by the steps `step` reports, and only a divergence stops a
//!   run short; settings calls keep it, everything else restarts at 0;
//! * `reset` returns to the exact bits of the run's start (θ, loss, ∂L/∂θ, status);
//! * a non-finite parameter, loss or gradient is always reported as a divergence, never kept
//!   silently in a healthy run.
#![allow(dead_code)] // each user takes its own subset

use gradscope_core::{Activation, Builtin, Dataset, Error, SchemeKind, Status};
use gradscope_web::catalog::MAX_OWN_ROWS;
use gradscope_web::presets::Preset;
use gradscope_web::run::Run;

/// One call on a run, with its arguments as the page would pass them.
#[derive(Debug, Clone)]
pub enum Op {
    /// `step(n)`.
    Step(u32),
    /// `set_param(index, value)`.
    SetParam(usize, f64),
    /// `set_learning_rate(α)`.
    SetLearningRate(f64),
    /// `set_clip_threshold(C)`.
    SetClipThreshold(f64),
    /// `set_clipping(on)`.
    SetClipping(bool),
    /// `set_shape(hidden layers, width, activation)`.
    SetShape(usize, usize, Activation),
    /// `set_init(kind.with_scale(scale), seed)`.
    SetInit(SchemeKind, f64, u32),
    /// `set_dataset(builtin)`.
    SetDataset(Builtin),
    /// The learner's CSV text through the core's parser, then `set_own_data`.
    SetOwnData(Vec<u8>),
    /// `use_own_data()`.
    UseOwnData,
    /// `apply_preset(preset)`.
    ApplyPreset(Preset),
    /// `reset()`.
    Reset,
}

/// Calls `op` on `run`; `Ok` holds the number of steps taken (0 for everything but `Step`).
pub fn apply(run: &mut Run, op: &Op) -> Result<u32, Error> {
    match *op {
        Op::Step(n) => return Ok(run.step(n)),
        Op::SetParam(i, v) => run.set_param(i, v)?,
        Op::SetLearningRate(lr) => run.set_learning_rate(lr)?,
        Op::SetClipThreshold(c) => run.set_clip_threshold(c)?,
        Op::SetClipping(on) => run.set_clipping(on)?,
        Op::SetShape(layers, width, act) => run.set_shape(layers, width, act)?,
        Op::SetInit(kind, scale, seed) => run.set_init(kind.with_scale(scale), seed)?,
        Op::SetDataset(d) => run.set_dataset(d)?,
        Op::SetOwnData(ref csv) => run.set_own_data(Dataset::from_csv(csv, MAX_OWN_ROWS)?)?,
        Op::UseOwnData => run.use_own_data()?,
        Op::ApplyPreset(p) => run.apply_preset(p)?,
        Op::Reset => {
            // Whether Reset went past a start that diverges at step 0 is what the checker
            // looks at: the state itself.
            run.reset();
        }
    }
    Ok(0)
}

/// Everything about a run a refused call must leave alone, floats as bits.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub params: Vec<u64>,
    pub start: Vec<u64>,
    pub widths: Vec<usize>,
    pub activation: Activation,
    pub step: u64,
    pub learning_rate: u64,
    pub clip: Option<u64>,
    pub clip_threshold: u64,
    pub loss: u64,
    pub grad: Vec<u64>,
    pub grad_norm: u64,
    pub status: String,
    pub samples: (Vec<u64>, Vec<u64>),
    pub dataset: Builtin,
    pub using_own: bool,
    pub own_len: Option<usize>,
    pub preset: Option<Preset>,
    pub scheme: (SchemeKind, u64),
    pub seed: u32,
    pub changed_mid_run: Option<u64>,
    pub collapse: Option<(u64, usize, u64)>,
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

impl Snapshot {
    /// The run's state now.
    pub fn of(run: &Run) -> Snapshot {
        let t = run.trainer();
        let net = t.network();
        Snapshot {
            params: bits(net.params()),
            start: bits(run.start()),
            widths: net.widths().to_vec(),
            activation: net.hidden_activation(),
            step: t.step_count(),
            learning_rate: t.learning_rate().to_bits(),
            clip: t.clip().map(f64::to_bits),
            clip_threshold: run.clip_threshold().to_bits(),
            loss: t.loss().to_bits(),
            grad: bits(t.grad()),
            grad_norm: t.grad_norm().to_bits(),
            status: format!("{:?}", t.status()),
            samples: (bits(t.data().xs()), bits(t.data().ys())),
            dataset: run.dataset(),
            using_own: run.using_own_data(),
            own_len: run.own_data().map(Dataset::len),
            preset: run.preset(),
            scheme: (run.scheme().kind(), run.scheme().scale().to_bits()),
            seed: run.seed(),
            changed_mid_run: run.changed_mid_run(),
            collapse: run.collapse().map(|c| (c.step, c.layer, c.yhat.to_bits())),
        }
    }

    /// What a run at step 0 must return to: θ, θ₀, loss, gradient and status.
    fn at_start(&self) -> (&[u64], &[u64], u64, &[u64], &str) {
        (
            &self.params,
            &self.start,
            self.loss,
            &self.grad,
            &self.status,
        )
    }
}

/// Applies ops one by one to a run and checks the invariants after each.
pub struct Checker {
    /// The run's state right after its last restart (what `reset` must return to).
    start: Snapshot,
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

impl Checker {
    /// A checker for `run` as it is now (taken to be at the start of its run).
    pub fn new(run: &Run) -> Result<Checker, String> {
        check_state(run)?;
        let start = Snapshot::of(run);
        ensure!(start.step == 0, "a new run is at step {}", start.step);
        Ok(Checker { start })
    }

    /// Applies `op` and checks every invariant; the error says which one broke.
    pub fn apply(&mut self, run: &mut Run, op: &Op) -> Result<(), String> {
        let before = Snapshot::of(run);
        let result = apply(run, op);
        let after = Snapshot::of(run);
        check_state(run).map_err(|e| format!("after {op:?}: {e}"))?;
        let done = match result {
            Err(e) => {
                ensure!(
                    before == after,
                    "{op:?} was refused ({e}) yet changed the run:\n{before:?}\n{after:?}"
                );
                return Ok(());
            }
            Ok(done) => done,
        };
        let same_run = |a: &Snapshot, b: &Snapshot| {
            a.start == b.start && a.widths == b.widths && a.samples == b.samples
        };
        match *op {
            Op::Step(n) => {
                ensure!(done <= n, "step({n}) reported {done} steps");
                ensure!(
                    after.step == before.step + u64::from(done),
                    "step({n}) reported {done} steps but the count went {} → {}",
                    before.step,
                    after.step
                );
                let diverged = run.trainer().status() != Status::Healthy;
                ensure!(
                    done == n || diverged,
                    "step({n}) stopped at {done} while healthy"
                );
                ensure!(
                    same_run(&before, &after)
                        && (before.learning_rate, before.clip) == (after.learning_rate, after.clip),
                    "step({n}) changed the run's settings"
                );
            }
            Op::SetLearningRate(_) | Op::SetClipThreshold(_) | Op::SetClipping(_) => {
                ensure!(
                    same_run(&before, &after)
                        && (before.step, &before.params, before.loss)
                            == (after.step, &after.params, after.loss),
                    "{op:?} moved the run (it only changes a setting)"
                );
            }
            Op::Reset => {
                ensure!(after.step == 0, "reset left step {}", after.step);
                // A start that diverged before its first step is left for the last start
                // that did not (Run::reset), which must then be healthy at step 0.
                let trapped = self.start.status.starts_with("Diverged");
                if trapped && after.at_start() != self.start.at_start() {
                    ensure!(
                        after.status == "Healthy" && after.params == after.start,
                        "reset left a start that diverges at once for an unhealthy one: {after:?}"
                    );
                    self.start = after;
                } else {
                    ensure!(
                        after.at_start() == self.start.at_start(),
                        "reset did not return to the start's bits:\n{:?}\n{after:?}",
                        self.start
                    );
                }
            }
            _ => {
                ensure!(after.step == 0, "{op:?} restarted at step {}", after.step);
                ensure!(after.params == after.start, "{op:?} did not start at θ₀");
                self.start = after;
            }
        }
        Ok(())
    }
}

/// The state a run may be in: healthy means every number is finite, and anything non-finite
/// is a reported divergence. Also exercises every sentence the page shows.
pub fn check_state(run: &Run) -> Result<(), String> {
    let t = run.trainer();
    let net = t.network();
    ensure!(
        net.params().len() == t.grad().len() && run.start().len() == net.params().len(),
        "θ, θ₀ and ∂L/∂θ differ in length"
    );
    ensure!(
        run.start().iter().all(|p| p.is_finite()),
        "θ₀ holds a non-finite value"
    );
    let finite = net.params().iter().all(|p| p.is_finite())
        && t.loss().is_finite()
        && t.grad().iter().all(|g| g.is_finite())
        && t.grad_norm().is_finite();
    match t.status() {
        Status::Healthy => {
            ensure!(
                finite,
                "a healthy run holds a non-finite number (loss {})",
                t.loss()
            );
            ensure!(
                run.divergence().is_none(),
                "a healthy run reports a divergence"
            );
        }
        Status::Diverged(d) => {
            ensure!(
                d.step == t.step_count(),
                "diverged at {} but at step {}",
                d.step,
                t.step_count()
            );
            ensure!(
                run.divergence().is_some(),
                "a divergence without its sentence"
            );
        }
    }
    let _ = (run.collapse_message(), run.vanishing_message());
    ensure!(
        run.recent_params(usize::MAX)
            .all(|p| p.len() == net.param_count()),
        "a recorded θ of the wrong length"
    );
    Ok(())
}

/// Runs `ops` from a fresh run of `preset`, checking after each; the error names the op.
pub fn check_sequence(preset: Preset, ops: &[Op]) -> Result<(), String> {
    let mut run = Run::new(preset).map_err(|e| format!("{preset:?} does not load: {e}"))?;
    let mut checker = Checker::new(&run)?;
    for (i, op) in ops.iter().enumerate() {
        checker
            .apply(&mut run, op)
            .map_err(|e| format!("op {i}: {e}"))?;
    }
    Ok(())
}
