//! The reference cases (independent float64 autodiff, cross-checked in 40–50 digit arithmetic),
//! compared under their own tolerance rule: for each record and field f,
//! |a_i − e_i| ≤ atol + rtol(f, t) · max_j |e_j| over the finite e_j; non-finite values exactly.

use gradscope_core::{Activation, Dataset, Network, Trainer};
use serde_json::Value;

#[path = "support/case_json.rs"]
mod case_json;
use case_json::{check, num, nums, rtol};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/cases/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The network, data and trainer a case's `config` describes.
fn trainer_for(config: &Value) -> Trainer {
    let widths: Vec<usize> = config["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_u64().unwrap() as usize)
        .collect();
    let act = match config["hidden_activation"].as_str().unwrap() {
        "relu" => Activation::Relu,
        "sigmoid" => Activation::Sigmoid,
        "tanh" => Activation::Tanh,
        other => panic!("activation {other}"),
    };
    let mut params = Vec::new();
    for (w, b) in config["weights"]
        .as_array()
        .unwrap()
        .iter()
        .zip(config["biases"].as_array().unwrap())
    {
        for row in w.as_array().unwrap() {
            params.extend(nums(row));
        }
        params.extend(nums(b));
    }
    let mut net = Network::new(&widths, act).unwrap();
    net.set_params(&params).unwrap();
    let data = Dataset::new(nums(&config["xs"]), nums(&config["ys"])).unwrap();
    let mut t = Trainer::new(net, data, num(&config["learning_rate"])).unwrap();
    if !config["clip_grad_norm"].is_null() {
        t.set_clip(Some(num(&config["clip_grad_norm"]))).unwrap();
    }
    t
}

/// The chain-rule factors of every sample, and their batch mean, against the case's `chain`.
fn check_chain(case: &str, t: u64, net: &Network, chain: &Value, rtol: Option<f64>) {
    let Some(rtol) = rtol else { return };
    let mut sum = 0.0;
    let per_sample = chain["per_sample"].as_array().unwrap();
    for (i, s) in per_sample.iter().enumerate() {
        let c = gradscope_core::chain_rule::factors(net, num(&s["x"]), num(&s["y"])).unwrap();
        let what = format!("{case} chain sample {i}");
        check(&what, "z", t, &c.z, &nums(&s["z"]), 0.0, rtol);
        check(&what, "yhat", t, &[c.yhat], &[num(&s["yhat"])], 0.0, rtol);
        check(
            &what,
            "σ′(z_L)",
            t,
            &[c.sigmoid_prime_out],
            &[num(&s["sigmoid_prime_zL"])],
            0.0,
            rtol,
        );
        check(
            &what,
            "factors",
            t,
            &c.factors,
            &nums(&s["factors"]),
            0.0,
            rtol,
        );
        check(
            &what,
            "product",
            t,
            &[c.product],
            &[num(&s["product_dLi_dw1"])],
            0.0,
            rtol,
        );
        check(
            &what,
            "dLi/dzL",
            t,
            &[c.dl_dz_out],
            &[num(&s["dLi_dzL"])],
            0.0,
            rtol,
        );
        sum += c.product;
    }
    let mean = sum / per_sample.len() as f64;
    let expected = num(&chain["dL_dw1_from_factor_products"]);
    check(
        case,
        "dL/dw1 from factors",
        t,
        &[mean],
        &[expected],
        0.0,
        rtol,
    );
}

fn run_case(name: &str) {
    let case = load(name);
    let config = &case["config"];
    let tol = &case["tolerance"];
    let atol = tol["atol"].as_f64().unwrap_or(0.0);
    let mut trainer = trainer_for(config);
    let records = case["expected"]["records"].as_array().unwrap();
    assert_eq!(records.len() as u64, config["steps"].as_u64().unwrap() + 1);
    for (t, rec) in records.iter().enumerate() {
        let t = t as u64;
        assert_eq!(trainer.step_count(), t);
        let field = |f: &str, actual: &[f64], expected: &[f64]| {
            if let Some(r) = rtol(tol, f, t) {
                check(name, f, t, actual, expected, atol, r);
            }
        };
        field("loss", &[trainer.loss()], &[num(&rec["loss"])]);
        field("params", trainer.network().params(), &nums(&rec["params"]));
        field("grads", trainer.grad(), &nums(&rec["grads"]));
        field(
            "grad_norm",
            &[trainer.grad_norm()],
            &[num(&rec["grad_norm"])],
        );
        let norms = trainer.network().layer_norms(trainer.grad()).unwrap();
        let expected_norms = rec["layer_grad_norms"].as_array().unwrap();
        assert_eq!(norms.len(), expected_norms.len(), "{name}: layers");
        for ((w, b), e) in norms.iter().zip(expected_norms) {
            field("grad_norm", &[*w, *b], &[num(&e["W"]), num(&e["b"])]);
        }
        if !rec["chain"].is_null() {
            check_chain(
                name,
                t,
                trainer.network(),
                &rec["chain"],
                rtol(tol, "grads", t),
            );
        }
        assert!(
            (trainer.clip_scale() - num(&rec["clip_scale"])).abs() <= 1e-9,
            "{name} clip_scale step {t}"
        );
        if !rec["update"].is_null() {
            let update: Vec<f64> = trainer.next_update().collect();
            field("update", &update, &nums(&rec["update"]));
            assert_eq!(trainer.step(1), 1, "{name}: step {t} should run");
        }
    }
}

macro_rules! cases {
    ($($test:ident => $file:literal,)*) => {
        $(#[test] fn $test() { run_case($file); })*
    };
}

cases! {
    case_01_seed_hand_check => "01_seed_hand_check_y1.json",
    case_03_w3_500_z_near_0 => "03_w3_500_z_near_0.json",
    case_05_w3_500_saturated_correct => "05_w3_500_saturated_correct.json",
    case_09_dead_relu_layer1 => "09_dead_relu_layer1.json",
    case_11_relu_kink_z1_exactly_0 => "11_relu_kink_z1_exactly_0.json",
    case_12_gd_converge_small_lr => "12_gd_converge_small_lr.json",
    case_13_gd_oscillate_w3_500 => "13_gd_oscillate_w3_500.json",
    case_16_gd_clipped_w3_1000 => "16_gd_clipped_w3_1000.json",
    case_19_deep_relu_chain_w2 => "19_deep_relu_chain_w2_depth5.json",
    case_23_deep_relu_chain_w05 => "23_deep_relu_chain_w0.5_depth5.json",
    case_29_deep_tanh_chain => "29_deep_tanh_chain_w2_depth10.json",
    case_31_wide16_depth8 => "31_wide16_depth8_xavier_uniform.json",
    case_35_breast_cancer => "35_breast_cancer_seed_good_lr.json",
}

/// Case 35's data is the bundled breast-cancer set, row for row.
#[test]
fn case_35_uses_the_bundled_data() {
    let case = load("35_breast_cancer_seed_good_lr.json");
    let d = Dataset::breast_cancer();
    assert_eq!(d.xs(), nums(&case["config"]["xs"]).as_slice());
    assert_eq!(d.ys(), nums(&case["config"]["ys"]).as_slice());
}

/// Case 34: for each initializer and (fan_in, fan_out), the closed-form limit or standard
/// deviation, and 100 000 seeded draws whose mean and variance meet the case's tolerances
/// (5 standard errors) and, for uniform draws, the hard bound |w| ≤ limit.
#[test]
fn case_34_initializer_variances() {
    use gradscope_core::init::{rng_from_seed, LayerDistribution};
    use gradscope_core::Scheme;
    let case = load("34_initializer_variances.json");
    let entries = case["expected"].as_array().unwrap();
    assert_eq!(entries.len(), 42);
    for (k, e) in entries.iter().enumerate() {
        let gain = 1.0;
        let scheme = match e["initializer"].as_str().unwrap() {
            "xavier_uniform" => Scheme::XavierUniform { gain },
            "xavier_normal" => Scheme::XavierNormal { gain },
            "he_uniform" => Scheme::HeUniform { gain },
            "he_normal" => Scheme::HeNormal { gain },
            "lecun_uniform" => Scheme::LecunUniform { gain },
            "lecun_normal" => Scheme::LecunNormal { gain },
            other => panic!("initializer {other}"),
        };
        let fan_in = e["fan_in"].as_u64().unwrap() as usize;
        let fan_out = e["fan_out"].as_u64().unwrap() as usize;
        let name = format!("{} ({fan_in}, {fan_out})", e["initializer"]);
        let dist = scheme.layer_distribution(fan_in, fan_out);
        let bound = match dist {
            LayerDistribution::Uniform { limit } => {
                let want = num(&e["limit"]);
                assert!(
                    (limit - want).abs() <= 1e-15 * want,
                    "{name}: limit {limit}"
                );
                Some(limit)
            }
            LayerDistribution::Normal { std } => {
                let want = num(&e["std"]);
                assert!((std - want).abs() <= 1e-15 * want, "{name}: std {std}");
                None
            }
            LayerDistribution::Constant { .. } => panic!("{name}: not a random scheme"),
        };
        let n = e["n_draws"].as_u64().unwrap() as usize;
        let mut draws = vec![0.0; n];
        dist.fill(&mut rng_from_seed(1000 + k as u64), &mut draws)
            .unwrap();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let var = draws.iter().map(|w| (w - mean) * (w - mean)).sum::<f64>() / (n - 1) as f64;
        let expected_var = num(&e["variance"]);
        assert!(
            mean.abs() <= num(&e["mean_abs_tolerance"]),
            "{name}: mean {mean}"
        );
        assert!(
            (var - expected_var).abs() <= num(&e["variance_abs_tolerance"]),
            "{name}: variance {var} vs {expected_var}"
        );
        if let Some(limit) = bound {
            assert!(
                draws.iter().all(|w| w.abs() <= limit),
                "{name}: a draw beyond the limit"
            );
        }
    }
}
