//! Training history in bounded memory, however long training runs.
//!
//! Two stores:
//! * a **decimated log** of at most [`History::LOG_CAPACITY`] records spanning the whole run: every
//!   `stride`-th step is kept; when the log is full, every other record is dropped and the stride
//!   doubles (so it always spans step 0 to now with 1/2 to 1 of its capacity used);
//! * a **recent window** of the last [`History::RECENT_CAPACITY`] steps at full resolution (a ring
//!   buffer), where an oscillation's every zig-zag is kept for the descent path.
//!
//! Memory is `(log capacity + recent capacity) · (P + 3)` floats for P parameters, at most about
//! [`History::MAX_FLOATS`] (32 MiB): for large networks both capacities shrink in proportion,
//! never below [`History::MIN_CAPACITY`] records each.

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
#[derive(Debug, Clone)]
pub struct History {
    log: Vec<Record>,
    stride: u64,
    recent: VecDeque<Record>,
    log_capacity: usize,
    recent_capacity: usize,
}

impl History {
    /// Most records the decimated log holds.
    pub const LOG_CAPACITY: usize = 2048;
    /// Steps the full-resolution recent window holds.
    pub const RECENT_CAPACITY: usize = 400;
    /// Budget for all records together, in floats.
    pub const MAX_FLOATS: usize = 4 << 20;
    /// Fewest records either store keeps, whatever the network's size.
    pub const MIN_CAPACITY: usize = 16;

    /// An empty history for records of `param_count` parameters.
    pub fn new(param_count: usize) -> Self {
        // Saturating: a count near usize::MAX (no network has one) must not overflow here.
        let per_record = param_count.saturating_add(3);
        let records = Self::MAX_FLOATS / per_record;
        let full = Self::LOG_CAPACITY + Self::RECENT_CAPACITY;
        let (log_capacity, recent_capacity) = if records >= full {
            (Self::LOG_CAPACITY, Self::RECENT_CAPACITY)
        } else {
            (
                (records * Self::LOG_CAPACITY / full).max(Self::MIN_CAPACITY),
                (records * Self::RECENT_CAPACITY / full).max(Self::MIN_CAPACITY),
            )
        };
        History {
            log: Vec::new(),
            stride: 1,
            recent: VecDeque::new(),
            log_capacity,
            recent_capacity,
        }
    }

    /// Forgets everything (the capacities stay).
    pub fn clear(&mut self) {
        self.log.clear();
        self.recent.clear();
        self.stride = 1;
    }

    /// The capacities (decimated log, recent window) in records.
    pub fn capacities(&self) -> (usize, usize) {
        (self.log_capacity, self.recent_capacity)
    }

    /// Records the state of one step. Steps must arrive in increasing order.
    pub fn push(&mut self, record: Record) {
        if record.step % self.stride == 0 {
            if self.log.len() >= self.log_capacity {
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
        if self.recent.len() >= self.recent_capacity {
            self.recent.pop_front();
        }
        self.recent.push_back(record);
    }

    /// [`History::push`] from borrowed values: once the recent window is full, the record it
    /// drops lends its parameter storage to the new one, so a step allocates only when the
    /// decimated log keeps it (every step until the log first fills, then one in `stride`).
    pub fn push_state(&mut self, step: u64, loss: f64, grad_norm: f64, params: &[f64]) {
        let dropped = if self.recent.len() >= self.recent_capacity {
            self.recent.pop_front()
        } else {
            None
        };
        let record = match dropped {
            Some(mut r) => {
                r.params.clear();
                r.params.extend_from_slice(params);
                Record {
                    step,
                    loss,
                    grad_norm,
                    params: r.params,
                }
            }
            None => Record {
                step,
                loss,
                grad_norm,
                params: params.to_vec(),
            },
        };
        self.push(record);
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
        let mut h = History::new(1);
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
    fn large_networks_get_smaller_capacities_within_the_budget() {
        assert_eq!(History::new(6).capacities(), (2048, 400));
        // 64 layers of 64 × 64 weights: P = 258 817 → 16 records of 258 820 floats each.
        let (log, recent) = History::new(258_817).capacities();
        assert_eq!(
            (log, recent),
            (History::MIN_CAPACITY, History::MIN_CAPACITY)
        );
        let (log, recent) = History::new(9_997).capacities();
        assert!(
            (log + recent) * 10_000 <= History::MAX_FLOATS,
            "{log} + {recent}"
        );
        assert!(log > recent && recent >= History::MIN_CAPACITY);
    }

    #[test]
    fn push_state_keeps_what_push_keeps() {
        let (mut pushed, mut borrowed) = (History::new(1), History::new(1));
        for t in 0..5000 {
            pushed.push(rec(t));
            borrowed.push_state(t, t as f64, 0.0, &[t as f64]);
        }
        assert!(pushed.all().eq(borrowed.all()));
        assert!(pushed.recent().eq(borrowed.recent()));
        assert_eq!(borrowed.recent().next().map(|r| r.params[0]), Some(4600.0));
    }

    #[test]
    fn short_runs_keep_every_step() {
        let mut h = History::new(1);
        for t in 0..10 {
            h.push(rec(t));
        }
        assert_eq!(
            h.all().map(|r| r.step).collect::<Vec<_>>(),
            (0..10).collect::<Vec<_>>()
        );
    }
}
