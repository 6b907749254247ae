//! Work over many devices on several threads, with the results written in input order.
//!
//! Offline compliance and remediation run over folders of thousands of configs; each device is
//! independent, so they spread over every core, but their reports must come out in file-name
//! order (diffable between runs) and must not pile up in memory. Workers take the next device
//! only while fewer than `window` finished results wait to be written, so memory stays flat
//! however many devices there are.

use std::collections::VecDeque;
use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::{Condvar, Mutex};

/// How many finished results per worker may wait for the writer.
const WINDOW_PER_JOB: usize = 8;

/// The number of worker threads `--jobs` asks for, or every core.
pub fn jobs(requested: Option<NonZeroUsize>) -> usize {
    requested
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
}

/// Results waiting for the writer: slot `k` holds item `written + k` once it is done.
struct Pending<R> {
    written: usize,
    next: usize,
    slots: VecDeque<Option<std::thread::Result<R>>>,
    /// The writer gave up (an `emit` error or a worker's panic): take no more items.
    stopped: bool,
}

/// Runs `work` on every index below `count` on `jobs` threads and hands the results to `emit`
/// in index order, on the calling thread. An `emit` error stops the run and is returned.
pub fn run<R: Send, E>(
    count: usize,
    jobs: usize,
    work: impl Fn(usize) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    if jobs <= 1 || count <= 1 {
        return (0..count).try_for_each(|i| emit(work(i)));
    }
    let window = jobs * WINDOW_PER_JOB;
    let state = Mutex::new(Pending {
        written: 0,
        next: 0,
        slots: VecDeque::with_capacity(window),
        stopped: false,
    });
    let (room, ready) = (Condvar::new(), Condvar::new());
    let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(count) {
            scope.spawn(|| {
                loop {
                    let index = {
                        let mut s = lock();
                        while s.next < count && s.next >= s.written + window && !s.stopped {
                            s = room.wait(s).unwrap_or_else(|e| e.into_inner());
                        }
                        if s.next >= count || s.stopped {
                            return;
                        }
                        s.next += 1;
                        s.slots.push_back(None);
                        s.next - 1
                    };
                    let result = catch_unwind(AssertUnwindSafe(|| work(index)));
                    let mut s = lock();
                    let slot = index - s.written;
                    s.slots[slot] = Some(result);
                    if slot == 0 {
                        ready.notify_one();
                    }
                }
            });
        }
        let give_up = || {
            lock().stopped = true;
            room.notify_all();
        };
        let outcome = (0..count).try_for_each(|_| {
            let result = {
                let mut s = lock();
                loop {
                    if let Some(Some(_)) = s.slots.front() {
                        break;
                    }
                    s = ready.wait(s).unwrap_or_else(|e| e.into_inner());
                }
                let result = s.slots.pop_front().flatten();
                s.written += 1;
                room.notify_all();
                result
            };
            // The loop above only leaves with a finished front slot.
            match result.expect("front slot is finished") {
                Ok(result) => emit(result),
                Err(panic) => {
                    give_up();
                    resume_unwind(panic)
                }
            }
        });
        if outcome.is_err() {
            give_up();
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_out_in_order_whatever_finishes_first() {
        let mut seen = Vec::new();
        run(
            200,
            4,
            |i| {
                // Early items take longest, so later ones finish first.
                std::thread::sleep(std::time::Duration::from_micros(
                    ((200 - i) % 7) as u64 * 50,
                ));
                i * 2
            },
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..200).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn an_emit_error_stops_the_workers() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let done = AtomicUsize::new(0);
        let err = run(
            10_000,
            3,
            |i| {
                done.fetch_add(1, Ordering::Relaxed);
                i
            },
            |i| if i == 5 { Err("disk full") } else { Ok(()) },
        );
        assert_eq!(err, Err("disk full"));
        assert!(
            done.load(Ordering::Relaxed) < 10_000,
            "workers stopped early"
        );
    }

    #[test]
    fn a_panicking_device_panics_the_run_instead_of_hanging_it() {
        let outcome = std::panic::catch_unwind(|| {
            run(
                1_000,
                2,
                |i| {
                    assert!(i != 40, "device 40 is broken");
                    i
                },
                |_| Ok::<(), ()>(()),
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn one_job_runs_inline() {
        let mut seen = Vec::new();
        run(
            3,
            1,
            |i| i,
            |r| {
                seen.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(seen, [0, 1, 2]);
    }
}
