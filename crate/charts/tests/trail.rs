//! What the landscape strokes every frame of play, kept cheap to rasterize: the trail of a long
//! run in at most `TRAIL_BANDS` strokes, through every point of the path in order, fading from
//! faint (oldest) to nearly opaque (newest); the contours one device pixel wide.

use gradscope_charts::{landscape, Style};
use plotters::prelude::*;

/// The opacity and the points of every orange polyline (the trail) in an SVG.
fn orange_polylines(svg: &str) -> Vec<(f64, Vec<(f64, f64)>)> {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains("stroke=\"#FF8C42\""))
        .map(|p| {
            let attr = |name: &str| {
                let at = p.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                p[at..at + p[at..].find('"').unwrap()].to_string()
            };
            let opacity = attr("opacity").parse().unwrap();
            let points = attr("points")
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            (opacity, points)
        })
        .collect()
}

#[test]
fn a_long_trail_is_a_few_bands_through_every_point_fading_with_age() {
    // 200 points along a diagonal, far enough apart to land on distinct pixels.
    let path: Vec<(f64, f64)> = (0..200)
        .map(|i| (-0.9 + 0.009 * f64::from(i), -0.9 + 0.009 * f64::from(i)))
        .collect();
    let loss = vec![1.0; 9];
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (900, 900)).into_drawing_area();
        let data = landscape::Landscape {
            x_label: "w3",
            y_label: "b3",
            x_range: (-1.0, 1.0),
            y_range: (-1.0, 1.0),
            nx: 3,
            ny: 3,
            loss: &loss,
            path: &path,
            start: None,
            extent: None,
        };
        landscape::draw(&area, &data, &Style::new(1.0), &mut |_, _| Ok(())).unwrap();
    }
    let bands = orange_polylines(&out);
    assert_eq!(bands.len(), landscape::TRAIL_BANDS, "{out}");
    // Consecutive bands share their joining point; together they pass through all 200 points.
    let total: usize = bands.iter().map(|(_, p)| p.len()).sum();
    assert_eq!(total, 200 + landscape::TRAIL_BANDS - 1);
    for pair in bands.windows(2) {
        assert_eq!(pair[0].1.last(), pair[1].1.first(), "bands join");
        assert!(
            pair[0].0 < pair[1].0,
            "older bands are fainter: {} then {}",
            pair[0].0,
            pair[1].0
        );
    }
    // The x pixel grows along the diagonal: the points are in the path's order.
    let xs: Vec<f64> = bands
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.0))
        .collect();
    assert!(xs.windows(2).all(|w| w[0] <= w[1]), "{xs:?}");
    // Opacities 0.12 + 0.88 · (i + 1)/200 at each band's newest segment i: the newest band's
    // segment 198 gives 0.12 + 0.88 · 199/200 = 0.9956; the oldest band's (segments 0–11) 0.1728.
    assert!((bands[0].0 - 0.1728).abs() < 1e-3, "{}", bands[0].0);
    assert!((bands[15].0 - 0.9956).abs() < 1e-3, "{}", bands[15].0);
}

/// The contour lines of a landscape drawn at device scale `scale` (its white polylines of more
/// than two points; the grid minimum's × is two white strokes of two points): each one's stroke
/// width and opacity.
fn contour_strokes(scale: f64) -> Vec<(String, String)> {
    // A bowl, L = x² + y² + 0.1 on a 9 × 9 grid over [−1, 1]²: rings around the centre.
    let n = 9;
    let loss: Vec<f64> = (0..n * n)
        .map(|i| {
            let (x, y) = ((i % n) as f64 / 4.0 - 1.0, (i / n) as f64 / 4.0 - 1.0);
            x * x + y * y + 0.1
        })
        .collect();
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (600, 600)).into_drawing_area();
        let data = landscape::Landscape {
            x_label: "w3",
            y_label: "b3",
            x_range: (-1.0, 1.0),
            y_range: (-1.0, 1.0),
            nx: n,
            ny: n,
            loss: &loss,
            path: &[],
            start: None,
            extent: None,
        };
        landscape::draw(&area, &data, &Style::new(scale), &mut |_, _| Ok(())).unwrap();
    }
    out.split("<polyline")
        .skip(1)
        .filter(|p| p.contains("stroke=\"#FFFFFF\""))
        .filter_map(|p| {
            let attr = |name: &str| {
                let at = p.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                p[at..at + p[at..].find('"').unwrap()].to_string()
            };
            let points = attr("points").split_whitespace().count();
            (points > 2).then(|| (attr("stroke-width"), attr("opacity")))
        })
        .collect()
}

#[test]
fn contours_are_one_device_pixel_wide_at_every_pixel_density() {
    // A canvas rasterizes a one-pixel line along its length and outlines and fills a wider one,
    // several times slower in software rendering: the contours, redrawn every frame of play,
    // stay one device pixel wide however dense the screen (their opacity makes up for it).
    for scale in [1.0, 2.0, 3.0] {
        let strokes = contour_strokes(scale);
        assert!(
            strokes.len() >= 3,
            "a bowl has rings at scale {scale}: {strokes:?}"
        );
        for (width, opacity) in &strokes {
            assert_eq!(width, "1", "scale {scale}");
            assert_eq!(opacity, "0.6", "scale {scale}");
        }
    }
}
