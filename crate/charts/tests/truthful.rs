//! Degenerate data drawn truthfully (issue 9): exact zeros of the loss are marked under the
//! floor of the log axis, not drawn on it; a current point outside the landscape's frame is an
//! arrow at the edge with its value; a colour bar whose floor clips cells says so; a grid with
//! no finite loss says so, even under a held colour scale.

use gradscope_charts::{landscape, loss_history, Style};
use plotters::prelude::*;

fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>)) -> String {
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (480, 320)).into_drawing_area();
        draw(&area);
    }
    out
}

#[test]
fn exact_zeros_of_the_loss_are_marked_below_the_axis() {
    // One sample x = 1, y = 1; w = (1, 0, 1, 0, 800, 0); α = 0.1: the loss is exactly 0 from
    // the first step on (issue 9's case, in shape).
    let steps: Vec<f64> = (0..6).map(f64::from).collect();
    let loss = [0.3, 1e-200, 0.0, 0.0, 0.0, 0.0];
    let out = svg(|area| {
        let data = loss_history::LossHistory {
            steps: &steps,
            loss: &loss,
            diverged_at: None,
        };
        loss_history::draw(area, &data, &Style::new(1.0)).unwrap();
    });
    assert!(
        out.contains("loss exactly 0 at 4 steps"),
        "the note names the zeros"
    );
    // One down-pointing marker per zero.
    assert_eq!(out.matches("<polygon").count(), 4, "{out}");
}

#[test]
fn a_current_point_off_the_frame_is_an_arrow_with_its_value() {
    let loss = vec![1.0; 9];
    let out = svg(|area| {
        let data = landscape::Landscape {
            x_label: "w3",
            y_label: "b3",
            x_range: (-1.0, 1.0),
            y_range: (-1.0, 1.0),
            nx: 3,
            ny: 3,
            loss: &loss,
            path: &[(0.0, 0.0), (-1e308, 0.5)],
            start: Some((0.0, 0.0)),
            extent: None,
        };
        landscape::draw(area, &data, &Style::new(1.0), &mut |_, _| Ok(())).unwrap();
    });
    assert!(out.contains("now off the frame: w3 = -1e308"), "{out}");
    assert!(
        !out.contains("b3 = 0.5"),
        "only the coordinate that left the frame is named"
    );
}

#[test]
fn a_colour_bar_that_clips_says_so() {
    let loss = [
        9.9e-324,
        std::f64::consts::LN_2,
        1.31,
        10.0,
        1e3,
        1e6,
        2.0,
        3.0,
        4.0,
    ];
    let out = svg(|area| {
        let data = landscape::Landscape {
            x_label: "w2",
            y_label: "w3",
            x_range: (-1000.0, 1000.0),
            y_range: (-1000.0, 1000.0),
            nx: 3,
            ny: 3,
            loss: &loss,
            path: &[(0.0, 0.0)],
            start: None,
            extent: None,
        };
        landscape::draw(area, &data, &Style::new(1.0), &mut |_, _| Ok(())).unwrap();
    });
    assert!(out.contains("≤0.01"), "the floor 10⁻² is labelled ≤");
    assert!(!out.contains("9.9e-324"));
}

#[test]
fn a_grid_with_no_finite_loss_says_so_under_a_held_colour_scale() {
    // A diverged run with the colour scale held from before (log₁₀ L in [3.89, 3.90]): every cell
    // overflowed. Before, the held extent let the grid through as one flat colour.
    let loss = [f64::INFINITY, f64::NAN, f64::INFINITY, f64::NAN];
    for extent in [None, Some((3.89, 3.90))] {
        let mut blits = 0;
        let out = svg(|area| {
            let data = landscape::Landscape {
                x_label: "w2",
                y_label: "b2",
                x_range: (0.0, 1.0),
                y_range: (0.0, 1.0),
                nx: 2,
                ny: 2,
                loss: &loss,
                path: &[(0.5, 0.5)],
                start: None,
                extent,
            };
            landscape::draw(area, &data, &Style::new(1.0), &mut |_, _| {
                blits += 1;
                Ok(())
            })
            .unwrap();
        });
        assert!(
            out.contains("no finite loss on this grid"),
            "{extent:?}: {out}"
        );
        assert_eq!(blits, 0, "{extent:?}: no heatmap");
    }
}
