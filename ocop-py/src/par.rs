//! Order-preserving parallel map over the machine's cores (or `OCOP_THREADS`), for batches
//! scored with the GIL released. Small batches run on the calling thread.

use std::num::NonZeroUsize;

/// Below this many items a batch is not split.
const MIN_PER_THREAD: usize = 2048;

/// Worker threads: `OCOP_THREADS` if set to a positive number, else the available cores.
pub fn threads() -> usize {
    std::env::var("OCOP_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// Maps `f` over `items` in order, on up to `available_parallelism` threads. `f` must not
/// panic (callers wrap their work in [`crate::errors::guard`]); should a worker thread die
/// anyway, its chunk is recomputed on the calling thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_min(items, MIN_PER_THREAD, f)
}

/// [`map`], splitting only when each thread gets at least `min_per_thread` items.
pub fn map_min<T: Sync, R: Send>(
    items: &[T],
    min_per_thread: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads().min(items.len() / min_per_thread.max(1)).max(1);
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                let h = std::thread::Builder::new()
                    .name("ocop-batch".into())
                    .spawn_scoped(s, move || part.iter().map(f).collect::<Vec<R>>());
                (part, h)
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (part, h) in handles {
            match h.map(std::thread::ScopedJoinHandle::join) {
                Ok(Ok(v)) => out.extend(v),
                _ => out.extend(part.iter().map(f)),
            }
        }
        out
    })
}
