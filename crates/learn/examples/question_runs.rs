//! For question authors: every run of a question over seeds, with what each run measured and
//! which choices hold, so a new question's numbers can be tuned before its test runs.
//!
//!     cargo run -p learn --example question_runs -- polling-limit [seeds, default 10]

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(id) = args.next() else {
        eprintln!("usage: question_runs QUESTION-ID [SEEDS]");
        std::process::exit(2);
    };
    let Some(q) = learn::questions::find(&id) else {
        eprintln!("no question {id}");
        std::process::exit(2);
    };
    let seeds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    for seed in 1..=seeds {
        println!("seed {seed}: {:?}", q.params(seed).values);
        let runs: Vec<Option<usize>> =
            if q.is_intervention() { (0..q.choices.len()).map(Some).collect() } else { vec![None] };
        for run in runs {
            let o = q.run(seed, run);
            let readings: Vec<String> =
                o.readings.iter().map(|r| format!("{}={}", r.key, r.value)).collect();
            let holds: Vec<usize> = match run {
                Some(c) => q.is_right(c, &o, seed).then_some(c).into_iter().collect(),
                None => (0..q.choices.len()).filter(|&c| q.is_right(c, &o, seed)).collect(),
            };
            let label = run.map_or("the run".to_string(), |c| format!("choice {c}"));
            println!("  {label}: {} -> holds {holds:?}", readings.join(" "));
        }
    }
}
