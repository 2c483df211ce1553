//! Runtime overhead per request: a trivial GET through the generated client vs a bare reqwest call.
//! Both hit the same loopback axum server in the same run, interleaved in rounds; prints a table.
//!
//! Run with `cargo bench -p generated-client --bench overhead`. No timing is asserted: the
//! figures depend on the machine; the difference of medians is what the runtime adds (request
//! building, auth header, tracing span, timeout, envelope check and typed decoding). A third row,
//! bare reqwest with the client's per-request timeout, shows how much of it the timer alone costs;
//! a fourth, the bare call under `tokio::time::timeout` instead, shows whether arming the timer
//! another way would be cheaper. Whole-run medians drift with the machine, so the ratios are also
//! printed paired by round (medians of the same round divided), with their median and range.

use std::error::Error;
use std::time::{Duration, Instant};

use altegio::locations::GetLocationQuery;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::Router;

/// Calls of each kind per round; rounds rotate which kind goes first.
const CALLS_PER_ROUND: usize = 200;
const ROUNDS: usize = 24;
const WARM_UP_CALLS: usize = 300;
const LOCATION_ID: u32 = 4564;
const PARTNER_TOKEN: &str = "bench-partner-token";
const ACCEPT: &str = "application/vnd.api.v2+json";
/// The client's default per-request timeout, for the like-for-like bare row.
const CLIENT_TIMEOUT: Duration = altegio::runtime::DEFAULT_TIMEOUT;

/// A small but realistic `GET /company/{location_id}` envelope.
const BODY: &str = r#"{"success":true,"data":{"id":4564,"title":"Bench location","country_id":1,"country":"United States","city_id":2,"city":"New York","timezone":-5,"address":"5 Main St","phone":"+13155550175","active":1},"meta":[]}"#;

type BoxError = Box<dyn Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let base_url = start_server()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(&base_url))
}

/// Serves the envelope on 127.0.0.1 from its own thread and runtime, so server work does not
/// share the measuring thread.
fn start_server() -> Result<String, BoxError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let app = Router::new().route(
                "/company/{location_id}",
                get(|| async { ([(CONTENT_TYPE, "application/json")], BODY) }),
            );
            match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => {
                    if let Err(error) = axum::serve(listener, app).await {
                        eprintln!("bench server stopped: {error}");
                    }
                }
                Err(error) => eprintln!("bench server cannot listen: {error}"),
            }
        });
    });
    Ok(base_url)
}

async fn run(base_url: &str) -> Result<(), BoxError> {
    let client = altegio::Client::builder()
        .base_url(base_url)
        .partner_token(PARTNER_TOKEN)
        .build()?;
    let bare = reqwest::Client::new();
    let url = format!("{base_url}/company/{LOCATION_ID}");
    let query = GetLocationQuery::default();

    let generated_call = || async {
        let response = client.get_location(i64::from(LOCATION_ID), &query).await?;
        std::hint::black_box(response);
        Ok::<(), BoxError>(())
    };
    let (bare, url) = (&bare, &url);
    let bare_call = |timeout: Option<Duration>| async move {
        let mut request = bare.get(url);
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let response = request
            .header("accept", ACCEPT)
            .header("authorization", format!("Bearer {PARTNER_TOKEN}"))
            .send()
            .await?
            .error_for_status()?;
        let value: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
        std::hint::black_box(value);
        Ok::<(), BoxError>(())
    };

    let tokio_timed_call = || async {
        tokio::time::timeout(CLIENT_TIMEOUT, bare_call(None)).await??;
        Ok::<(), BoxError>(())
    };
    for _ in 0..WARM_UP_CALLS {
        generated_call().await?;
        bare_call(None).await?;
        bare_call(Some(CLIENT_TIMEOUT)).await?;
        tokio_timed_call().await?;
    }

    let mut generated = Vec::with_capacity(ROUNDS * CALLS_PER_ROUND);
    let mut bare_times = Vec::with_capacity(ROUNDS * CALLS_PER_ROUND);
    let mut timed_times = Vec::with_capacity(ROUNDS * CALLS_PER_ROUND);
    let mut tokio_times = Vec::with_capacity(ROUNDS * CALLS_PER_ROUND);
    for round in 0..ROUNDS {
        // Rotate which kind goes first so none always runs on a warmer cache.
        for kind in [round % 4, (round + 1) % 4, (round + 2) % 4, (round + 3) % 4] {
            for _ in 0..CALLS_PER_ROUND {
                let started = Instant::now();
                match kind {
                    0 => {
                        generated_call().await?;
                        generated.push(started.elapsed());
                    }
                    1 => {
                        bare_call(None).await?;
                        bare_times.push(started.elapsed());
                    }
                    2 => {
                        bare_call(Some(CLIENT_TIMEOUT)).await?;
                        timed_times.push(started.elapsed());
                    }
                    _ => {
                        tokio_timed_call().await?;
                        tokio_times.push(started.elapsed());
                    }
                }
            }
        }
    }

    let by_round = RoundRatios {
        generated_to_bare: round_ratios(&generated, &bare_times),
        like_for_like: round_ratios(&generated, &timed_times),
    };
    let generated = Stats::of(generated);
    let bare = Stats::of(bare_times);
    let timed = Stats::of(timed_times);
    let tokio_timed = Stats::of(tokio_times);
    println!(
        "runtime overhead: GET /company/{{location_id}} on a loopback axum server, \
         {} calls each in {ROUNDS} interleaved rounds (after {WARM_UP_CALLS} warm-up calls each)",
        ROUNDS * CALLS_PER_ROUND
    );
    println!();
    println!("| client                                      | median µs | p90 µs | mean µs |");
    println!("|---------------------------------------------|----------:|-------:|--------:|");
    bare.row("bare reqwest GET + serde_json::Value");
    timed.row("the same with the client's default timeout");
    tokio_timed.row("the same under tokio::time::timeout");
    generated.row("altegio::Client::get_location (typed)");
    let difference = generated.median.as_secs_f64() - bare.median.as_secs_f64();
    let generated_to_bare = ratio(generated.median, bare.median);
    println!();
    println!(
        "median difference: {:+.1} µs per request (generated / bare = {generated_to_bare:.2}x; goal at most 1.05x)",
        difference * 1e6
    );
    println!(
        "of which the per-request timeout alone: {:+.1} µs (bare with timeout / bare = {:.2}x; \
         under tokio::time::timeout: {:.2}x)",
        (timed.median.as_secs_f64() - bare.median.as_secs_f64()) * 1e6,
        ratio(timed.median, bare.median),
        ratio(tokio_timed.median, bare.median)
    );
    println!(
        "like for like (both with the same timeout): generated / bare = {:.2}x",
        ratio(generated.median, timed.median)
    );
    by_round.print();
    Ok(())
}

/// Ratios of per-round medians: each pair ran in the same round, so a drift of the machine's
/// speed across the run cancels out; their median is steadier than the ratio of whole-run medians.
struct RoundRatios {
    generated_to_bare: Vec<f64>,
    like_for_like: Vec<f64>,
}

impl RoundRatios {
    fn print(&self) {
        let describe = |ratios: &[f64]| {
            let mut sorted = ratios.to_vec();
            sorted.sort_by(f64::total_cmp);
            let median = sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN);
            let low = sorted.first().copied().unwrap_or(f64::NAN);
            let high = sorted.last().copied().unwrap_or(f64::NAN);
            format!("{median:.2}x (rounds range {low:.2} to {high:.2})")
        };
        println!(
            "paired by round, median over {ROUNDS} rounds: generated / bare = {}; like for like = {}",
            describe(&self.generated_to_bare),
            describe(&self.like_for_like)
        );
    }
}

/// For each round, the median of `numerator`'s calls in it over the median of `denominator`'s.
fn round_ratios(numerator: &[Duration], denominator: &[Duration]) -> Vec<f64> {
    numerator
        .chunks(CALLS_PER_ROUND)
        .zip(denominator.chunks(CALLS_PER_ROUND))
        .map(|(top, bottom)| {
            let median = |calls: &[Duration]| Stats::of(calls.to_vec()).median;
            ratio(median(top), median(bottom))
        })
        .collect()
}

/// `top / bottom`, safe from a zero `bottom`.
fn ratio(top: Duration, bottom: Duration) -> f64 {
    top.as_secs_f64() / bottom.as_secs_f64().max(f64::EPSILON)
}

struct Stats {
    median: Duration,
    p90: Duration,
    mean: Duration,
}

impl Stats {
    fn of(mut samples: Vec<Duration>) -> Stats {
        samples.sort_unstable();
        let at = |fraction: f64| {
            let index = ((samples.len() as f64 - 1.0) * fraction).round() as usize;
            samples.get(index).copied().unwrap_or_default()
        };
        let total: Duration = samples.iter().sum();
        let count = u32::try_from(samples.len()).unwrap_or(u32::MAX).max(1);
        Stats {
            median: at(0.5),
            p90: at(0.9),
            mean: total / count,
        }
    }

    fn row(&self, label: &str) {
        let micros = |d: Duration| d.as_secs_f64() * 1e6;
        println!(
            "| {label:<43} | {:>9.1} | {:>6.1} | {:>7.1} |",
            micros(self.median),
            micros(self.p90),
            micros(self.mean)
        );
    }
}
