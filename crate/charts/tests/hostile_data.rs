//! Every chart draws (to SVG) on data that breaks plotters when passed through unguarded:
//! NaN, ±∞, empty series, a single point, zero and astronomically large values.

use gradscope_charts::{landscape, loss_history, overshoot, param_history, Style};
use plotters::prelude::*;

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;

fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (480, 320)).into_drawing_area();
        draw(&area);
    }
    out
}

#[test]
fn landscape_survives_hostile_grids_and_paths() {
    let grids: Vec<Vec<f64>> = vec![
        vec![NAN; 9],
        vec![INF; 9],
        vec![0.0; 9],
        vec![1.0, 2.0, NAN, INF, 0.0, -0.0, 1e300, 5e-324, 3.0],
        vec![],
    ];
    for (k, loss) in grids.iter().enumerate() {
        let mut blits = 0;
        let out = svg(|area| {
            let data = landscape::Landscape {
                x_label: "w2",
                y_label: "b2",
                x_range: (NAN, INF),
                y_range: (1e300, 1e300),
                nx: 3,
                ny: 3,
                loss,
                path: &[(NAN, 0.0), (INF, -INF), (1e308, -1e308), (0.5, 0.5)],
                start: Some((NAN, INF)),
                extent: if k % 2 == 0 {
                    Some((NAN, INF))
                } else {
                    Some((2.0, 1.0))
                },
            };
            landscape::draw(area, &data, &Style::new(NAN), &mut |_, _| {
                blits += 1;
                Ok(())
            })
            .unwrap();
        });
        assert!(out.contains("Loss landscape over (w2, b2)"), "grid {k}");
        let has_positive = loss.iter().any(|v| v.is_finite() && *v > 0.0);
        assert_eq!(
            blits,
            usize::from(has_positive && loss.len() == 9),
            "grid {k}"
        );
    }
}

#[test]
fn overshoot_loss_and_params_survive_hostile_series() {
    let series: [&[f64]; 4] = [&[], &[NAN], &[INF, -INF, NAN], &[0.0, 1e-320, 1e300, 2.0]];
    for s in series {
        let steps: Vec<f64> = (0..s.len()).map(|i| i as f64).collect();
        let pairs: Vec<(f64, f64)> = s.iter().map(|&v| (v, v)).collect();
        let out = svg(|area| {
            let d = overshoot::Overshoot {
                label: "w3",
                range: (INF, NAN),
                loss: s,
                iterates: &pairs,
                minimum: Some((NAN, INF)),
            };
            overshoot::draw(area, &d, &Style::new(2.0)).unwrap();
        });
        assert!(out.contains("Overshoot view: loss along w3"));
        let out = svg(|area| {
            let d = loss_history::LossHistory {
                steps: &steps,
                loss: s,
                diverged_at: Some(3.0),
            };
            loss_history::draw(area, &d, &Style::new(1.0)).unwrap();
        });
        assert!(out.contains("Loss vs step") && out.contains("diverged"));
        let names = vec!["w1".to_string()];
        let out = svg(|area| {
            let d = param_history::ParamHistory {
                steps: &steps,
                names: &names,
                values: s,
            };
            param_history::draw(area, &d, &Style::new(1.0)).unwrap();
        });
        assert!(out.contains("Parameters vs step"));
    }
}

#[test]
fn the_layer_chart_survives_hostile_values() {
    let series: [&[f64]; 4] = [&[], &[NAN], &[INF, 0.0, -1.0, NAN], &[1e-320, 1e300, 2.0]];
    for s in series {
        let out = svg(|area| {
            let d = gradscope_charts::layers::Layers {
                weight_grad: s,
                bias_grad: s,
                law: s,
                spread: s,
            };
            gradscope_charts::layers::draw(area, &d, &Style::new(1.0)).unwrap();
        });
        assert!(out.contains("layer l"));
    }
}
