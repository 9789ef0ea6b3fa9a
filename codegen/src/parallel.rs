//! Work on every core whose results are used in order.
//!
//! The pipeline emits and formats hundreds of items; each takes a few milliseconds and the
//! results must land in the files in the plan's order. Each thread takes the next unstarted
//! input; results that finish early wait until those before them are used, and the calling
//! thread works too whenever the next result is not ready, so memory freed by using results
//! is reused at once.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

/// How many threads [`map_in_order`] uses for `inputs` inputs: one per core, at most one per
/// input, at least one.
pub fn threads_for(inputs: usize) -> usize {
    thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(inputs)
        .max(1)
}

/// Runs `work` on every input on `threads` threads (the calling one among them) and hands
/// `consume` the results in the inputs' order, as they become ready; returns what `consume`
/// returns.
pub fn map_in_order<T: Sync, R: Send, Out>(
    inputs: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    consume: impl FnOnce(&mut dyn Iterator<Item = R>) -> Out,
) -> Out {
    let taken = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for _ in 1..threads {
            let sender = sender.clone();
            let (taken, work) = (&taken, &work);
            scope.spawn(move || {
                loop {
                    let index = taken.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(index) else {
                        break;
                    };
                    if sender.send((index, work(input))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut in_order = InOrder {
            inputs,
            work: &work,
            taken: &taken,
            receiver,
            early: BTreeMap::new(),
            next: 0,
        };
        consume(&mut in_order)
    })
}

/// Results in the inputs' order, whichever thread finished first: those that finish early
/// wait in `early`. While the next one is not done, the calling thread takes on inputs too.
struct InOrder<'s, T, R, W> {
    inputs: &'s [T],
    work: &'s W,
    taken: &'s AtomicUsize,
    receiver: mpsc::Receiver<(usize, R)>,
    early: BTreeMap<usize, R>,
    next: usize,
}

impl<T, R, W: Fn(&T) -> R> Iterator for InOrder<'_, T, R, W> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        loop {
            if let Some(result) = self.early.remove(&self.next) {
                self.next += 1;
                return Some(result);
            }
            if let Ok((index, result)) = self.receiver.try_recv() {
                self.early.insert(index, result);
                continue;
            }
            let index = self.taken.fetch_add(1, Ordering::Relaxed);
            match self.inputs.get(index) {
                Some(input) => {
                    self.early.insert(index, (self.work)(input));
                }
                None => {
                    // Every input is taken: wait for the other threads' last ones. Each
                    // result is sent once; the channel closes when the other threads are done.
                    let (index, result) = self.receiver.recv().ok()?;
                    self.early.insert(index, result);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_inputs_order_whatever_the_threads() {
        let inputs: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 7] {
            // Uneven work, so later inputs often finish first.
            let squares = map_in_order(
                &inputs,
                threads,
                |&n| {
                    if n % 3 == 0 {
                        thread::sleep(std::time::Duration::from_micros(200));
                    }
                    n * n
                },
                |results| results.collect::<Vec<_>>(),
            );
            assert_eq!(squares, inputs.iter().map(|n| n * n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_inputs_give_no_results() {
        let none: Vec<u8> = map_in_order(&[] as &[u8], threads_for(0), |&n| n, |r| r.collect());
        assert!(none.is_empty());
        assert_eq!(threads_for(0), 1);
    }
}
