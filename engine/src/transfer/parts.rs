//! An export larger than one device, split as AWS does: "a listing operation starts in Amazon
//! S3. This listing operation splits your job into parts" of "no more than 80 TB" each (at most
//! one device's usable bytes), in key order ("Ranges are UTF-8 binary sorted"); each part is a
//! job of its own with its own KeyRange, and the parts ship one after another ("subsequent
//! Snowballs shipping out to you once the previous job part has entered the In transit to AWS
//! status").
//!
//! Bulk data described by its size: the sandbox's S3 holds real bytes only, so data that lands
//! in a bucket described by its size (a Snowball import of bulk data, or the learner's
//! `PutDescribedData`) is kept here, beside S3, as `objects` objects of equal size named
//! `<key>/<index>` (indices zero-padded, so key order is index order). An export lists it with
//! the bucket's real objects.

use std::collections::BTreeMap;

use super::wire::{JobResource, KeyRange, S3Resource};
use crate::sim::Services;

/// Data described by its size in one bucket: key to (bytes, objects).
pub type BulkLedger = BTreeMap<String, BTreeMap<String, (u64, u64)>>;

/// Something the listing found: a real object, or the objects `from..to` of a bulk entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Object { bucket: String, key: String, bytes: u64 },
    Bulk { bucket: String, key: String, count: u64, total: u64, from: u64, to: u64 },
}

/// The key of object `i` of a bulk entry of `count` objects under `key`.
pub fn bulk_key(key: &str, count: u64, i: u64) -> String {
    let width = count.saturating_sub(1).max(1).to_string().len();
    format!("{key}/{i:0width$}")
}

/// Bytes of the objects `from..to` of a bulk entry: `total / count` each, the first
/// `total % count` one byte more, so the entry's objects add up to its bytes exactly.
fn bulk_bytes(count: u64, total: u64, from: u64, to: u64) -> u64 {
    let (q, r) = (total / count.max(1), total % count.max(1));
    (to - from) * q + to.min(r).saturating_sub(from.min(r))
}

/// The most objects from `from` (before `to`) of a bulk entry that fit in `free` bytes: the
/// entry's first `total % count` objects are one byte larger than the others.
fn bulk_fit(count: u64, total: u64, from: u64, to: u64, free: u64) -> u64 {
    let (q, r) = (total / count.max(1), total % count.max(1));
    let left = to - from;
    let larger = r.saturating_sub(from).min(left);
    let larger_bytes = larger.saturating_mul(q + 1);
    if free < larger_bytes {
        return free / (q + 1);
    }
    let rest = left - larger;
    match q {
        0 => left,
        q => larger + ((free - larger_bytes) / q).min(rest),
    }
}

impl Item {
    pub fn bucket(&self) -> &str {
        match self {
            Item::Object { bucket, .. } | Item::Bulk { bucket, .. } => bucket,
        }
    }

    pub fn bytes(&self) -> u64 {
        match self {
            Item::Object { bytes, .. } => *bytes,
            Item::Bulk { count, total, from, to, .. } => bulk_bytes(*count, *total, *from, *to),
        }
    }

    pub fn objects(&self) -> u64 {
        match self {
            Item::Object { .. } => 1,
            Item::Bulk { from, to, .. } => to - from,
        }
    }

    /// The first and the last object key it holds.
    pub fn first_key(&self) -> String {
        match self {
            Item::Object { key, .. } => key.clone(),
            Item::Bulk { key, count, from, .. } => bulk_key(key, *count, *from),
        }
    }

    pub fn last_key(&self) -> String {
        match self {
            Item::Object { key, .. } => key.clone(),
            Item::Bulk { key, count, to, .. } => bulk_key(key, *count, to - 1),
        }
    }

    /// Every object key it holds (for tests: a bulk entry can hold millions).
    pub fn keys(&self) -> Vec<String> {
        match self {
            Item::Object { key, .. } => vec![key.clone()],
            Item::Bulk { key, count, from, to, .. } => {
                (*from..*to).map(|i| bulk_key(key, *count, i)).collect()
            }
        }
    }
}

/// The indices of a bulk entry's objects inside `range`.
fn bulk_in_range(key: &str, count: u64, range: &KeyRange) -> (u64, u64) {
    let first = |pred: &dyn Fn(u64) -> bool| {
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(mid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    };
    let from = match range.begin_marker.as_deref() {
        Some(b) => first(&|i| bulk_key(key, count, i).as_bytes() >= b.as_bytes()),
        None => 0,
    };
    let to = match range.end_marker.as_deref() {
        Some(e) => first(&|i| bulk_key(key, count, i).as_bytes() > e.as_bytes()),
        None => count,
    };
    (from, to.max(from))
}

/// What an export of `resources` lists, bucket after bucket, each in key order: real objects
/// and bulk entries in the KeyRange.
pub fn list(services: &Services, resources: &JobResource) -> Vec<Item> {
    let mut items = Vec::new();
    for r in resources.s3() {
        let (Some(bucket), range) = (r.bucket(), r.range()) else { continue };
        let mut found: Vec<(String, Item)> = Vec::new();
        if let Some(b) = services.s3.buckets.get(bucket) {
            for o in b.current_objects().filter(|o| range.contains(&o.key)) {
                let item =
                    Item::Object { bucket: bucket.into(), key: o.key.clone(), bytes: o.size() };
                found.push((o.key.clone(), item));
            }
        }
        for (key, &(total, count)) in services.snowball.bulk.get(bucket).into_iter().flatten() {
            let (from, to) = bulk_in_range(key, count, &range);
            if from < to {
                let item =
                    Item::Bulk { bucket: bucket.into(), key: key.clone(), count, total, from, to };
                found.push((item.first_key(), item));
            }
        }
        found.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        items.extend(found.into_iter().map(|(_, i)| i));
    }
    items
}

/// Splits the listing into parts of at most `usable` bytes each, in order, every object in
/// exactly one part. A bulk entry is cut between its objects; an object larger than a device
/// (impossible with AWS's 5 TB limit) gets a part of its own.
pub fn split(items: &[Item], usable: u64) -> Vec<Vec<Item>> {
    let usable = usable.max(1);
    let mut parts: Vec<Vec<Item>> = vec![Vec::new()];
    let mut used = 0u64;
    for item in items {
        let mut item = item.clone();
        loop {
            let free = usable.saturating_sub(used);
            let fits = match &item {
                Item::Object { bytes, .. } => u64::from(*bytes <= free),
                Item::Bulk { count, total, from, to, .. } => {
                    bulk_fit(*count, *total, *from, *to, free)
                }
            };
            let current_empty = parts.last().is_none_or(Vec::is_empty);
            if fits == 0 && !current_empty {
                parts.push(Vec::new());
                used = 0;
                continue;
            }
            let take = fits.max(1);
            let (head, rest) = match item {
                Item::Bulk { bucket, key, count, total, from, to } if from + take < to => (
                    Item::Bulk {
                        bucket: bucket.clone(),
                        key: key.clone(),
                        count,
                        total,
                        from,
                        to: from + take,
                    },
                    Some(Item::Bulk { bucket, key, count, total, from: from + take, to }),
                ),
                whole => (whole, None),
            };
            used = used.saturating_add(head.bytes());
            if let Some(p) = parts.last_mut() {
                p.push(head);
            }
            match rest {
                Some(r) => {
                    item = r;
                    parts.push(Vec::new());
                    used = 0;
                }
                None => break,
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// The part's resources: for each bucket it touches, the original resource narrowed to the
/// part's first and last key.
pub fn part_resources(original: &JobResource, part: &[Item]) -> JobResource {
    let mut s3 = Vec::new();
    for r in original.s3() {
        let Some(bucket) = r.bucket() else { continue };
        let mine: Vec<&Item> = part.iter().filter(|i| i.bucket() == bucket).collect();
        let (Some(first), Some(last)) = (mine.first(), mine.last()) else { continue };
        s3.push(S3Resource {
            key_range: Some(KeyRange {
                begin_marker: Some(first.first_key()),
                end_marker: Some(last.last_key()),
            }),
            ..r.clone()
        });
    }
    JobResource { s3_resources: Some(s3), ..original.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_objects_add_up_and_sort_by_index() {
        assert_eq!(bulk_bytes(3, 10, 0, 3), 10);
        assert_eq!(bulk_bytes(3, 10, 0, 1), 4);
        assert_eq!(bulk_bytes(3, 10, 1, 3), 6);
        assert!(bulk_key("a", 100, 9) < bulk_key("a", 100, 10));
        let r = KeyRange { begin_marker: Some("a/03".into()), end_marker: Some("a/05".into()) };
        assert_eq!(bulk_in_range("a", 100, &r), (3, 6));
    }

    #[test]
    fn the_fit_is_exact() {
        for (count, total) in [(10, 100), (3, 10), (7, 3), (5, 0), (4, 9)] {
            for from in 0..count {
                for free in 0..40 {
                    let k = bulk_fit(count, total, from, count, free);
                    assert!(bulk_bytes(count, total, from, from + k) <= free);
                    if from + k < count {
                        assert!(bulk_bytes(count, total, from, from + k + 1) > free);
                    }
                }
            }
        }
    }

    #[test]
    fn a_bulk_entry_is_cut_between_objects() {
        let items = [Item::Bulk {
            bucket: "b".into(),
            key: "k".into(),
            count: 10,
            total: 100,
            from: 0,
            to: 10,
        }];
        let parts = split(&items, 35);
        let counts: Vec<u64> = parts.iter().map(|p| p.iter().map(Item::objects).sum()).collect();
        assert_eq!(counts, [3, 3, 3, 1]);
    }
}
