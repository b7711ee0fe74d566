//! Property tests of the explorer's [`Run`]: any sequence of the page's calls, with hostile
//! numbers, shapes within and past the page's limits, any initialization, CSV text and
//! presets, keeps the invariants of `support/run_ops.rs` (the fuzz target `run_ops` checks the
//! same ones on libFuzzer's inputs).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../../core/tests/common/mod.rs"]
mod common;
#[path = "support/run_ops.rs"]
mod run_ops;

use common::{any_f64, config};
use gradscope_core::{Activation, Builtin, SchemeKind};
use gradscope_web::catalog::{PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_WIDTH};
use gradscope_web::presets::Preset;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use run_ops::{check_sequence, Op};

/// A count: mostly small, sometimes a limit or one past it, rarely anything.
fn count(edges: [usize; 3]) -> BoxedStrategy<usize> {
    prop_oneof![16 => 1..=4usize, 2 => select(edges.to_vec()), 1 => any::<usize>()].boxed()
}

/// CSV text: well-formed rows with a hostile number or label now and then, or any bytes.
fn csv() -> BoxedStrategy<Vec<u8>> {
    let x = prop_oneof![4 => -3.0..3.0f64, 1 => any_f64()];
    let y = select(vec!["0", "1", "1", "0", "0.5", "-0", "2", ""]);
    let rows = vec((x, y), 0..12).prop_map(|rows| {
        let lines: Vec<String> = rows.iter().map(|(x, y)| format!("{x:e},{y}")).collect();
        format!("x,y\r\n{}", lines.join("\r\n")).into_bytes()
    });
    prop_oneof![4 => rows, 1 => vec(any::<u8>(), 0..64)].boxed()
}

fn op() -> impl Strategy<Value = Op> {
    let steps = prop_oneof![9 => 0..=12u32, 1 => 0..=300u32];
    let index =
        prop_oneof![8 => 0..=8usize, 1 => select(vec![31, 32, 1952, 1953]), 1 => any::<usize>()];
    let kinds = select(SchemeKind::ALL.to_vec());
    let scale = prop_oneof![any_f64(), select(vec![1e6, 1e6 + 1e-10, -1e6, 30.0, 1.0])];
    prop_oneof![
        4 => steps.prop_map(Op::Step),
        2 => (index, any_f64()).prop_map(|(i, v)| Op::SetParam(i, v)),
        1 => any_f64().prop_map(Op::SetLearningRate),
        1 => any_f64().prop_map(Op::SetClipThreshold),
        1 => any::<bool>().prop_map(Op::SetClipping),
        1 => (
            count([0, PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_HIDDEN_LAYERS + 1]),
            count([0, PAGE_MAX_WIDTH, PAGE_MAX_WIDTH + 1]),
            select(Activation::ALL.to_vec()),
        )
            .prop_map(|(layers, width, act)| Op::SetShape(layers, width, act)),
        1 => (kinds, scale, any::<u32>()).prop_map(|(k, s, seed)| Op::SetInit(k, s, seed)),
        1 => select(Builtin::ALL.to_vec()).prop_map(Op::SetDataset),
        1 => csv().prop_map(Op::SetOwnData),
        1 => Just(Op::UseOwnData),
        1 => select(Preset::ALL.to_vec()).prop_map(Op::ApplyPreset),
        2 => Just(Op::Reset),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// No panic; a refused call changes nothing; the step count grows only by steps; reset
    /// returns to the start's bits; a non-finite number is always a reported divergence.
    #[test]
    fn any_sequence_of_calls_keeps_the_run_valid(
        preset in select(Preset::ALL.to_vec()),
        ops in vec(op(), 0..16),
    ) {
        if let Err(broken) = check_sequence(preset, &ops) {
            prop_assert!(false, "{}", broken);
        }
    }
}

/// The largest network the page offers (50 hidden layers of 32 units, about 50 000
/// parameters), which the random sequences above and the fuzz target reach only rarely: the
/// same invariants through the calls that matter most there.
#[test]
fn the_largest_page_network_keeps_the_run_valid() {
    let big = Op::SetShape(PAGE_MAX_HIDDEN_LAYERS, PAGE_MAX_WIDTH, Activation::Relu);
    let ops = [
        big.clone(),
        Op::Step(2),
        Op::SetParam(0, 1e300),
        Op::Step(1),
        Op::SetInit(SchemeKind::Uniform, 1e6, 7),
        Op::Step(2),
        Op::Reset,
        Op::SetShape(PAGE_MAX_HIDDEN_LAYERS + 1, PAGE_MAX_WIDTH, Activation::Tanh),
        Op::SetDataset(Builtin::Threshold),
        Op::SetLearningRate(1e3),
        Op::SetClipping(true),
        Op::Step(3),
        Op::Reset,
    ];
    check_sequence(Preset::Healthy, &ops).unwrap();
}
