//! What a generated call costs over the same request written by hand with reqwest: Vobiz's
//! hang-up (`DELETE .../Member/{id}/`, answered `204`) sent many times over one keep-alive
//! connection to a loopback server, in alternating rounds. Prints requests per second and
//! heap allocations per request for both, and their ratio.
//!
//!     cargo bench --bench request_overhead [-- REQUESTS_PER_ROUND ROUNDS]
//!
//! Allocations are counted on the client's thread only: the server runs on its own thread,
//! so its allocations are not in the numbers.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::time::Instant;

use conference_clients::vobiz;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct CountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counters are
// thread-local cells, which do not allocate.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.with(|count| count.set(count.get() + 1));
        }
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as it is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.with(Cell::get) {
            ALLOCATIONS.with(|count| count.set(count.get() + 1));
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// A keep-alive HTTP/1.1 server that answers every request `204 No Content`, on its own
/// thread; returns its address.
fn start_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let address = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    continue;
                };
                tokio::spawn(async move {
                    let mut buffer = Vec::with_capacity(4096);
                    let mut chunk = [0u8; 4096];
                    loop {
                        // Requests here have no body: each ends at the blank line.
                        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            buffer.drain(..end + 4);
                            let answer = b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";
                            if socket.write_all(answer).await.is_err() {
                                return;
                            }
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
                        }
                    }
                });
            }
        });
    });
    address
}

/// Requests per second and allocations per request of `requests` sequential calls.
async fn measure<F, Fut>(requests: u32, mut call: F) -> (f64, f64)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    ALLOCATIONS.with(|count| count.set(0));
    COUNTING.with(|on| on.set(true));
    let start = Instant::now();
    for _ in 0..requests {
        call().await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    COUNTING.with(|on| on.set(false));
    let allocations = ALLOCATIONS.with(Cell::get) as f64;
    (
        f64::from(requests) / elapsed,
        allocations / f64::from(requests),
    )
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let requests: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5_000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let address = start_server();
    let base = format!("http://{address}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    runtime.block_on(async move {
        // One reqwest client for both, so both use the same connection pool settings.
        let http = reqwest::Client::new();
        let generated = vobiz::Client::builder("MA123", vobiz::Credentials::new("MA123", "token"))
            .base_url(&base)
            .http_client(http.clone())
            .build()
            .expect("client");
        let url = format!("{base}/api/v1/Account/MA123/Conference/Room1/Member/42/");
        let hand_written = || {
            let request = http
                .delete(&url)
                .header("X-Auth-ID", "MA123")
                .header("X-Auth-Token", "token");
            async move {
                let response = request.send().await.expect("hand-written call");
                assert_eq!(response.status(), 204);
                response.bytes().await.expect("body");
            }
        };
        let generated_call = || {
            let client = &generated;
            async move {
                client
                    .hangup_member("Room1", "42")
                    .await
                    .expect("generated call");
            }
        };
        // Warm up both: connection, pool, lazily built state.
        measure(500, hand_written).await;
        measure(500, generated_call).await;
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            theirs.push(measure(requests, hand_written).await);
            ours.push(measure(requests, generated_call).await);
        }
        let pick = |results: &[(f64, f64)], which: fn(&(f64, f64)) -> f64| {
            median(&mut results.iter().map(which).collect::<Vec<_>>())
        };
        let (ours_rate, theirs_rate) = (pick(&ours, |r| r.0), pick(&theirs, |r| r.0));
        let (ours_allocs, theirs_allocs) = (pick(&ours, |r| r.1), pick(&theirs, |r| r.1));
        println!("request overhead: {rounds} rounds of {requests} sequential requests, medians");
        println!("| client | requests/s | allocations/request |");
        println!("|---|---:|---:|");
        println!("| hand-written reqwest | {theirs_rate:.0} | {theirs_allocs:.1} |");
        println!("| generated | {ours_rate:.0} | {ours_allocs:.1} |");
        println!(
            "| generated / hand-written | {:.3}x | {:.3}x |",
            ours_rate / theirs_rate,
            ours_allocs / theirs_allocs
        );
    });
}
