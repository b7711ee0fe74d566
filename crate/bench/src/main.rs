//! `gradscope-bench`: the native half of `make bench`. Measures every workload, product against
//! reference, interleaved, and prints one JSON object (`{"w1": {…}, …}`) on standard output.
//! `gradscope-bench BUDGET_S` sets the seconds per workload (default 2.5).

use std::process::ExitCode;
use std::time::Instant;

use gradscope_bench::interleave::{Clock, Plan};

/// Seconds since the program started.
struct Monotonic(Instant);

impl Clock for Monotonic {
    fn now(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

fn main() -> ExitCode {
    let mut plan = Plan::DEFAULT;
    if let Some(arg) = std::env::args().nth(1) {
        match arg.parse::<f64>() {
            Ok(b) if b.is_finite() && b > 0.0 => plan.budget_s = b,
            _ => {
                eprintln!(
                    "gradscope-bench: BUDGET_S must be a positive number of seconds (got {arg:?})"
                );
                return ExitCode::from(2);
            }
        }
    }
    match gradscope_bench::run_all(&Monotonic(Instant::now()), plan) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gradscope-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
