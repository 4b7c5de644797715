//! The hash key space 0..2^128-1 and where shards sit on it: the geometry of the lanes, as plain
//! numbers the SVG draws. A shard's height is its share of the key space, to scale.

use engine::kinesis::routing::parse_hash_key;
use engine::kinesis::{HashKeyRange, ShardView};

/// 2^128 as a float: hash keys become fractions of the key space.
const KEY_SPACE: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;

/// Top of the lanes, below the column headings.
pub const LANES_TOP: f64 = 34.0;
/// Height of the whole key space on screen.
pub const LANES_HEIGHT: f64 = 440.0;
/// Left margin holding the key-space ruler.
pub const RULER_W: f64 = 64.0;
/// Width of one generation's column (closed parents on the left, their children to the right).
pub const COLUMN_W: f64 = 150.0;
/// The gap between generations, where lineage connectors run.
pub const COLUMN_GAP: f64 = 22.0;
/// Width of the area where records travel through open shards.
pub const FLOW_W: f64 = 660.0;
/// The virtual time a record takes to cross the flow area: it shows the last 20 s.
pub const WINDOW_MS: u64 = 20_000;

/// Where a hash key sits on the key space, 0.0 (top) to 1.0 (bottom).
pub fn hash_fraction(key: u128) -> f64 {
    key as f64 / KEY_SPACE
}

/// The same for a hash key in an event, which carries it as AWS prints it (decimal text).
pub fn key_fraction(key: &str) -> f64 {
    parse_hash_key(key).map_or(0.0, hash_fraction)
}

/// The part of the key space a range covers, top and bottom as fractions.
pub fn range_span(range: HashKeyRange) -> (f64, f64) {
    let a = hash_fraction(range.start);
    // The ending key is inclusive: the next key starts where this lane ends.
    let b = (range.end as f64 + 1.0) / KEY_SPACE;
    (a, b.max(a))
}

/// The new starting hash key that halves `[start, end]`: the default split point.
pub fn midpoint(start: u128, end: u128) -> u128 {
    start + (end - start) / 2 + 1
}

/// The hash key at `fraction` of the key space, made a valid split point of `[start, end]`
/// (SplitShard needs start < key <= end).
pub fn split_key_at(start: u128, end: u128, fraction: f64) -> u128 {
    let raw = (fraction.clamp(0.0, 1.0) * KEY_SPACE) as u128;
    raw.clamp(start.saturating_add(1).min(end), end)
}

/// `shardId-000000000007` as the learner reads it in tight places: `shard 7`.
pub fn short_id(shard_id: &str) -> String {
    let n = shard_id.trim_start_matches("shardId-").trim_start_matches('0');
    format!("shard {}", if n.is_empty() { "0" } else { n })
}

/// One shard's box on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneBox {
    pub shard_id: String,
    pub open: bool,
    /// 0 for the stream's first shards, parent's depth + 1 for children.
    pub depth: u32,
    pub x: f64,
    pub y: f64,
    /// The column's width for closed shards; to the end of the flow area for open ones.
    pub w: f64,
    pub h: f64,
    pub parents: Vec<String>,
}

impl LaneBox {
    /// Stable while the lane looks the same; a change redraws the lane.
    pub fn key(&self) -> String {
        format!("{}:{}:{:.1}:{:.1}:{:.1}", self.shard_id, self.open, self.x, self.y, self.h)
    }
}

/// The whole drawing's geometry.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    pub lanes: Vec<LaneBox>,
    /// Where the flow area starts (the right edge of the deepest generation's column).
    pub flow_x: f64,
    pub width: f64,
    /// Parent -> child connectors: (x1, y1, x2, y2).
    pub links: Vec<(f64, f64, f64, f64)>,
}

pub fn column_x(depth: u32) -> f64 {
    RULER_W + depth as f64 * (COLUMN_W + COLUMN_GAP)
}

/// Lays the shards out: y and height from the hash key range, x from the generation.
pub fn layout(shards: &[ShardView]) -> Layout {
    let mut depth: Vec<u32> = Vec::with_capacity(shards.len());
    for s in shards {
        let of = |id: &Option<String>| {
            id.as_ref()
                .and_then(|p| shards.iter().position(|x| &x.shard_id == p))
                .and_then(|i| depth.get(i).copied())
        };
        let d = match (of(&s.parent_shard_id), of(&s.adjacent_parent_shard_id)) {
            (None, None) => 0,
            (a, b) => a.unwrap_or(0).max(b.unwrap_or(0)) + 1,
        };
        depth.push(d);
    }
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    let flow_x = column_x(max_depth) + COLUMN_W;
    let width = flow_x + FLOW_W + 12.0;
    let lanes: Vec<LaneBox> = shards
        .iter()
        .zip(&depth)
        .map(|(s, &d)| {
            let (a, b) = range_span(s.hash_range);
            let x = column_x(d);
            LaneBox {
                shard_id: s.shard_id.clone(),
                open: s.open,
                depth: d,
                x,
                y: LANES_TOP + a * LANES_HEIGHT,
                w: if s.open { flow_x + FLOW_W - x } else { COLUMN_W },
                h: ((b - a) * LANES_HEIGHT).max(1.0),
                parents: s
                    .parent_shard_id
                    .iter()
                    .chain(&s.adjacent_parent_shard_id)
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    let mut links = Vec::new();
    for child in &lanes {
        for p in &child.parents {
            if let Some(parent) = lanes.iter().find(|l| &l.shard_id == p) {
                // Meet in the middle of the key range both hold.
                let top = child.y.max(parent.y);
                let bottom = (child.y + child.h).min(parent.y + parent.h);
                let y = (top + bottom) / 2.0;
                links.push((parent.x + COLUMN_W, y, child.x, y));
            }
        }
    }
    Layout { lanes, flow_x, width, links }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::kinesis::routing::uniform_ranges;

    fn shard(n: u32, range: (u128, u128), parent: Option<u32>, open: bool) -> ShardView {
        ShardView {
            shard_id: format!("shardId-{n:012}"),
            number: n,
            parent_shard_id: parent.map(|p| format!("shardId-{p:012}")),
            adjacent_parent_shard_id: None,
            starting_hash_key: range.0.to_string(),
            ending_hash_key: range.1.to_string(),
            hash_range: HashKeyRange { start: range.0, end: range.1 },
            open,
            records: 0,
            written: 0,
            metrics: Vec::new(),
            readers: Vec::new(),
        }
    }

    #[test]
    fn midpoint_halves_the_whole_space_and_a_quarter() {
        assert_eq!(midpoint(0, u128::MAX), 1u128 << 127);
        assert_eq!(midpoint(0, (1u128 << 127) - 1), 1u128 << 126);
    }

    #[test]
    fn split_key_stays_inside_the_shard() {
        let (s, e) = (100u128, 200u128);
        assert_eq!(split_key_at(s, e, 0.0), 101);
        assert_eq!(split_key_at(s, e, 1.0), 200);
        assert_eq!(split_key_at(0, u128::MAX, 0.5), 1u128 << 127);
    }

    #[test]
    fn lanes_are_drawn_to_scale() {
        let shards: Vec<_> =
            uniform_ranges(4).into_iter().zip(0..).map(|(r, n)| shard(n, r, None, true)).collect();
        let l = layout(&shards);
        assert_eq!(l.lanes.len(), 4);
        for lane in &l.lanes {
            assert!((lane.h - LANES_HEIGHT / 4.0).abs() < 1e-6);
        }
        assert!((l.lanes[3].y + l.lanes[3].h - (LANES_TOP + LANES_HEIGHT)).abs() < 1e-6);
    }

    #[test]
    fn children_sit_one_column_right_of_their_parent_with_a_link() {
        let half = 1u128 << 127;
        let shards = vec![
            shard(0, (0, u128::MAX), None, false),
            shard(1, (0, half - 1), Some(0), true),
            shard(2, (half, u128::MAX), Some(0), true),
        ];
        let l = layout(&shards);
        assert_eq!(l.lanes[1].depth, 1);
        assert_eq!(l.lanes[0].w, COLUMN_W);
        assert!(l.lanes[1].x > l.lanes[0].x);
        assert_eq!(l.links.len(), 2);
        assert_eq!(l.flow_x, column_x(1) + COLUMN_W);
    }

    #[test]
    fn short_ids_read_as_shard_numbers() {
        assert_eq!(short_id("shardId-000000000007"), "shard 7");
        assert_eq!(short_id("shardId-000000000000"), "shard 0");
    }
}
