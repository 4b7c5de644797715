//! Python's `difflib.get_close_matches`, which the CLI uses to suggest a command after a typo
//! ("maybe you meant: * create-stream"). The ratio must match Python's to suggest the same words.

/// `SequenceMatcher(None, a, b).ratio()`.
pub fn ratio(a: &[char], b: &[char]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_chars(a, 0, a.len(), b, 0, b.len()) as f64 / total as f64
}

/// Sum of the matching blocks' sizes: longest match, then recurse left and right of it.
fn matching_chars(a: &[char], alo: usize, ahi: usize, b: &[char], blo: usize, bhi: usize) -> usize {
    let (i, j, k) = longest_match(a, alo, ahi, b, blo, bhi);
    if k == 0 {
        return 0;
    }
    k + matching_chars(a, alo, i, b, blo, j) + matching_chars(a, i + k, ahi, b, j + k, bhi)
}

/// The longest common block; ties go to the smallest `i`, then the smallest `j` (difflib's rule).
fn longest_match(
    a: &[char],
    alo: usize,
    ahi: usize,
    b: &[char],
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best_k) = (alo, blo, 0);
    for i in alo..ahi {
        for j in blo..bhi {
            let mut k = 0;
            while i + k < ahi && j + k < bhi && a[i + k] == b[j + k] {
                k += 1;
            }
            if k > best_k {
                (best_i, best_j, best_k) = (i, j, k);
            }
        }
    }
    (best_i, best_j, best_k)
}

/// `difflib.get_close_matches(word, possibilities, n, cutoff)`: best first.
pub fn get_close_matches(
    word: &str,
    possibilities: &[String],
    n: usize,
    cutoff: f64,
) -> Vec<String> {
    let b: Vec<char> = word.chars().collect();
    let mut scored: Vec<(f64, &String)> = possibilities
        .iter()
        .filter_map(|x| {
            let a: Vec<char> = x.chars().collect();
            let r = ratio(&a, &b);
            (r >= cutoff).then_some((r, x))
        })
        .collect();
    // heapq.nlargest over (score, word) tuples: ties broken by the larger word.
    scored.sort_by(|l, r| r.0.total_cmp(&l.0).then_with(|| r.1.cmp(l.1)));
    scored.into_iter().take(n).map(|(_, x)| x.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_like_python() {
        let choices: Vec<String> = ["create-stream", "delete-stream", "list-streams"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(get_close_matches("creat-stream", &choices, 3, 0.8), ["create-stream"]);
        let r = ratio(&"abcd".chars().collect::<Vec<_>>(), &"bcde".chars().collect::<Vec<_>>());
        assert!((r - 0.75).abs() < 1e-9);
    }
}
