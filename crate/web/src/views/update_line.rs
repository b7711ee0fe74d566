//! The overshoot view along the update: the loss on the line L(θ − s·c·∇L) for s from 0 to 2α
//! (c the clip factor, so the step lands at s = α), the line's lowest point s*, and the numbers
//! the page quotes beside it.

use gradscope_charts::{overshoot, Style};
use gradscope_core::line;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::{DrawError, Views, OVERSHOOT_POINTS};
use crate::run::Run;

/// Points on the curve while training runs (the frame budget), and parameters × samples above
/// which the line is not recomputed while training (it is at rest).
const OVERSHOOT_POINTS_FAST: usize = 48;
const FAST_WORK_LIMIT: usize = 200_000;
/// Parameters × samples above which the line is not traced at all: about 200 full-batch losses
/// would take seconds (a 50 × 32 network on 569 samples is 28 million).
pub const LINE_WORK_LIMIT: usize = 5_000_000;

/// What the update's line says about the step, decided here so the page only words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// α > 1.25·s*: the step goes past the bottom of the valley it crosses.
    Overshoots,
    /// 0.8·s* ≤ α ≤ 1.25·s*: it lands near the bottom.
    Lands,
    /// α < 0.8·s*: it stops short.
    Short,
    /// The lowest point is at (or next to) the far end, 2α: the loss still falls there.
    StillFalling,
    /// The lowest point is at s = 0: every step along this line goes up.
    RisesAtOnce,
}

impl Verdict {
    /// The name the page receives.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Overshoots => "overshoots",
            Verdict::Lands => "lands",
            Verdict::Short => "short",
            Verdict::StillFalling => "still-falling",
            Verdict::RisesAtOnce => "rises-at-once",
        }
    }
}

/// The numbers of one update's line, all from the core.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateLine {
    /// The step these numbers belong to.
    pub step: u64,
    /// α, the step size the update takes along −c·∇L.
    pub alpha: f64,
    /// L at s = 0 (the current loss), nats.
    pub loss_start: f64,
    /// L at s = α, where the step lands, nats.
    pub loss_landing: f64,
    /// s*, the lowest point of the line on [0, 2α].
    pub s_min: f64,
    /// L(s*), nats.
    pub loss_min: f64,
    /// The curve: L at `2α·i/(n−1)`, i = 0..n.
    pub curve: Vec<f64>,
    /// What the step does.
    pub verdict: Verdict,
}

impl UpdateLine {
    /// The line of the run's next update with `points` points on its curve, or `None` when
    /// there is none to draw (a diverged run, a zero gradient, or a network above
    /// [`LINE_WORK_LIMIT`]).
    pub fn of(run: &Run, points: usize) -> Option<UpdateLine> {
        let t = run.trainer();
        if run.network().param_count() * t.data().len() > LINE_WORK_LIMIT {
            return None;
        }
        let c = t.clip_scale();
        let direction: Vec<f64> = t.grad().iter().map(|g| c * g).collect();
        if !direction.iter().all(|d| d.is_finite()) || direction.iter().all(|&d| d == 0.0) {
            return None;
        }
        let alpha = t.learning_rate();
        let (net, data) = (run.network(), t.data());
        let steps: Vec<f64> = (0..points)
            .map(|i| 2.0 * alpha * i as f64 / (points - 1) as f64)
            .collect();
        let mut curve = Vec::new();
        line::along(net, data, &direction, &steps, &mut curve).ok()?;
        let mut at = Vec::new();
        line::along(net, data, &direction, &[alpha], &mut at).ok()?;
        let m = line::refine(net, data, &direction, &steps, &curve).ok()?;
        let last_cell = 2.0 * alpha * (1.0 - 1.0 / (points - 1) as f64);
        let verdict = if m.s >= last_cell {
            Verdict::StillFalling
        } else if m.s <= 0.0 {
            Verdict::RisesAtOnce
        } else if alpha > 1.25 * m.s {
            Verdict::Overshoots
        } else if alpha < 0.8 * m.s {
            Verdict::Short
        } else {
            Verdict::Lands
        };
        Some(UpdateLine {
            step: t.step_count(),
            alpha,
            loss_start: curve[0],
            loss_landing: at[0],
            s_min: m.s,
            loss_min: m.loss,
            curve,
            verdict,
        })
    }
}

impl Views {
    /// The update line of the run's current state, computed once per state (`fast`: a coarser
    /// curve, and on large networks the last one computed is kept while training runs).
    pub fn update_line(&mut self, run: &Run, fast: bool) -> Option<UpdateLine> {
        let points = if fast {
            OVERSHOOT_POINTS_FAST
        } else {
            OVERSHOOT_POINTS
        };
        if let Some((version, cached_points, line)) = &self.line_cache {
            let big = run.network().param_count() * run.trainer().data().len() > FAST_WORK_LIMIT;
            if (*version == run.version() && *cached_points == points) || (fast && big) {
                return line.clone();
            }
        }
        let line = UpdateLine::of(run, points);
        self.line_cache = Some((run.version(), points, line.clone()));
        line
    }

    /// Draws the loss on the line of the next update for s ∈ [0, 2α], with the start, the
    /// landing point and the line's minimum. Errors: the backend's.
    pub(super) fn draw_update_line<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        fast: bool,
    ) -> Result<(), DrawError> {
        let line = self.update_line(run, fast);
        let alpha = line
            .as_ref()
            .map_or(run.trainer().learning_rate(), |u| u.alpha);
        let (curve, iterates, minimum) = match &line {
            Some(u) => (
                u.curve.as_slice(),
                vec![(0.0, u.loss_start), (alpha, u.loss_landing)],
                Some((u.s_min, u.loss_min)),
            ),
            None => (&[][..], Vec::new(), None),
        };
        let label = if run.trainer().clip().is_some() {
            "step size s along −c·∇L (c: the clip factor)"
        } else {
            "step size s along −∇L"
        };
        let chart = overshoot::Overshoot {
            label,
            range: (0.0, 2.0 * alpha),
            loss: curve,
            iterates: &iterates,
            minimum,
        };
        Ok(overshoot::draw(area, &chart, style)?)
    }
}
