//! Hadoop's in-memory sort of a map task's output (`org.apache.hadoop.util.QuickSort`, the
//! default `map.sort.class`, which falls back to `HeapSort` past its depth limit), step for
//! step. It is not stable: records with equal keys come out in the order its partitioning
//! leaves them, and that order reaches the output where a job writes every record of a key
//! (grep's second job lists the matches of one count in exactly this order).

use std::cmp::Ordering;

/// Sorts `items` as `QuickSort.sort(s, 0, items.len())` does with `cmp` as the comparator.
pub fn sort<T>(items: &mut [T], cmp: &impl Fn(&T, &T) -> Ordering) {
    let n = items.len();
    if n < 2 {
        return;
    }
    // getMaxDepth: 2 * ceil(log2(n)), times two.
    let depth = ((32 - ((n - 1) as u32).leading_zeros()) << 2) as i32;
    sort_internal(items, 0, n, depth, cmp);
}

fn greater<T>(items: &[T], i: usize, j: usize, cmp: &impl Fn(&T, &T) -> Ordering) -> bool {
    cmp(&items[i], &items[j]) == Ordering::Greater
}

/// `fix`: swaps the two when the first is greater.
fn fix<T>(items: &mut [T], p: usize, r: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    if greater(items, p, r, cmp) {
        items.swap(p, r);
    }
}

fn sort_internal<T>(
    s: &mut [T],
    mut p: usize,
    mut r: usize,
    mut depth: i32,
    cmp: &impl Fn(&T, &T) -> Ordering,
) {
    loop {
        if r - p < 13 {
            for i in p..r {
                let mut j = i;
                while j > p && greater(s, j - 1, j, cmp) {
                    s.swap(j, j - 1);
                    j -= 1;
                }
            }
            return;
        }
        depth -= 1;
        if depth < 0 {
            heap_sort(s, p, r, cmp);
            return;
        }
        // The median of three moves into the first position: the pivot.
        let mid = (p + r) / 2;
        fix(s, mid, p, cmp);
        fix(s, mid, r - 1, cmp);
        fix(s, p, r - 1, cmp);
        // Divide, keeping keys equal to the pivot at both ends (`ll`, `rr`).
        let (mut i, mut j) = (p, r);
        let (mut ll, mut rr) = (p, r);
        loop {
            loop {
                i += 1;
                if i >= j {
                    break;
                }
                match cmp(&s[i], &s[p]) {
                    Ordering::Greater => break,
                    Ordering::Equal => {
                        ll += 1;
                        if ll != i {
                            s.swap(ll, i);
                        }
                    }
                    Ordering::Less => {}
                }
            }
            loop {
                j -= 1;
                if j <= i {
                    break;
                }
                match cmp(&s[p], &s[j]) {
                    Ordering::Greater => break,
                    Ordering::Equal => {
                        rr -= 1;
                        if rr != j {
                            s.swap(rr, j);
                        }
                    }
                    Ordering::Less => {}
                }
            }
            if i < j {
                s.swap(i, j);
            } else {
                break;
            }
        }
        j = i;
        // The pivot and its equals into the middle: `while (ll >= p) s.swap(ll--, --i)`.
        let mut left = ll as isize;
        while left >= p as isize {
            i -= 1;
            s.swap(left as usize, i);
            left -= 1;
        }
        while rr < r {
            s.swap(rr, j);
            rr += 1;
            j += 1;
        }
        // The smaller side first, the larger by looping.
        if i - p < r - j {
            sort_internal(s, p, i, depth, cmp);
            p = j;
        } else {
            sort_internal(s, j, r, depth, cmp);
            r = i;
        }
    }
}

/// `HeapSort.sort(s, p, r)`: a max-heap over 1-based positions `p - 1 + k`.
fn heap_sort<T>(s: &mut [T], p: usize, r: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    let n = r - p;
    let base = p as isize - 1;
    let mut i = if n == 0 { 0 } else { 1usize << (usize::BITS - 1 - n.leading_zeros()) };
    while i > 1 {
        for j in (i >> 1)..i {
            down_heap(s, base, j, n + 1, cmp);
        }
        i >>= 1;
    }
    for i in (p + 1..r).rev() {
        s.swap(p, i);
        down_heap(s, base, 1, i - p + 1, cmp);
    }
}

fn down_heap<T>(
    s: &mut [T],
    base: isize,
    mut i: usize,
    n: usize,
    cmp: &impl Fn(&T, &T) -> Ordering,
) {
    let at = |k: usize| (base + k as isize) as usize;
    let mut idx = i << 1;
    while idx < n {
        if idx + 1 < n && cmp(&s[at(idx)], &s[at(idx + 1)]) == Ordering::Less {
            if cmp(&s[at(i)], &s[at(idx + 1)]) == Ordering::Less {
                s.swap(at(i), at(idx + 1));
            } else {
                return;
            }
            i = idx + 1;
        } else if cmp(&s[at(i)], &s[at(idx)]) == Ordering::Less {
            s.swap(at(i), at(idx));
            i = idx;
        } else {
            return;
        }
        idx = i << 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys with many ties, tagged with their input position.
    fn tagged(keys: &[u32]) -> Vec<(u32, usize)> {
        keys.iter().copied().zip(0..).collect()
    }

    #[test]
    fn sorts_like_any_sort_and_leaves_ties_where_hadoop_does() {
        let keys: Vec<u32> = (0..200u32).map(|i| (i * 7919 + 13) % 5).collect();
        let mut items = tagged(&keys);
        sort(&mut items, &|a, b| a.0.cmp(&b.0));
        assert!(items.windows(2).all(|w| w[0].0 <= w[1].0));
        let mut positions: Vec<usize> = items.iter().map(|x| x.1).collect();
        positions.sort_unstable();
        assert_eq!(positions, (0..200).collect::<Vec<_>>());
        // Twenty keys, two values: the order Hadoop 3's QuickSort leaves (checked against
        // org.apache.hadoop.util.QuickSort run on the same input).
        let mut items = tagged(&[1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1]);
        sort(&mut items, &|a, b| a.0.cmp(&b.0));
        let order: Vec<usize> = items.iter().map(|x| x.1).collect();
        assert_eq!(order, HADOOP_ORDER);
        // Fewer than 13: insertion sort, stable.
        let mut small = tagged(&[2, 1, 2, 1, 0]);
        sort(&mut small, &|a, b| a.0.cmp(&b.0));
        assert_eq!(small, [(0, 4), (1, 1), (1, 3), (2, 0), (2, 2)]);
    }

    #[test]
    fn heap_sort_sorts_every_length() {
        for n in 0..40u32 {
            let mut items: Vec<u32> = (0..n).map(|i| (i * 31 + 7) % 11).collect();
            heap_sort(&mut items, 0, n as usize, &|a: &u32, b: &u32| a.cmp(b));
            assert!(items.windows(2).all(|w| w[0] <= w[1]), "{n}: {items:?}");
        }
    }

    const HADOOP_ORDER: [usize; 20] =
        [18, 10, 1, 12, 13, 7, 4, 16, 5, 0, 2, 3, 6, 8, 9, 11, 14, 15, 17, 19];
}
