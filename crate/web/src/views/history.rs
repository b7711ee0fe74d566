//! The history charts: loss vs step and parameters vs step.

use gradscope_charts::{loss_history, param_history, Style};
use gradscope_core::Status;
use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::{check_index, DrawError, Views};
use crate::run::Run;

impl Views {
    /// Draws loss vs step (log scale) onto `area`. Errors: the backend's.
    pub fn draw_loss<DB: DrawingBackend>(
        &self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
    ) -> Result<(), DrawError> {
        let h = run.trainer().history();
        let steps: Vec<f64> = h.all().map(|r| r.step as f64).collect();
        let loss: Vec<f64> = h.all().map(|r| r.loss).collect();
        let diverged_at = match run.trainer().status() {
            Status::Diverged(d) => Some(d.step as f64),
            Status::Healthy => None,
        };
        let data = loss_history::LossHistory {
            steps: &steps,
            loss: &loss,
            diverged_at,
        };
        Ok(loss_history::draw(area, &data, style)?)
    }

    /// Draws parameters vs step: those at the flat indices `shown`, or every one when `None`.
    /// Errors: an index that is not a parameter's ([`DrawError::Core`]), or the backend's.
    pub fn draw_params<DB: DrawingBackend>(
        &self,
        run: &Run,
        area: &DrawingArea<DB, Shift>,
        style: &Style,
        shown: Option<&[u32]>,
    ) -> Result<(), DrawError> {
        let h = run.trainer().history();
        let net = run.network();
        let all: Vec<usize>;
        let indices: &[usize] = match shown {
            Some(list) => {
                all = list.iter().map(|&i| i as usize).collect();
                for &i in &all {
                    check_index(i, net.param_count())?;
                }
                &all
            }
            None => {
                all = (0..net.param_count()).collect();
                &all
            }
        };
        let steps: Vec<f64> = h.all().map(|r| r.step as f64).collect();
        let values: Vec<f64> = h
            .all()
            .flat_map(|r| indices.iter().map(|&i| r.params[i]))
            .collect();
        let names: Vec<String> = indices.iter().map(|&i| net.param_name(i)).collect();
        let data = param_history::ParamHistory {
            steps: &steps,
            names: &names,
            values: &values,
        };
        Ok(param_history::draw(area, &data, style)?)
    }
}
