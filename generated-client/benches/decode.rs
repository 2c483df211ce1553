//! Decoding throughput of a generated struct: a list of 1,000 location objects as the PHP
//! backend sends them (ids and coordinates as text, `[]` for empty objects, `0/1` booleans,
//! `null`s, an unknown key), parsed from bytes 60 times; prints the median per list.
//!
//! Run with `cargo bench -p generated-client --bench decode`. No timing is asserted; to compare
//! two versions of the generator, run this on each commit, alternating, and compare medians.

use std::time::{Duration, Instant};

use altegio::models::CompanyGetData as Location;

const OBJECTS: usize = 1000;
const RUNS: usize = 60;

const LOCATION: &str = r#"{"id":"4564","title":"Bench location","country_id":1,"country":"United States","city_id":"2","city":"New York","timezone_name":"America/New_York","address":"5 Main St","zip":"10001","social":[],"site":"https://example.com","coordinate_lat":"40.71","coordinate_lon":-74.0,"phone_confirmation":1,"active_staff_count":12,"next_slot":"2026-12-01T10:00:00-05:00","group_priority":0,"main_group_id":null,"groups":[],"bookforms":[{"id":3,"title":"Main"}],"online_sales_form_url":"","unknown_key":{"a":[1,2,3]},"access":{"x":true}}"#;

fn main() -> Result<(), serde_json::Error> {
    let body = format!("[{}]", vec![LOCATION; OBJECTS].join(","));
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let list: Vec<Location> = serde_json::from_str(&body)?;
        std::hint::black_box(&list);
        times.push(started.elapsed());
    }
    times.sort_unstable();
    let median = times[RUNS / 2];
    println!(
        "decode: {OBJECTS} locations ({} bytes) from bytes, median of {RUNS} runs: {:.2} ms ({:.2} µs per object)",
        body.len(),
        median.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e6 / OBJECTS as f64
    );
    Ok(())
}
