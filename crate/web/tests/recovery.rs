//! A start that diverges before its first step does not trap Reset (issue 9): Reset goes back
//! to the last start that did not diverge at once, and says so.
#![cfg(not(target_arch = "wasm32"))]

use gradscope_core::Status;
use gradscope_web::presets::Preset;
use gradscope_web::run::Run;

#[test]
fn reset_leaves_a_start_that_overflows_at_once() {
    let mut run = Run::new(Preset::Healthy).unwrap();
    let healthy = run.start().to_vec();
    // w3 = −1e308 with a ReLU output o2 of order 1 puts the logit near −1e308: with y = 1 the
    // loss −log σ(z) ≈ |z| is finite, but the gradient's norm and the next step overflow; with
    // b3 = 1e308 too the logit itself is ±∞ for some samples. Either way: divergence at 0.
    run.set_param(4, -1e308).unwrap();
    run.set_param(5, 1e308).unwrap();
    assert!(
        matches!(run.trainer().status(), Status::Diverged(d) if d.step == 0),
        "the edited start diverges at step 0"
    );
    assert!(run.divergence().unwrap().contains("Reset goes back"));
    assert!(run.reset(), "Reset reports that it went further back");
    assert_eq!(run.start(), &healthy[..]);
    assert_eq!(run.trainer().status(), Status::Healthy);
    // An ordinary Reset is just that.
    run.step(3);
    assert!(!run.reset());
    assert_eq!(run.trainer().step_count(), 0);
    assert_eq!(run.start(), &healthy[..]);
}

#[test]
fn after_a_new_shape_its_own_drawn_start_is_the_way_back() {
    let mut run = Run::new(Preset::Healthy).unwrap();
    // A new shape forgets the old good start (another shape's); its drawn start is the new one.
    run.set_shape(2, 1, gradscope_core::Activation::Relu)
        .unwrap();
    run.set_param(4, -1e308).unwrap();
    run.set_param(5, 1e308).unwrap();
    let message = run.divergence().unwrap();
    // The shape's own drawn start was healthy, so Reset can still go back to it.
    assert!(message.contains("Reset goes back"), "{message}");
}

#[test]
fn a_run_whose_loss_stops_moving_says_it_has_converged() {
    // x carries no information about y (each x has one label of each class): the best
    // network predicts ŷ = 1/2 everywhere, loss ln 2, and gradient descent settles there.
    let mut run = Run::new(Preset::Healthy).unwrap();
    let data =
        gradscope_core::Dataset::new(vec![0.0, 0.0, 1.0, 1.0], vec![0.0, 1.0, 0.0, 1.0]).unwrap();
    run.set_own_data(data).unwrap();
    run.step(200);
    assert!(
        run.convergence_message().is_none(),
        "still moving at step 200"
    );
    run.step(20_000);
    let message = run.convergence_message().expect("converged");
    assert!(message.starts_with("Converged by step 20200"), "{message}");
    assert!((run.trainer().loss() - std::f64::consts::LN_2).abs() < 1e-6);
}

#[test]
fn the_healthy_preset_is_not_called_converged_at_200_steps() {
    let mut run = Run::new(Preset::Healthy).unwrap();
    run.step(200);
    assert!(run.convergence_message().is_none());
}
