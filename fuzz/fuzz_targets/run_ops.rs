//! The explorer's `Run` natively, from a preset through a sequence of operations decoded from
//! the bytes (steps, parameter edits, α, clipping, shapes within and just past the page's
//! limits, any initialization, data sets, the learner's CSV, presets, reset), checking after
//! each the invariants of `crate/web/tests/support/run_ops.rs` (shared with the property tests).
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use gradscope_core::{Activation, Builtin, SchemeKind, MAX_WIDTH};
use gradscope_fuzz::{count, csv, float};
use gradscope_web::catalog::{PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_WIDTH};
use gradscope_web::presets::Preset;
use libfuzzer_sys::fuzz_target;

#[path = "../../crate/web/tests/support/run_ops.rs"]
mod run_ops;

use gradscope_web::run::Run;
use run_ops::{Checker, Op};

/// Most operations one input runs.
const MAX_OPS: usize = 12;
/// Multiply-adds (steps × parameters × samples) one input may spend training: a few ms
/// natively, so the fuzzer spends its time on many inputs rather than on long runs of a large
/// network; a `step` past the budget is cut short before it is checked.
const STEP_BUDGET: f64 = 3e6;

impl<'a> Arbitrary<'a> for Op {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=11)? {
            0 => Op::Step(if u.ratio(1, 16)? {
                u.int_in_range(0..=400)?
            } else {
                u.int_in_range(0..=12)?
            }),
            1 => Op::SetParam(count(u, 0..=40, &[5, 6, 1952, 1953])?, float(u)?),
            2 => Op::SetLearningRate(float(u)?),
            3 => Op::SetClipThreshold(float(u)?),
            4 => Op::SetClipping(u.arbitrary()?),
            5 => {
                let layers = count(
                    u,
                    1..=4,
                    &[0, PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_HIDDEN_LAYERS + 1],
                )?;
                // The deepest networks come narrow (or too wide for the core): 50 × 32 units
                // cost a second an input (`run_properties.rs` takes that corner once).
                let width = if layers > 8 {
                    count(u, 1..=2, &[0, MAX_WIDTH + 1])?
                } else {
                    count(u, 1..=4, &[0, PAGE_MAX_WIDTH, PAGE_MAX_WIDTH + 1])?
                };
                Op::SetShape(layers, width, *u.choose(&Activation::ALL)?)
            }
            6 => Op::SetInit(*u.choose(&SchemeKind::ALL)?, float(u)?, u.arbitrary()?),
            7 => Op::SetDataset(*u.choose(&Builtin::ALL)?),
            8 => Op::SetOwnData(csv(u)?),
            9 => Op::UseOwnData,
            10 => Op::ApplyPreset(*u.choose(&Preset::ALL)?),
            _ => Op::Reset,
        })
    }
}

fuzz_target!(|bytes: &[u8]| {
    let mut u = Unstructured::new(bytes);
    let Ok(preset) = u.choose(&Preset::ALL).copied() else {
        return;
    };
    let mut ops = Vec::new();
    while ops.len() < MAX_OPS && !u.is_empty() {
        match Op::arbitrary(&mut u) {
            Ok(op) => ops.push(op),
            Err(_) => break,
        }
    }
    let Ok(mut run) = Run::new(preset) else {
        panic!("{preset:?} does not load");
    };
    let mut checker = Checker::new(&run).unwrap_or_else(|e| panic!("{preset:?}: {e}"));
    let mut budget = STEP_BUDGET;
    for (i, op) in ops.iter().enumerate() {
        let op = match *op {
            Op::Step(n) => {
                let t = run.trainer();
                let cost = (t.network().param_count() * t.data().len()) as f64;
                let n = n.min((budget / cost) as u32);
                budget -= f64::from(n) * cost;
                Op::Step(n)
            }
            ref other => other.clone(),
        };
        if let Err(broken) = checker.apply(&mut run, &op) {
            panic!("op {i}: {broken}\n{preset:?}, ops: {ops:?}");
        }
    }
});
