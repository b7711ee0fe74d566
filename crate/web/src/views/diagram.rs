//! The network diagram view: weights (or their gradients) as edges on a log scale, dead units
//! marked, and picking the weight under the pointer.

use gradscope_charts::diagram::{self, Diagram};
use gradscope_charts::Style;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::{DrawError, Views};
use crate::run::Run;

/// Pointer distance, CSS pixels, within which an edge is picked.
const PICK_TOLERANCE: f64 = 6.0;

impl Views {
    /// Draws the diagram of the run's network: edge thickness from |w|, or from |∂L/∂w| when
    /// the view shows gradients, onto `area`. Errors: the backend's.
    pub fn draw_diagram<DB: DrawingBackend>(
        &mut self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), DrawError> {
        let net = run.network();
        let source = if self.diagram_gradients {
            run.trainer().grad()
        } else {
            net.params()
        };
        let edges: Vec<Vec<f64>> = (1..=net.depth())
            .filter_map(|l| net.layer_params(l))
            .map(|(w, _)| source[w].to_vec())
            .collect();
        let dead = self.layer_numbers(run)?.dead.clone();
        let selected = self.selected_weight.and_then(|i| weight_address(run, i));
        let data = Diagram {
            widths: net.widths(),
            edges: &edges,
            dead: &dead,
            selected,
            quantity: if self.diagram_gradients {
                "|∂L/∂w|"
            } else {
                "|w|"
            },
        };
        Ok(diagram::draw(area, &data, style)?)
    }

    /// The flat index of the weight whose edge is nearest to CSS pixel (`x`, `y`) of a canvas
    /// of CSS size `width × height`, if one is within a few pixels.
    pub fn diagram_pick(
        &self,
        run: &Run,
        (x, y): (f64, f64),
        (width, height): (f64, f64),
    ) -> Option<usize> {
        let net = run.network();
        let lay = diagram::layout(net.widths(), width, height, 1.0);
        let (l, j, k) = diagram::hit(&lay, x, y, PICK_TOLERANCE)?;
        let (w, _) = net.layer_params(l)?;
        Some(w.start + j * net.widths()[l - 1] + k)
    }

    /// Shows |∂L/∂w| (true) or |w| (false) as edge thickness.
    pub fn set_diagram_gradients(&mut self, on: bool) {
        self.diagram_gradients = on;
    }

    /// Whether the diagram shows gradients.
    pub fn diagram_gradients(&self) -> bool {
        self.diagram_gradients
    }

    /// Marks weight `index` on the diagram (`None`: nothing marked).
    pub fn select_weight(&mut self, index: Option<usize>) {
        self.selected_weight = index;
    }
}

/// (layer 1-based, row, column) of the weight at flat `index`, if it is a weight.
fn weight_address(run: &Run, index: usize) -> Option<(usize, usize, usize)> {
    let net = run.network();
    (1..=net.depth()).find_map(|l| {
        let (w, _) = net.layer_params(l)?;
        w.contains(&index).then(|| {
            let n_in = net.widths()[l - 1];
            let k = index - w.start;
            (l, k / n_in, k % n_in)
        })
    })
}
