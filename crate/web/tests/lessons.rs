//! The presets' lessons, asserted natively: each preset really shows its phenomenon (the
//! numbers come from the reference cases, a hand derivation, or the design card).
#![cfg(not(target_arch = "wasm32"))]

use gradscope_core::Activation;
use gradscope_web::presets::Preset;
use gradscope_web::run::Run;

/// Reference case 35: the healthy start reaches L = 0.2936006243383755 after 200 steps.
const CASE_35_LOSS_AT_200: f64 = 0.293_600_624_338_375_5;

#[test]
fn healthy_preset_is_reference_case_35() {
    let mut run = Run::new(Preset::Healthy).unwrap();
    run.step(200);
    assert!((run.trainer().loss() - CASE_35_LOSS_AT_200).abs() < 1e-9);
}

#[test]
fn scaled_presets_train_as_far_as_the_healthy_start() {
    for p in [Preset::Xavier, Preset::He, Preset::Lecun] {
        let mut run = Run::new(p).unwrap();
        assert!(run.trainer().loss() > 0.6, "{p:?} starts untrained");
        run.step(200);
        let l = run.trainer().loss();
        assert!(l < CASE_35_LOSS_AT_200 + 1e-3, "{p:?}: L(200) = {l}");
    }
}

#[test]
fn a_refused_edit_changes_nothing() {
    let mut run = Run::new(Preset::W3Is500).unwrap();
    run.step(3);
    assert!(run.set_param(9, 1.0).is_err());
    assert!(run.set_param(0, f64::NAN).is_err());
    assert!(run.set_clip_threshold(-1.0).is_err());
    assert!(run.set_shape(0, 1, Activation::Relu).is_err());
    assert_eq!(run.trainer().step_count(), 3);
    assert_eq!(run.preset(), Some(Preset::W3Is500));
}

/// Entropy of the labels of the breast-cancer set, by hand: 212 of 569 are malignant.
fn label_entropy_by_hand() -> f64 {
    let p = 212.0 / 569.0;
    -(p * f64::ln(p) + (1.0 - p) * f64::ln(1.0 - p))
}

/// Losses at steps 0..=n.
fn losses(run: &mut Run, n: usize) -> Vec<f64> {
    let mut out = vec![run.trainer().loss()];
    for _ in 0..n {
        run.step(1);
        out.push(run.trainer().loss());
    }
    out
}

#[test]
fn w3_500_oscillates_in_its_first_ten_steps() {
    let mut run = Run::new(Preset::W3Is500).unwrap();
    let l = losses(&mut run, 10);
    let rises = l.windows(2).filter(|w| w[1] > w[0]).count();
    let falls = l.windows(2).filter(|w| w[1] < w[0]).count();
    assert!(rises >= 2 && falls >= 2, "{l:?}");
    assert!(run.collapse().is_none() && run.divergence().is_none());
}

#[test]
fn dead_relu_collapses_at_step_one_to_the_label_entropy() {
    let mut run = Run::new(Preset::DeadRelu).unwrap();
    assert!(run.collapse().is_none(), "the start is alive");
    run.step(1);
    let c = run.collapse().expect("one update kills layer 2");
    assert_eq!((c.step, c.layer), (1, 2));
    assert!(run.collapse_message().unwrap().contains("step 1"));
    run.step(200);
    assert!((run.trainer().loss() - label_entropy_by_hand()).abs() < 1e-4);
    assert!((run.trainer().data().label_entropy() - label_entropy_by_hand()).abs() < 1e-12);
}

#[test]
fn deep_explode_follows_the_product_law_then_blows_up_the_loss() {
    let mut run = Run::new(Preset::DeepExplode).unwrap();
    let net = run.network();
    let g = run.trainer().grad();
    // Every unit is on for every sample (z1 = 2x + 5 > 0 on this data), so
    // ∂L/∂b_l = ∂L/∂b6 · ∏_{k>l} w_k = 2^(6−l) · ∂L/∂b6.
    assert!(net
        .layer_stats(run.trainer().data())
        .iter()
        .all(|s| s.active == 1.0));
    let b6 = g[11];
    for l in 1..=6 {
        let expected = b6 * f64::powi(2.0, 6 - l as i32);
        assert!(
            (g[2 * (l - 1) + 1] - expected).abs() <= 1e-12 * expected.abs(),
            "b{l}"
        );
    }
    let l = losses(&mut run, 2);
    assert!(
        l[1] > 5.0 * l[0] && l[2] > 5.0 * l[1],
        "the loss grows step after step: {l:?}"
    );
    run.step(20);
    assert!(run.divergence().is_none(), "nothing overflows");
    assert!(run.collapse().is_some(), "the ReLUs die instead");
}

#[test]
fn deep_sigmoid_vanishes_at_layer_one() {
    let run = Run::new(Preset::DeepSigmoid).unwrap();
    let norms = run.network().layer_norms(run.trainer().grad()).unwrap();
    let first = norms[0].0.hypot(norms[0].1);
    let last = norms[10].0.hypot(norms[10].1);
    assert!(first < 1e-5 * last, "{first} vs {last}");
    assert!(run.vanishing_message().is_some());
    assert!(run.collapse().is_none());
}

#[test]
fn clipping_rescues_what_its_unclipped_twin_cannot() {
    let mut clipped = Run::new(Preset::ClipRescue).unwrap();
    assert_eq!(clipped.trainer().clip(), Some(1.0));
    clipped.step(200);
    assert!(
        clipped.trainer().loss() < 1.0,
        "{}",
        clipped.trainer().loss()
    );
    assert!(clipped.collapse().is_none());
    let mut twin = Run::new(Preset::ClipRescue).unwrap();
    twin.set_clipping(false).unwrap();
    twin.step(200);
    assert!(twin.collapse().is_some());
    assert!(twin.trainer().loss() > 100.0, "{}", twin.trainer().loss());
}

#[test]
fn deep_vanish_halves_the_gradient_per_layer_and_layer_one_barely_moves() {
    let mut run = Run::new(Preset::DeepVanish).unwrap();
    let g = run.trainer().grad().to_vec();
    // Every unit on (z1 = 0.5x + 2 > 0 here, later z_l > 1), so ∂L/∂b_l = 2^(l−16)·∂L/∂b16.
    for l in 1..=16 {
        let expected = g[31] * f64::powi(0.5, 16 - l as i32);
        assert!(
            (g[2 * (l - 1) + 1] - expected).abs() <= 1e-12 * expected.abs(),
            "b{l}"
        );
    }
    assert!(run.vanishing_message().is_some());
    let w1 = run.network().params()[0];
    run.step(200);
    assert!(
        (run.network().params()[0] - w1).abs() < 1e-3,
        "w1 barely moves"
    );
}

#[test]
fn deep_diverge_grows_every_step_until_it_overflows() {
    let mut run = Run::new(Preset::DeepDiverge).unwrap();
    let l = losses(&mut run, 10);
    let status = run.trainer().status();
    let gradscope_core::Status::Diverged(d) = status else {
        panic!("no divergence: {l:?}");
    };
    assert_eq!(d.step, 7);
    // L(0) … L(6) rise every step.
    assert!(l[..7].windows(2).all(|w| w[1] > w[0]), "{l:?}");
    assert!(l[6] > 1e200);
}

#[test]
fn saturated_presets_show_a_right_and_a_wrong_sample() {
    for (preset, sample) in [(Preset::SaturatedRight, 0), (Preset::SaturatedWrong, 3)] {
        assert_eq!(preset.setting().sample, sample);
        let run = Run::new(preset).unwrap();
        let data = run.trainer().data();
        let (x, y) = (data.xs()[sample], data.ys()[sample]);
        let c = gradscope_core::chain_rule::for_param(run.network(), x, y, 0).unwrap();
        assert!(c.z_out.abs() > 100.0, "saturated: z3 = {}", c.z_out);
        let right = (c.yhat > 0.5) == (y == 1.0);
        if preset == Preset::SaturatedRight {
            assert!(right && c.product.abs() < 1e-40, "{}", c.product);
        } else {
            assert!(!right && c.product.abs() > 100.0, "{}", c.product);
        }
    }
}

#[test]
fn w3_1000_bounces_and_large_uniform_starts_in_the_thousands() {
    let mut run = Run::new(Preset::W3Is1000).unwrap();
    let l = losses(&mut run, 10);
    assert!(l.windows(2).filter(|w| w[1] > w[0]).count() >= 2, "{l:?}");
    assert!(run.collapse().is_none());
    let mut run = Run::new(Preset::LargeUniform).unwrap();
    assert!(run.trainer().loss() > 1000.0 && run.trainer().grad_norm() > 100.0);
    run.step(200);
    assert!(run.trainer().loss() < 1.0, "{}", run.trainer().loss());
}
