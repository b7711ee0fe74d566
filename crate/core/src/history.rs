//! Training history in bounded memory, however long training runs.
//!
//! Two stores:
//! * a **decimated log** of at most [`History::LOG_CAPACITY`] records spanning the whole run: every
//!   `stride`-th step is kept; when the log is full, every other record is dropped and the stride
//!   doubles (so it always spans step 0 to now with 1/2 to 1 of its capacity used);
//! * a **recent window** of the last [`History::RECENT_CAPACITY`] steps at full resolution (a ring
//!   buffer), where an oscillation's every zig-zag is kept for the descent path.
//!
//! Memory is `(LOG_CAPACITY + RECENT_CAPACITY) · (P + 3)` floats for P parameters.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

/// One recorded step: the state θ_t *before* the update of step t.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// t, the number of updates applied before this state.
    pub step: u64,
    /// Mean loss L(θ_t), nats.
    pub loss: f64,
    /// ‖∂L/∂θ‖₂ at θ_t.
    pub grad_norm: f64,
    /// θ_t in flat order.
    pub params: Vec<f64>,
}

/// See the module documentation.
#[derive(Debug, Clone, Default)]
pub struct History {
    log: Vec<Record>,
    stride: u64,
    recent: VecDeque<Record>,
}

impl History {
    /// Most records the decimated log holds.
    pub const LOG_CAPACITY: usize = 2048;
    /// Steps the full-resolution recent window holds.
    pub const RECENT_CAPACITY: usize = 400;

    /// An empty history.
    pub fn new() -> Self {
        History {
            log: Vec::new(),
            stride: 1,
            recent: VecDeque::new(),
        }
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = History::new();
    }

    /// Records the state of one step. Steps must arrive in increasing order.
    pub fn push(&mut self, record: Record) {
        if record.step % self.stride == 0 {
            if self.log.len() == Self::LOG_CAPACITY {
                let mut keep = 0;
                for i in (0..self.log.len()).step_by(2) {
                    self.log.swap(keep, i);
                    keep += 1;
                }
                self.log.truncate(keep);
                self.stride *= 2;
            }
            if record.step % self.stride == 0 {
                self.log.push(record.clone());
            }
        }
        if self.recent.len() == Self::RECENT_CAPACITY {
            self.recent.pop_front();
        }
        self.recent.push_back(record);
    }

    /// The decimated log, oldest first, then the recent steps after its last record: every
    /// kept state in step order, for loss-vs-step and parameter-vs-step charts.
    pub fn all(&self) -> impl Iterator<Item = &Record> {
        let last_logged = self.log.last().map(|r| r.step);
        self.log.iter().chain(
            self.recent
                .iter()
                .filter(move |r| last_logged.is_none_or(|s| r.step > s)),
        )
    }

    /// The last steps at full resolution, oldest first (for the descent path).
    pub fn recent(&self) -> impl ExactSizeIterator<Item = &Record> + DoubleEndedIterator {
        self.recent.iter()
    }

    /// The most recent record, if any.
    pub fn last(&self) -> Option<&Record> {
        self.recent.back()
    }

    /// The step spacing of the decimated log (1, 2, 4, …).
    pub fn stride(&self) -> u64 {
        self.stride
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(step: u64) -> Record {
        Record {
            step,
            loss: step as f64,
            grad_norm: 0.0,
            params: alloc::vec![step as f64],
        }
    }

    #[test]
    fn memory_stays_bounded_and_spans_the_run() {
        let mut h = History::new();
        let n = 100_000u64;
        for t in 0..n {
            h.push(rec(t));
        }
        assert!(h.log.len() <= History::LOG_CAPACITY);
        assert!(h.log.len() >= History::LOG_CAPACITY / 2);
        assert_eq!(h.recent().count(), History::RECENT_CAPACITY);
        let steps: Vec<u64> = h.all().map(|r| r.step).collect();
        assert_eq!(steps[0], 0);
        assert_eq!(*steps.last().unwrap(), n - 1);
        assert!(steps.windows(2).all(|w| w[0] < w[1]));
        // 100 000 steps into ≤ 2048 records needs a stride of 64 (2048·32 < 100 000 ≤ 2048·64).
        assert_eq!(h.stride(), 64);
    }

    #[test]
    fn short_runs_keep_every_step() {
        let mut h = History::new();
        for t in 0..10 {
            h.push(rec(t));
        }
        assert_eq!(
            h.all().map(|r| r.step).collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
    }
}
