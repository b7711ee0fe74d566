//! Which part of parameter space a chart shows.
//!
//! A view is *sticky*: it keeps its range while the points it must show stay well inside, so
//! the heatmap does not jitter every frame; it refits (with margin) when a point gets near an
//! edge or leaves, or when the points occupy only a small fraction of it.

/// One axis of a view: the range [lo, hi] of one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AxisView {
    range: Option<(f64, f64)>,
}

/// Fraction of the span kept free at each edge before a refit.
const EDGE: f64 = 0.06;
/// Refit when the points span less than this fraction of the view.
const TOO_WIDE: f64 = 0.08;
/// Margin added around the points on a refit, as a fraction of their span.
const MARGIN: f64 = 0.6;

impl AxisView {
    /// A view with no range yet; the first [`AxisView::fit`] sets it.
    pub const fn new() -> Self {
        AxisView { range: None }
    }

    /// Forgets the range, so the next fit starts afresh.
    pub fn invalidate(&mut self) {
        self.range = None;
    }

    /// The range after making sure the finite `values` are shown; `centre` is the value the
    /// view is built around on a refit (the current parameter value).
    pub fn fit(&mut self, values: impl IntoIterator<Item = f64>, centre: f64) -> (f64, f64) {
        let (lo, hi) = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold((centre, centre), |(a, b), v| (a.min(v), b.max(v)));
        if let Some((a, b)) = self.range {
            let span = b - a;
            let inside = lo >= a + EDGE * span && hi <= b - EDGE * span;
            let not_too_wide = (hi - lo) >= TOO_WIDE * span || span <= floor_span(centre) * 1.01;
            if inside && not_too_wide {
                return (a, b);
            }
        }
        let span = ((hi - lo) * (1.0 + 2.0 * MARGIN)).max(floor_span(centre));
        let mid = 0.5 * (lo + hi);
        let range = (mid - 0.5 * span, mid + 0.5 * span);
        let range = if range.0.is_finite() && range.1.is_finite() && range.0 < range.1 {
            range
        } else {
            (-1.0, 1.0)
        };
        self.range = Some(range);
        range
    }
}

/// The narrowest span a view may have around `centre`: 2, or 60 % of |centre|.
fn floor_span(centre: f64) -> f64 {
    (0.6 * centre.abs()).max(2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sticks_while_inside_and_refits_when_leaving() {
        let mut v = AxisView::new();
        let r0 = v.fit([0.0, 0.1], 0.0);
        assert!(r0.0 < 0.0 && r0.1 > 0.1);
        assert_eq!(
            v.fit([0.05], 0.05),
            r0,
            "a point well inside keeps the view"
        );
        let r1 = v.fit([0.0, 50.0], 50.0);
        assert!(
            r1.1 > 50.0 && r1.0 <= 0.0,
            "a far point refits to show both"
        );
    }

    #[test]
    fn never_returns_an_empty_or_non_finite_range() {
        let mut v = AxisView::new();
        for (vals, c) in [
            (vec![f64::NAN], 0.0),
            (vec![], 1e300),
            (vec![f64::INFINITY], 3.0),
        ] {
            let (a, b) = v.fit(vals, c);
            assert!(a.is_finite() && b.is_finite() && a < b);
            v.invalidate();
        }
    }
}
