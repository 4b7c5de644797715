//! Windows and aggregates: how a row's ROWTIME places it in windows, a sliding window's frame
//! and the state of each kind of window, and the running value of each aggregate.

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::expr::{floor_div, AggFunc, Env, Expr};
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Windowing {
    /// Fixed windows of `size` ms aligned to the epoch.
    Tumbling { size: i64 },
    /// Flink's HOP: windows of `size` ms starting every `slide` ms.
    Hop { slide: i64, size: i64 },
    /// One window per partition, opened by its first row, `range` ms long.
    Stagger { range: i64 },
}

impl Windowing {
    /// The windows (start, end) a row with this ROWTIME falls in, oldest first; a stagger
    /// window depends on its partition's first row, so it is not known from ROWTIME alone.
    pub fn windows_of(&self, rowtime: i64) -> Vec<(i64, i64)> {
        match *self {
            Windowing::Tumbling { size } => {
                let start = floor_div(rowtime, size);
                vec![(start, start.saturating_add(size))]
            }
            Windowing::Hop { slide, size } => {
                let mut v = Vec::new();
                let mut start = floor_div(rowtime, slide);
                while start.saturating_add(size) > rowtime && v.len() < 1000 {
                    v.push((start, start.saturating_add(size)));
                    start = start.saturating_sub(slide);
                }
                v.reverse();
                v
            }
            Windowing::Stagger { .. } => Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    Range(i64),
    Rows(u64),
}

#[derive(Clone, Debug)]
pub(crate) struct Sliding {
    pub func: AggFunc,
    pub arg: Option<Expr>,
    pub partition: Vec<Expr>,
    pub frame: Frame,
    pub parts: HashMap<Box<[Value]>, VecDeque<(i64, Value)>>,
}

#[derive(Clone, Debug)]
pub(crate) struct Grouped {
    pub windowing: Windowing,
    pub keys: Vec<Expr>,
    pub aggs: Vec<(AggFunc, Option<Expr>)>,
    pub having: Option<Expr>,
    pub open: BTreeMap<(i64, i64, u64), Window>,
    pub stagger_index: HashMap<Box<[Value]>, (i64, i64, u64)>,
    pub seq: u64,
    pub scratch: Vec<Value>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Window {
    pub groups: Vec<Group>,
    pub index: HashMap<Box<[Value]>, usize>,
    pub rows: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub key: Box<[Value]>,
    pub row: Vec<Value>,
    pub accs: Vec<Acc>,
    pub rows: u64,
}

#[derive(Clone, Debug)]
pub(crate) enum Acc {
    Count(i64),
    Sum { int: i64, float: f64, is_float: bool, any: bool },
    Avg { sum: f64, n: i64 },
    Min(Value),
    Max(Value),
}

impl Acc {
    pub fn new(f: AggFunc) -> Acc {
        match f {
            AggFunc::Count => Acc::Count(0),
            AggFunc::Sum => Acc::Sum { int: 0, float: 0.0, is_float: false, any: false },
            AggFunc::Avg => Acc::Avg { sum: 0.0, n: 0 },
            AggFunc::Min => Acc::Min(Value::Null),
            AggFunc::Max => Acc::Max(Value::Null),
        }
    }

    /// `None` is COUNT(*)'s row without an argument.
    #[inline]
    pub fn add(&mut self, v: Option<&Value>) {
        match (self, v) {
            (Acc::Count(n), None) => *n += 1,
            (_, Some(Value::Null)) => {}
            (Acc::Count(n), Some(_)) => *n += 1,
            (Acc::Sum { int, float, is_float, any }, Some(v)) => {
                *any = true;
                match v {
                    Value::Int(i) if !*is_float => match int.checked_add(*i) {
                        Some(s) => *int = s,
                        None => {
                            *is_float = true;
                            *float = *int as f64 + *i as f64;
                        }
                    },
                    other => {
                        if !*is_float {
                            *is_float = true;
                            *float = *int as f64;
                        }
                        *float += other.as_f64().unwrap_or(0.0);
                    }
                }
            }
            (Acc::Avg { sum, n }, Some(v)) => {
                if let Some(x) = v.as_f64() {
                    *sum += x;
                    *n += 1;
                }
            }
            (Acc::Min(m), Some(v)) if m.is_null() || v.compare(m).is_some_and(|o| o.is_lt()) => {
                *m = v.clone();
            }
            (Acc::Max(m), Some(v)) if m.is_null() || v.compare(m).is_some_and(|o| o.is_gt()) => {
                *m = v.clone();
            }
            _ => {}
        }
    }

    pub fn value(&self) -> Value {
        match self {
            Acc::Count(n) => Value::Int(*n),
            Acc::Sum { any: false, .. } => Value::Null,
            Acc::Sum { float, is_float: true, .. } => Value::Num(*float),
            Acc::Sum { int, .. } => Value::Int(*int),
            Acc::Avg { n: 0, .. } => Value::Null,
            Acc::Avg { sum, n } => Value::Num(sum / *n as f64),
            Acc::Min(v) | Acc::Max(v) => v.clone(),
        }
    }
}

impl Sliding {
    /// Adds the row to its partition's window and drops what fell out of the frame: the
    /// aggregate over the window now, and the error of a partition key or argument that
    /// failed (the row still counts, with NULL for a failed argument).
    #[inline]
    pub fn slide(&mut self, env: &Env<'_>) -> (Value, Option<String>) {
        let mut failed = None;
        let mut key = Vec::with_capacity(self.partition.len());
        for p in &self.partition {
            match p.eval(env) {
                Ok(v) => key.push(v),
                Err(e) => failed = Some(e),
            }
        }
        let arg = match &self.arg {
            Some(a) => match a.eval(env) {
                Ok(v) => v,
                Err(e) => {
                    failed = Some(e);
                    Value::Null
                }
            },
            None => Value::Int(1),
        };
        let rowtime = env.rowtime;
        let dq = self.parts.entry(key.into_boxed_slice()).or_default();
        dq.push_back((rowtime, arg));
        match self.frame {
            Frame::Range(r) => {
                while dq.front().is_some_and(|f| f.0 < rowtime.saturating_sub(r)) {
                    dq.pop_front();
                }
            }
            Frame::Rows(n) => {
                while dq.len() as u64 > n.saturating_add(1) {
                    dq.pop_front();
                }
            }
        }
        let mut acc = Acc::new(self.func);
        for (_, v) in dq.iter() {
            acc.add(if self.arg.is_some() { Some(v) } else { None });
        }
        (acc.value(), failed)
    }
}

/// The windows one row falls in, by (end, start, serial): one, except for HOP's.
enum WindowIds {
    One((i64, i64, u64)),
    Hop(Vec<(i64, i64, u64)>),
}

impl WindowIds {
    fn as_slice(&self) -> &[(i64, i64, u64)] {
        match self {
            WindowIds::One(id) => std::slice::from_ref(id),
            WindowIds::Hop(ids) => ids,
        }
    }
}

impl Grouped {
    /// Adds a row to the groups of the windows it falls in. The error of a key (the row is
    /// left out) or of an aggregate's argument (the row still counts).
    #[inline]
    pub fn add(&mut self, row: &[Value], env: &Env<'_>) -> Option<String> {
        let mut key = std::mem::take(&mut self.scratch);
        key.clear();
        let mut failed = None;
        for k in &self.keys {
            match k.eval(env) {
                Ok(v) => key.push(v),
                Err(e) => failed = Some(e),
            }
        }
        if failed.is_some() {
            self.scratch = key;
            return failed;
        }
        let ids = self.window_ids(&key, env.rowtime);
        for id in ids.as_slice() {
            if let Some(e) = self.accumulate(*id, &key, row, env) {
                failed = Some(e);
            }
        }
        self.scratch = key;
        failed
    }

    fn window_ids(&mut self, key: &[Value], rowtime: i64) -> WindowIds {
        match self.windowing {
            Windowing::Tumbling { size } => {
                let start = floor_div(rowtime, size);
                WindowIds::One((start.saturating_add(size), start, 0))
            }
            Windowing::Hop { slide, size } => {
                let mut v = Vec::new();
                let mut start = floor_div(rowtime, slide);
                while start.saturating_add(size) > rowtime && v.len() < 1000 {
                    v.push((start.saturating_add(size), start, 0));
                    start = start.saturating_sub(slide);
                }
                v.reverse();
                WindowIds::Hop(v)
            }
            Windowing::Stagger { range } => WindowIds::One(match self.stagger_index.get(key) {
                Some(id) if id.0 > rowtime => *id,
                _ => {
                    self.seq += 1;
                    let id = (rowtime.saturating_add(range), rowtime, self.seq);
                    self.stagger_index.insert(key.to_vec().into_boxed_slice(), id);
                    id
                }
            }),
        }
    }

    /// The row into its group of window `id`: the error of an aggregate's argument.
    fn accumulate(
        &mut self,
        id: (i64, i64, u64),
        key: &[Value],
        row: &[Value],
        env: &Env<'_>,
    ) -> Option<String> {
        let w = self.open.entry(id).or_default();
        w.rows += 1;
        let gi = match w.index.get(key) {
            Some(i) => *i,
            None => {
                let i = w.groups.len();
                w.groups.push(Group {
                    key: key.to_vec().into_boxed_slice(),
                    row: row.to_vec(),
                    accs: self.aggs.iter().map(|(f, _)| Acc::new(*f)).collect(),
                    rows: 0,
                });
                w.index.insert(key.to_vec().into_boxed_slice(), i);
                i
            }
        };
        let group = &mut w.groups[gi];
        group.rows += 1;
        let mut failed = None;
        for (acc, (_, arg)) in group.accs.iter_mut().zip(&self.aggs) {
            match arg {
                None => acc.add(None),
                Some(Expr::Col(c)) => acc.add(Some(row.get(*c).unwrap_or(&Value::Null))),
                Some(a) => match a.eval(env) {
                    Ok(v) => acc.add(Some(&v)),
                    Err(e) => failed = Some(e),
                },
            }
        }
        failed
    }
}
