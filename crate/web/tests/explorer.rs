//! Façade tests in headless Chrome (`wasm-bindgen-test`): the Explorer as JavaScript sees it.
#![cfg(target_arch = "wasm32")]

use gradscope_web::presets::Preset;
use gradscope_web::Explorer;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(w);
    c.set_height(h);
    c
}

/// Number of pixels that are not pure white.
fn inked(c: &HtmlCanvasElement) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d =
        c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(c.width()), f64::from(c.height()))
        .unwrap()
        .data();
    data.chunks_exact(4)
        .filter(|p| p[0] != 255 || p[1] != 255 || p[2] != 255)
        .count()
}

#[path = "../../core/tests/support/init_bits.rs"]
mod init_bits;

/// Same seed → same weights in wasm as natively: the bit patterns recorded from the native
/// build in `crate/core/tests/init_bits.txt`.
#[wasm_bindgen_test]
fn initializers_reproduce_the_native_bits() {
    init_bits::assert_seed_7_bits();
}

#[path = "../../core/tests/support/landscape_bits.rs"]
#[allow(dead_code)]
mod landscape_bits;

/// The landscape's SIMD kernels give the native build's bits in wasm (`simd128`): the
/// fingerprints recorded in `crate/core/tests/landscape_bits.txt`.
#[wasm_bindgen_test]
fn landscapes_reproduce_the_native_bits() {
    landscape_bits::assert_recorded_bits();
}

#[path = "../../core/tests/support/train_bits.rs"]
mod train_bits;

/// Same run → same training in wasm as natively: θ and the loss after twenty steps, bit for bit,
/// as the native build recorded them in `crate/core/tests/train_bits.txt`.
#[wasm_bindgen_test]
fn training_reproduces_the_native_bits() {
    train_bits::assert_train_bits();
}

#[wasm_bindgen_test]
fn starts_at_the_healthy_preset_on_the_real_data() {
    let ex = Explorer::new().unwrap();
    assert_eq!(ex.param_names(), ["w1", "b1", "w2", "b2", "w3", "b3"]);
    assert_eq!(ex.params(), [0.5, 1.0, 0.8, 0.2, 1.5, -1.0]);
    assert_eq!(ex.sample_count(), 569);
    assert_eq!(ex.learning_rate(), 0.5);
    // Case 35, step 0: L = 0.6150481189051951.
    assert!((ex.loss() - 0.6150481189051951).abs() < 1e-12);
}

#[wasm_bindgen_test]
fn training_in_wasm_matches_reference_case_35() {
    let mut ex = Explorer::new().unwrap();
    assert_eq!(ex.step(200.0).unwrap(), 200);
    // Case 35, step 200 (independent float64 autodiff).
    assert!((ex.loss() - 0.2936006243383755).abs() < 1e-9);
    let expected = [
        1.417719878084182,
        0.8583805446026115,
        1.444235996299725,
        -0.06327835390895714,
        1.8989926411617701,
        -2.940048039483588,
    ];
    for (a, e) in ex.params().iter().zip(expected) {
        assert!((a - e).abs() < 1e-9 * 2.95, "{a} vs {e}");
    }
}

#[wasm_bindgen_test]
fn reset_returns_to_the_same_weights_and_step_zero() {
    let mut ex = Explorer::new().unwrap();
    ex.set_init("he-normal", 1.0, 42.0).unwrap();
    let start = ex.params();
    ex.step(25.0).unwrap();
    assert_ne!(ex.params(), start);
    ex.reset();
    assert_eq!(ex.params(), start);
    assert_eq!(ex.step_count(), 0.0);
    // Same seed, same weights.
    ex.set_init("he-normal", 1.0, 42.0).unwrap();
    assert_eq!(ex.params(), start);
}

#[wasm_bindgen_test]
fn bad_input_throws_and_leaves_state_unchanged() {
    let mut ex = Explorer::new().unwrap();
    let before = ex.params();
    assert!(ex.set_param(4.0, f64::NAN).is_err());
    assert!(ex.set_param(4.0, f64::INFINITY).is_err());
    assert!(ex.set_param(6.0, 1.0).is_err());
    assert!(ex.set_learning_rate(0.0).is_err());
    assert!(ex.set_learning_rate(f64::NAN).is_err());
    assert!(ex.set_init("uniform", -1.0, 1.0).is_err());
    assert!(ex.set_init("xavier-uniform", f64::INFINITY, 1.0).is_err());
    assert!(ex.set_init("glorot", 1.0, 1.0).is_err());
    assert!(ex.apply_preset("nope").is_err());
    assert!(ex.set_shape(0.0, 1.0, "relu").is_err());
    assert!(ex.set_shape(2.0, 33.0, "relu").is_err());
    assert!(ex.set_shape(51.0, 1.0, "relu").is_err());
    assert!(ex.set_shape(2.0, 1.0, "softplus").is_err());
    assert!(ex.set_dataset("iris").is_err());
    assert!(ex.set_clip_threshold(f64::NAN).is_err());
    assert!(ex.set_landscape_axes(2.0, 2.0).is_err());
    assert!(ex.set_overshoot_param(99.0).is_err());
    assert!(ex.set_clip_threshold(0.0).is_err());
    assert!(ex.set_sample(569.0).is_err());
    // JS passes every number as f64: fractions, NaN, negatives and huge counts are refused
    // (a u32 argument would have wrapped −1 into four billion steps).
    for n in [-1.0, 1.5, f64::NAN, 1e6] {
        assert!(ex.step(n).is_err(), "step({n})");
    }
    for i in [f64::NAN, 1.9, -0.5, 6.0, 4294967296.0] {
        assert!(ex.set_param(i, 3.0).is_err(), "setParam({i})");
    }
    assert!(ex.set_init("he-normal", 1.0, -1.0).is_err());
    assert!(ex.set_init("he-normal", 1.0, 4294967296.0).is_err());
    assert_eq!(ex.params(), before);
    assert_eq!(ex.learning_rate(), 0.5);
    assert_eq!(ex.step_count(), 0.0);
}

#[wasm_bindgen_test]
fn setting_w3_to_500_makes_the_lower_gradients_explode() {
    let mut ex = Explorer::new().unwrap();
    let g_before = ex.grads()[2].abs();
    ex.set_param(4.0, 500.0).unwrap();
    // ∂L/∂w2 carries the factor σ′(z3)·w3: roughly 500/1.5 times larger.
    assert!(ex.grads()[2].abs() > 50.0 * g_before);
    assert_eq!(ex.step_count(), 0.0);
}

#[wasm_bindgen_test]
fn divergence_stops_training_and_reset_recovers() {
    let mut ex = Explorer::new().unwrap();
    // With |θ| ≤ 1e6 the ReLUs die before anything overflows. With w3 = −1e300 and b3 = 1e300
    // the first update sends w2 to about 4e299 and the next gradient, ∝ w3·w2, overflows.
    ex.set_param(4.0, -1e300).unwrap();
    ex.set_param(5.0, 1e300).unwrap();
    ex.set_learning_rate(1.0).unwrap();
    let mut ran = 0;
    for _ in 0..200 {
        ran += ex.step(50.0).unwrap();
        if ex.divergence().is_some() {
            break;
        }
    }
    let msg = ex
        .divergence()
        .expect("w3 = −1e300, b3 = 1e300 must overflow");
    assert!(msg.contains(&format!("step {ran}")), "{msg}");
    assert_eq!(ex.step(10.0).unwrap(), 0);
    // Every chart still draws.
    for draw in 0..4 {
        let c = canvas(320, 200);
        match draw {
            0 => ex.draw_landscape(&c, 1.0, true, None).unwrap(),
            1 => ex.draw_overshoot(&c, 1.0, false).unwrap(),
            2 => ex.draw_loss(&c, 1.0).unwrap(),
            _ => ex.draw_params(&c, 1.0, None).unwrap(),
        }
        assert!(inked(&c) > 2000, "chart {draw} is blank after divergence");
    }
    ex.reset();
    assert!(ex.divergence().is_none());
    assert_eq!(ex.step_count(), 0.0);
    assert_eq!(ex.params()[4], -1e300, "Reset returns to the edited start");
    ex.apply_preset("healthy").unwrap();
    assert_eq!(ex.step(3.0).unwrap(), 3);
}

#[wasm_bindgen_test]
fn every_preset_and_chart_draws() {
    let mut ex = Explorer::new().unwrap();
    for p in Preset::ALL {
        ex.apply_preset(p.id()).unwrap();
        assert_eq!(ex.preset().as_deref(), Some(p.id()));
        ex.step(20.0).unwrap();
        let c = canvas(480, 360);
        ex.draw_landscape(&c, 2.0, false, None).unwrap();
        assert!(inked(&c) > 50_000, "{p:?}: landscape heatmap missing");
        let c = canvas(400, 240);
        ex.draw_overshoot(&c, 1.0, false).unwrap();
        assert!(inked(&c) > 1000);
    }
}

#[wasm_bindgen_test]
fn a_zero_sized_canvas_is_an_error_not_a_panic() {
    let mut ex = Explorer::new().unwrap();
    let c = canvas(0, 0);
    assert!(ex.draw_landscape(&c, 1.0, true, None).is_err());
    assert!(ex.draw_loss(&c, 1.0).is_err());
    // The handle is still usable.
    assert_eq!(ex.step(1.0).unwrap(), 1);
}

#[wasm_bindgen_test]
fn any_shape_trains_and_describes_itself() {
    let mut ex = Explorer::new().unwrap();
    ex.set_shape(3.0, 4.0, "tanh").unwrap();
    // [1, 4, 4, 4, 1]: 4+4, 16+4, 16+4, 4+1 parameters.
    assert_eq!(ex.params().len(), 53);
    assert_eq!(ex.param_names()[0], "W1[0][0]");
    assert_eq!(ex.param_names()[52], "b4");
    assert!(ex.preset().is_none());
    assert_eq!(ex.init_scheme(), "xavier-uniform");
    let before = ex.loss();
    assert_eq!(ex.step(50.0).unwrap(), 50);
    assert!(ex.loss() < before, "{} → {}", before, ex.loss());
    // Views moved onto the new network's last two parameters, and every chart draws.
    assert_eq!(ex.landscape_axes(), [51, 52]);
    let c = canvas(480, 360);
    ex.draw_landscape(&c, 1.0, true, None).unwrap();
    assert!(inked(&c) > 50_000);
    ex.draw_params(&c, 1.0, None).unwrap();
    // Back to the seed network through a preset.
    ex.apply_preset("w3-500").unwrap();
    assert_eq!(ex.params(), [0.5, 1.0, 0.8, 0.2, 500.0, -600.0]);
    assert_eq!(ex.landscape_axes(), [2, 3]);
}

#[wasm_bindgen_test]
fn edits_forget_the_preset_and_views_keep_it() {
    let mut ex = Explorer::new().unwrap();
    assert_eq!(ex.preset().as_deref(), Some("healthy"));
    ex.set_landscape_axes(0.0, 1.0).unwrap();
    ex.set_sample(42.0).unwrap();
    assert_eq!(ex.preset().as_deref(), Some("healthy"));
    ex.set_learning_rate(0.1).unwrap();
    assert!(ex.preset().is_none());
    // The clipping threshold is kept while clipping is off.
    ex.set_clip_threshold(0.25).unwrap();
    assert_eq!(ex.clip(), None);
    ex.set_clipping(true).unwrap();
    assert_eq!(ex.clip(), Some(0.25));
    ex.set_param(4.0, 3.0).unwrap();
    assert_eq!(ex.start_params()[4], 3.0);
    ex.step(5.0).unwrap();
    assert_eq!(ex.start_params()[4], 3.0, "θ₀ stays while training");
}

/// The points of an SVG `polyline`, in order.
fn polyline_points(node: roxmltree::Node) -> Vec<(f64, f64)> {
    node.attribute("points")
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|p| p.split_once(','))
        .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
        .collect()
}

#[wasm_bindgen_test]
fn chart_svg_draws_each_chart_as_svg_with_its_marks() {
    let mut ex = Explorer::new().unwrap();
    ex.apply_preset("w3-500").unwrap();
    assert_eq!(ex.step(50.0).unwrap(), 50);
    let catalog = Explorer::catalog();
    let names: Vec<String> =
        js_sys::Array::from(&js_sys::Reflect::get(&catalog, &"charts".into()).unwrap())
            .iter()
            .map(|v| v.as_string().unwrap())
            .collect();
    assert_eq!(
        names,
        [
            "landscape",
            "overshoot",
            "loss",
            "params",
            "sigmoid",
            "layers",
            "diagram"
        ]
    );
    for name in &names {
        let svg = ex.chart_svg(name, 480.0, 320.0).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            doc.root_element().attribute("viewBox"),
            Some("0 0 480 320"),
            "{name}"
        );
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        match name.as_str() {
            "landscape" => {
                for t in ["Loss landscape over (w2, b2)", "w2", "b2", "loss"] {
                    assert!(texts.contains(&t), "landscape lacks {t:?}: {texts:?}");
                }
                let images: Vec<_> = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("image"))
                    .collect();
                assert_eq!(images.len(), 1, "one heatmap image");
                let href = images[0].attribute("href").unwrap();
                assert!(href.starts_with("data:image/png;base64,") && href.len() > 2000);
            }
            "loss" => {
                assert!(
                    texts.contains(&"Loss vs step") && texts.contains(&"step"),
                    "{texts:?}"
                );
                let curve = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("polyline"))
                    .map(polyline_points)
                    .max_by_key(Vec::len)
                    .unwrap();
                assert_eq!(curve.len(), 51, "steps 0 to 50");
                // w3 = 500 oscillates: the curve goes both up and down (SVG y points down).
                let rises = curve.windows(2).filter(|w| w[1].1 < w[0].1).count();
                let falls = curve.windows(2).filter(|w| w[1].1 > w[0].1).count();
                assert!(rises >= 10 && falls >= 10, "{rises} rises, {falls} falls");
            }
            "overshoot" => assert!(
                texts.iter().any(|t| t.starts_with("Overshoot view")),
                "{texts:?}"
            ),
            "params" => assert!(texts.contains(&"Parameters vs step"), "{texts:?}"),
            "sigmoid" => assert!(texts.contains(&"σ′(z)"), "{texts:?}"),
            "layers" => assert!(texts.contains(&"Gradient per layer"), "{texts:?}"),
            _ => assert!(
                doc.descendants()
                    .filter(|n| n.has_tag_name("circle"))
                    .count()
                    >= 4
            ),
        }
    }
    // The handle is unchanged by drawing, and a bad name lists the good ones.
    assert_eq!(ex.step_count(), 50.0);
    let err = js_sys::Error::from(JsValue::from(
        ex.chart_svg("heatmap", 480.0, 320.0).unwrap_err(),
    ));
    let msg = String::from(err.message());
    assert!(
        msg.contains("“heatmap”")
            && msg.contains("landscape, overshoot, loss, params, sigmoid, layers, diagram"),
        "{msg}"
    );
    assert!(ex.chart_svg("loss", 10.0, 320.0).is_err());
    assert!(ex.chart_svg("loss", f64::NAN, 320.0).is_err());
}
