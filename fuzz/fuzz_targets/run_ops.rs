//! The explorer's `Run` natively, from a preset through a sequence of operations decoded from
//! the bytes (steps, parameter edits, α, clipping, shapes within and just past the page's
//! limits, any initialization, data sets, the learner's CSV, presets, reset), checking after
//! each the invariants of `crate/web/tests/support/run_ops.rs` (shared with the property tests).
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use gradscope_core::{Activation, Builtin, SchemeKind};
use gradscope_fuzz::{count, csv, float};
use gradscope_web::catalog::{PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_WIDTH};
use gradscope_web::presets::Preset;
use libfuzzer_sys::fuzz_target;

#[path = "../../crate/web/tests/support/run_ops.rs"]
mod run_ops;

use run_ops::{check_sequence, Op};

/// Most operations one input runs.
const MAX_OPS: usize = 12;
/// Most steps one input trains in all, and per `step` call once a shape past a few hundred
/// units is among the ops (a step of 50 × 32 units on 569 samples takes tens of
/// milliseconds): inputs stay fast, so the fuzzer spends its time on many of them.
const MAX_STEPS: u32 = 400;
const MAX_STEPS_LARGE: u32 = 2;

/// Caps the training work of `ops` as [`MAX_STEPS`] and [`MAX_STEPS_LARGE`] say.
fn bound_work(ops: &mut [Op]) {
    let large = ops
        .iter()
        .any(|op| matches!(*op, Op::SetShape(l, w, _) if l.saturating_mul(w) > 256));
    let mut left = MAX_STEPS;
    for op in ops.iter_mut() {
        if let Op::Step(n) = op {
            *n = (*n).min(left).min(if large { MAX_STEPS_LARGE } else { u32::MAX });
            left -= *n;
        }
    }
}

impl<'a> Arbitrary<'a> for Op {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(match u.int_in_range(0u8..=11)? {
            0 => Op::Step(if u.ratio(1, 16)? { u.int_in_range(0..=400)? } else { u.int_in_range(0..=12)? }),
            1 => Op::SetParam(count(u, 0..=40, &[5, 6, 1952, 1953])?, float(u)?),
            2 => Op::SetLearningRate(float(u)?),
            3 => Op::SetClipThreshold(float(u)?),
            4 => Op::SetClipping(u.arbitrary()?),
            5 => Op::SetShape(
                count(u, 1..=4, &[0, PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_HIDDEN_LAYERS + 1])?,
                count(u, 1..=4, &[0, PAGE_MAX_WIDTH, PAGE_MAX_WIDTH + 1])?,
                *u.choose(&Activation::ALL)?,
            ),
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
    bound_work(&mut ops);
    if let Err(broken) = check_sequence(preset, &ops) {
        panic!("{broken}\nops: {ops:?}");
    }
});
