//! Chains where float64 meets its limits, with values derived by hand: a saturated wrong
//! prediction (the old display's ∞ · 0), a saturated right one whose ŷ − y underflows, and an
//! intermediate product that overflows although the chain does not.

mod support;

use support::stdout_of;

/// A seed-network configuration (x → ReLU → ReLU → σ) with one sample.
fn seed(w: [&str; 3], x: &str, y: u8) -> String {
    format!(
        r#"{{"layers": [1, 1, 1, 1], "hidden_activation": "relu",
            "weights": [[[{}]], [[{}]], [[{}]]], "biases": [[0], [0], [0]],
            "xs": [{x}], "ys": [{y}], "learning_rate": 0.1, "steps": 0}}"#,
        w[0], w[1], w[2]
    )
}

#[test]
fn a_saturated_wrong_prediction_writes_y_hat_minus_y_not_infinity_times_zero() {
    // w = (1, 1, 800), x = 1, y = 0: z = 1, 1, 800, ŷ = σ(800) = 1 in float64 (1 − e⁻⁸⁰⁰),
    // ŷ − y = 1, so ∂L/∂w1 = 1 · 800 · 1 · 1 · 1 · 1 = 800 (∂L/∂o3 = 1/(1 − ŷ) ≈ e⁸⁰⁰ would
    // overflow and σ′(800) ≈ e⁻⁸⁰⁰ underflow).
    let config = seed(["1", "1", "800"], "1", 0);
    for format in ["table", "md", "latex"] {
        let text = stdout_of(&["trace", "--format", format, "-"], Some(&config));
        for bad in ["inf", "NaN", "∞", r"\infty"] {
            assert!(!text.contains(bad), "{format}: {bad}\n{text}");
        }
    }
    let text = stdout_of(&["trace", "--table", "-"], Some(&config));
    assert!(
        text.contains("i = 0 (x = 1, y = 0):  1 · 800 · 1 · 1 · 1 · 1 = 800\n"),
        "{text}"
    );
    // ∂L/∂w3 = (ŷ − y) · o2 = 1 · 1.
    assert!(
        text.contains("i = 0 (x = 1, y = 0):  1 · 1 = 1\n"),
        "{text}"
    );
    let md = stdout_of(&["trace", "--format", "md", "-"], Some(&config));
    assert!(
        md.contains("| 0 | 1 | 0 | 1 | 800 | 1 | 1 | 1 | 1 | 800 |"),
        "{md}"
    );
}

#[test]
fn a_saturated_right_prediction_keeps_its_tiny_gradient() {
    // w = (1, 1, 1000), x = 1, y = 1: z3 = 1000, ŷ − y = −σ(−1000) = −e⁻¹⁰⁰⁰/(1 + e⁻¹⁰⁰⁰)
    // = −5.0759588975494567…e−435 (40-digit arithmetic), below float64's 4.9e−324;
    // ∂L/∂w1 = 1000 · (ŷ − y) = −5.0759588975…e−432.
    let config = seed(["1", "1", "1000"], "1", 1);
    let text = stdout_of(&["trace", "--table", "--digits", "8", "-"], Some(&config));
    assert!(
        text.contains(
            "i = 0 (x = 1, y = 1):  -5.0759589e-435 · 1000 · 1 · 1 · 1 · 1 = -5.0759589e-432\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("below float64's range at z3 = 1000"),
        "{text}"
    );
    // The mean from the chains keeps it; float64 backprop has 0.
    assert!(
        text.contains(
            "= (1/1)·(-5.0759589e-432) = -5.0759589e-432 (backprop in float64, above: 0)"
        ),
        "{text}"
    );
    let latex = stdout_of(
        &["trace", "--format", "latex", "--digits", "8", "-"],
        Some(&config),
    );
    assert!(
        latex.contains(r"(-5.0759589 \times 10^{-435}) \cdot 1000 \cdot 1 \cdot 1 \cdot 1 \cdot 1 = -5.0759589 \times 10^{-432}"),
        "{latex}"
    );
}

#[test]
fn an_overflow_on_the_way_does_not_reach_the_chain() {
    // w = (1, 1e200, 1e200), x = 1e−300, y = 0: o1 = 1e−300, o2 = 1e−100, z3 = 1e100, ŷ − y = 1.
    // ∂L/∂w1 = 1 · 1e200 · 1 · 1e200 · 1 · 1e−300 = 1e100 although 1e200 · 1e200 overflows;
    // ∂L/∂b1 = 1e400 is beyond float64 itself (backprop overflows and the run stops), and the
    // chain still writes it.
    let config = seed(["1", "1e200", "1e200"], "1e-300", 0);
    let text = stdout_of(&["trace", "--table", "-"], Some(&config));
    assert!(
        text.contains("i = 0 (x = 1e-300, y = 0):  1 · 1e200 · 1 · 1e200 · 1 · 1e-300 = 1e100\n"),
        "{text}"
    );
    assert!(
        text.contains("i = 0 (x = 1e-300, y = 0):  1 · 1e200 · 1 · 1e200 · 1 · 1 = 1e400\n"),
        "{text}"
    );
    assert!(
        text.contains("= 1e100 (backprop in float64, above: inf)"),
        "{text}"
    );
    assert!(text.contains("Training diverged at step 0"), "{text}");
}
