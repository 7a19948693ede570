//! Order-preserving parallel map over the machine's cores (or `OCOP_THREADS`), for batches
//! read under the GIL and scored without it. Small batches run on the calling thread.

use std::num::NonZeroUsize;

/// Worker threads: `OCOP_THREADS` if set to a positive number, else the available cores.
pub fn threads() -> usize {
    std::env::var("OCOP_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

/// Items per unit of work in [`pipeline`].
const PIPE_CHUNK: usize = 1024;

/// Reads `source` on the calling thread (which holds the interpreter) and maps `f` over the
/// items on worker threads as they arrive, in chunks, so that reading overlaps with the work
/// and at most a few chunks of read items are held at once (a batch of a million requests
/// never exists as a million parsed trees). The interpreter is released whenever this thread
/// waits for the workers. Returns the results in order.
///
/// # Errors
/// The first error `source` gives (the workers stop; nothing is returned), or an internal
/// error if a worker thread died (`f` must not panic: callers guard their work).
pub fn pipeline<T: Send + Sync, R: Send>(
    py: pyo3::Python<'_>,
    mut source: impl Iterator<Item = Result<T, pyo3::PyErr>>,
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, pyo3::PyErr> {
    use std::sync::mpsc;
    // A batch of one chunk or less is mapped here, without starting threads.
    let first = source
        .by_ref()
        .take(PIPE_CHUNK)
        .collect::<Result<Vec<T>, _>>()?;
    if first.len() < PIPE_CHUNK {
        // The source is exhausted: score without the interpreter, as the workers would.
        return Ok(py.detach(|| first.iter().map(&f).collect()));
    }
    // With one thread allowed, one worker scores while this thread reads.
    let workers = threads();
    let f = &f;
    let (to_workers, jobs) = mpsc::sync_channel::<(usize, Vec<T>)>(2 * workers);
    let jobs = std::sync::Mutex::new(jobs);
    let jobs = &jobs;
    let (to_main, done) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(move |s| {
        let mut started = 0usize;
        for _ in 0..workers {
            let to_main = to_main.clone();
            let spawned = std::thread::Builder::new()
                .name("ocop-batch".into())
                .spawn_scoped(s, move || loop {
                    let job = match jobs.lock() {
                        Ok(rx) => rx.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    let Ok((i, items)) = job else { break };
                    let out: Vec<R> = items.iter().map(f).collect();
                    drop(items);
                    if to_main.send((i, out)).is_err() {
                        break;
                    }
                });
            started += usize::from(spawned.is_ok());
        }
        drop(to_main);
        // Chunks no worker could take (none started, or all gone): mapped here.
        let mut local: Vec<(usize, Vec<R>)> = Vec::new();
        let mut send = |i: usize, items: Vec<T>| {
            if started == 0 {
                local.push((i, items.iter().map(f).collect()));
            } else {
                // Waiting for a free slot (the workers are behind): without the interpreter.
                let sent = match to_workers.try_send((i, items)) {
                    Err(mpsc::TrySendError::Full(job)) => py.detach(|| to_workers.send(job)),
                    Err(mpsc::TrySendError::Disconnected(job)) => Err(mpsc::SendError(job)),
                    Ok(()) => Ok(()),
                };
                if let Err(mpsc::SendError((i, items))) = sent {
                    local.push((i, items.iter().map(f).collect()));
                }
            }
        };
        send(0, first);
        let mut chunks = 1usize;
        let mut chunk = Vec::with_capacity(PIPE_CHUNK);
        for item in source {
            chunk.push(item?);
            if chunk.len() == PIPE_CHUNK {
                send(
                    chunks,
                    std::mem::replace(&mut chunk, Vec::with_capacity(PIPE_CHUNK)),
                );
                chunks += 1;
            }
        }
        if !chunk.is_empty() {
            send(chunks, chunk);
            chunks += 1;
        }
        drop(to_workers);
        // The last chunks' results, waited for without the interpreter.
        let mut parts: Vec<(usize, Vec<R>)> = py.detach(move || done.iter().collect());
        parts.append(&mut local);
        if parts.len() != chunks {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "internal error in ocop (a batch worker stopped); please report it with the input",
            ));
        }
        parts.sort_by_key(|p| p.0);
        Ok(parts.into_iter().flat_map(|p| p.1).collect())
    })
}
