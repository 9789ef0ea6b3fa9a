//! A server that misbehaves on purpose, for fault-injection tests of the generated clients.
//!
//! It speaks just enough HTTP/1.1 by hand (a request line, headers, a `Content-Length` body)
//! to do what a well-behaved framework would never let it: reset a connection mid-body, never
//! answer, trickle a body byte by byte, send a body after a 204 or a body without end. A
//! [`Script`] decides the reply to each request by its number, and [`Stats`] counts what the
//! server saw, so a test can assert how many requests a client really sent, and that it
//! closed every connection it opened.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A request as the server read it.
#[derive(Clone, Debug, Default)]
pub struct SeenRequest {
    /// `DELETE`, `POST`...
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl SeenRequest {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A well-formed response with `Content-Length`; the connection stays open.
    Respond {
        /// Status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// These bytes, as they are; then the connection stays open.
    Raw(Vec<u8>),
    /// These bytes, then a TCP reset.
    ResetAfter(Vec<u8>),
    /// Nothing, ever (the connection stays open until the server is dropped).
    Hang,
    /// These bytes (a status line and headers), then one byte of body every `every`.
    Trickle {
        /// Status line and headers, `\r\n\r\n` included.
        head: Vec<u8>,
        /// Time between body bytes.
        every: Duration,
    },
    /// A 200 with a chunked body of `chunk` bytes at a time, without end.
    Endless {
        /// Bytes per chunk.
        chunk: usize,
    },
    /// Another reply, after a pause (a slow server).
    Delayed {
        /// How long the server waits before it answers.
        after: Duration,
        /// What it answers then.
        reply: Box<Reply>,
    },
}

impl Reply {
    /// A response with a status, headers and body.
    pub fn status(status: u16) -> Self {
        Self::Respond {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header (to a [`Reply::Respond`]).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Self::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// The same reply, sent after `pause`.
    pub fn after(self, pause: Duration) -> Self {
        Self::Delayed {
            after: pause,
            reply: Box::new(self),
        }
    }

    /// Sets the body (of a [`Reply::Respond`]).
    pub fn body(mut self, content: impl Into<Vec<u8>>) -> Self {
        if let Self::Respond { body, .. } = &mut self {
            *body = content.into();
        }
        self
    }
}

/// Decides the reply to the request with this number (0 for the first the server sees).
pub type Script = Arc<dyn Fn(usize, &SeenRequest) -> Reply + Send + Sync>;

/// What the server saw.
#[derive(Debug, Default)]
pub struct Stats {
    connections: AtomicUsize,
    open: AtomicUsize,
    requests: AtomicUsize,
    seen: Mutex<Vec<SeenRequest>>,
    /// Requests served by each connection still open, by connection number.
    open_served: Mutex<std::collections::BTreeMap<usize, usize>>,
}

impl Stats {
    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Connections still open.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }

    /// Requests read so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// For each connection still open: how many requests it served.
    pub fn open_served(&self) -> Vec<usize> {
        self.open_served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .copied()
            .collect()
    }

    /// Every request read, in order (only the first 64 are kept).
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The misbehaving server, on loopback. Dropping it stops it and closes its connections.
pub struct FaultyServer {
    address: SocketAddr,
    stats: Arc<Stats>,
    task: JoinHandle<()>,
}

impl FaultyServer {
    /// Starts a server on `127.0.0.1` that answers with `script`.
    pub async fn start(
        script: impl Fn(usize, &SeenRequest) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::start_on("127.0.0.1", Arc::new(script)).await
    }

    /// Starts a server on another loopback address (`127.0.0.2` is another host to a client).
    pub async fn start_on(ip: &str, script: Script) -> Self {
        let listener = TcpListener::bind((ip, 0)).await.expect("a loopback port");
        let address = listener.local_addr().expect("the bound address");
        let stats = Arc::new(Stats::default());
        let task = tokio::spawn(serve(listener, script, Arc::clone(&stats)));
        Self {
            address,
            stats,
            task,
        }
    }

    /// `http://IP:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// What it saw.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }
}

impl Drop for FaultyServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, script: Script, stats: Arc<Stats>) {
    let mut connections = tokio::task::JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        let id = stats.connections.fetch_add(1, Ordering::SeqCst);
        stats.open.fetch_add(1, Ordering::SeqCst);
        stats
            .open_served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, 0);
        let (script, stats) = (Arc::clone(&script), Arc::clone(&stats));
        connections.spawn(async move {
            let _ = connection(stream, id, &script, &stats).await;
            stats
                .open_served
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&id);
            stats.open.fetch_sub(1, Ordering::SeqCst);
        });
        while connections.try_join_next().is_some() {}
    }
}

/// Serves one connection until the client closes it or a reply ends it.
async fn connection(
    mut stream: TcpStream,
    id: usize,
    script: &Script,
    stats: &Stats,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await? else {
            return Ok(());
        };
        let number = stats.requests.fetch_add(1, Ordering::SeqCst);
        if let Some(served) = stats
            .open_served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(&id)
        {
            *served += 1;
        }
        {
            let mut seen = stats.seen.lock().unwrap_or_else(PoisonError::into_inner);
            if seen.len() < 64 {
                seen.push(request.clone());
            }
        }
        let mut reply = script(number, &request);
        while let Reply::Delayed {
            after,
            reply: later,
        } = reply
        {
            tokio::time::sleep(after).await;
            reply = *later;
        }
        match reply {
            // Waited for above.
            Reply::Delayed { .. } => {}
            Reply::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n",
                    reason(status),
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
            }
            Reply::Raw(bytes) => stream.write_all(&bytes).await?,
            Reply::ResetAfter(bytes) => {
                stream.write_all(&bytes).await?;
                stream.flush().await?;
                // A zero linger turns the close into a reset.
                stream.set_zero_linger()?;
                return Ok(());
            }
            Reply::Hang => std::future::pending::<()>().await,
            Reply::Trickle { head, every } => {
                stream.write_all(&head).await?;
                loop {
                    tokio::time::sleep(every).await;
                    stream.write_all(b"x").await?;
                }
            }
            Reply::Endless { chunk } => {
                stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                    .await?;
                let data = vec![b' '; chunk];
                loop {
                    stream
                        .write_all(format!("{chunk:x}\r\n").as_bytes())
                        .await?;
                    stream.write_all(&data).await?;
                    stream.write_all(b"\r\n").await?;
                }
            }
        }
    }
}

/// Reads one request; `None` when the client closed the connection first.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Option<SeenRequest>> {
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        // A header value's surrounding whitespace is spaces and tabs only (RFC 9110, 5.5).
        .map(|(name, value)| {
            let value = value.trim_matches([' ', '\t']);
            (name.trim().to_ascii_lowercase(), value.to_owned())
        })
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    buffer.drain(..head_end + 4);
    while buffer.len() < length {
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer.drain(..length).collect();
    Ok(Some(SeenRequest {
        method,
        target,
        headers,
        body,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        307 => "Temporary Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
