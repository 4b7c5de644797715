//! A stage's work over bytes, as its tasks do it: the map reads its split's lines through the
//! table's SerDe (or an earlier stage's `\x01` rows), runs the operators and writes (key,
//! value) records; the combiner merges partial aggregates of equal keys; the reducer merges
//! the sorted records of every map and writes the output lines. The engine runs these inside
//! its MapReduce tasks, so splits, shuffle, counters and faults are the cluster's.

use crate::plan::{Input, MapJoin, Op, Shuffle, Source, Stage};
use crate::value::{
    decode_values, encode_key, encode_values, line_to_row, row_to_line_with, Value,
};

/// A (key, value) record of the shuffle.
pub type Record = (Vec<u8>, Vec<u8>);

impl Stage {
    /// The input a file belongs to (by directory), and the partition values its directory
    /// names. `dirs` gives each input's directories, as [`Stage::input_dirs`] lists them.
    pub fn input_of<'a>(
        &'a self,
        path: &str,
        dirs: &[Vec<(String, Vec<String>)>],
    ) -> Option<(&'a Input, Vec<String>)> {
        let mut best: Option<(&Input, Vec<String>, usize)> = None;
        for (input, ds) in self.inputs.iter().zip(dirs) {
            for (d, values) in ds {
                let d = d.trim_end_matches('/');
                let inside = path == d || path.starts_with(&format!("{d}/"));
                if inside && best.as_ref().is_none_or(|b| d.len() > b.2) {
                    best = Some((input, values.clone(), d.len()));
                }
            }
        }
        best.map(|(i, v, _)| (i, v))
    }

    /// Runs the map over the lines of one split of a file.
    pub fn map(
        &self,
        input: &Input,
        partition: &[String],
        lines: &mut dyn Iterator<Item = &[u8]>,
        emit: &mut dyn FnMut(Vec<u8>, Vec<u8>),
    ) -> Result<(), String> {
        for line in lines {
            let text = String::from_utf8_lossy(line);
            let row = read_row(input, &text, partition)?;
            let mut rows = vec![row];
            apply_ops(&input.ops, &mut rows, &mut 0)?;
            for row in rows {
                self.emit_row(input.tag, &row, emit)?;
            }
        }
        Ok(())
    }

    fn emit_row(
        &self,
        tag: u8,
        row: &[Value],
        emit: &mut dyn FnMut(Vec<u8>, Vec<u8>),
    ) -> Result<(), String> {
        match &self.shuffle {
            None => emit(Vec::new(), row_to_line_with(row, &self.separator).into_bytes()),
            Some(Shuffle::Group { keys, aggs }) => {
                let mut key = Vec::new();
                let mut vals = Vec::with_capacity(keys.len() + aggs.len());
                for k in keys {
                    let v = k.eval(row)?;
                    encode_key(&mut key, &v, false);
                    vals.push(v);
                }
                for a in aggs {
                    vals.push(a.init(row)?);
                }
                let mut value = Vec::new();
                encode_values(&mut value, &vals);
                emit(key, value);
            }
            Some(Shuffle::Join { keys, .. }) => {
                // A first byte of 1 marks a key with a NULL in it: it joins nothing.
                let mut key = vec![0];
                for k in &keys[usize::from(tag.min(1))] {
                    let v = k.eval(row)?;
                    if v.is_null() {
                        key[0] = 1;
                    }
                    encode_key(&mut key, &v, false);
                }
                let mut value = vec![tag];
                encode_values(&mut value, row);
                emit(key, value);
            }
            Some(Shuffle::Sort { keys }) => {
                let mut key = Vec::new();
                for (k, desc) in keys {
                    encode_key(&mut key, &k.eval(row)?, *desc);
                }
                let mut value = Vec::new();
                encode_values(&mut value, row);
                emit(key, value);
            }
        }
        Ok(())
    }

    /// Whether the map side combines (GROUP BY's partial aggregates).
    pub fn combines(&self) -> bool {
        matches!(self.shuffle, Some(Shuffle::Group { .. }))
    }

    /// The combiner over a map's sorted run: one record per key, partials merged.
    pub fn combine(&self, sorted: &[Record]) -> Vec<Record> {
        let Some(Shuffle::Group { keys, aggs }) = &self.shuffle else { return sorted.to_vec() };
        let mut out: Vec<Record> = Vec::new();
        let mut state: Option<(Vec<u8>, Vec<Value>)> = None;
        for (k, v) in sorted {
            let Some((vals, _)) = decode_values(v) else { continue };
            match &mut state {
                Some((sk, sv)) if sk == k => merge_into(sv, vals, keys.len(), aggs),
                _ => {
                    if let Some((sk, sv)) = state.take() {
                        let mut value = Vec::new();
                        encode_values(&mut value, &sv);
                        out.push((sk, value));
                    }
                    state = Some((k.clone(), vals));
                }
            }
        }
        if let Some((sk, sv)) = state {
            let mut value = Vec::new();
            encode_values(&mut value, &sv);
            out.push((sk, value));
        }
        out
    }

    /// The reducer over its records, sorted by key: the output file's lines.
    pub fn reduce(&self, records: &[(&[u8], &[u8])]) -> Result<Vec<String>, String> {
        let mut rows: Vec<Vec<Value>> = Vec::new();
        match &self.shuffle {
            None => {}
            Some(Shuffle::Group { keys, aggs }) => {
                let mut i = 0;
                while i < records.len() {
                    let mut j = i;
                    let mut acc: Option<Vec<Value>> = None;
                    while j < records.len() && records[j].0 == records[i].0 {
                        if let Some((vals, _)) = decode_values(records[j].1) {
                            match &mut acc {
                                Some(a) => merge_into(a, vals, keys.len(), aggs),
                                None => acc = Some(vals),
                            }
                        }
                        j += 1;
                    }
                    if let Some(mut a) = acc {
                        for (n, agg) in aggs.iter().enumerate() {
                            let slot = keys.len() + n;
                            if let Some(v) = a.get_mut(slot) {
                                *v = agg.finish(std::mem::replace(v, Value::Null));
                            }
                        }
                        rows.push(a);
                    }
                    i = j;
                }
                // A global aggregate over no rows is still one row (count 0).
                if keys.is_empty() && records.is_empty() {
                    rows.push(aggs.iter().map(|a| a.finish(a.empty())).collect());
                }
            }
            Some(Shuffle::Join { widths, left_outer, .. }) => {
                let mut i = 0;
                while i < records.len() {
                    let mut j = i;
                    let (mut left, mut right) = (Vec::new(), Vec::new());
                    while j < records.len() && records[j].0 == records[i].0 {
                        if let Some((&tag, rest)) = records[j].1.split_first() {
                            if let Some((row, _)) = decode_values(rest) {
                                if tag == 0 {
                                    left.push(row);
                                } else {
                                    right.push(row);
                                }
                            }
                        }
                        j += 1;
                    }
                    // A NULL key joins nothing.
                    let null_key = records[i].0.first() == Some(&1);
                    for l in &left {
                        if right.is_empty() || null_key {
                            if *left_outer {
                                let mut row = l.clone();
                                row.extend(std::iter::repeat_n(Value::Null, widths[1]));
                                rows.push(row);
                            }
                            continue;
                        }
                        for r in &right {
                            let mut row = l.clone();
                            row.extend(r.iter().cloned());
                            rows.push(row);
                        }
                    }
                    i = j;
                }
            }
            Some(Shuffle::Sort { .. }) => {
                for (_, v) in records {
                    if let Some((row, _)) = decode_values(v) {
                        rows.push(row);
                    }
                }
            }
        }
        let mut limit_seen = 0;
        apply_ops(&self.reduce_ops, &mut rows, &mut limit_seen)?;
        Ok(rows.iter().map(|r| row_to_line_with(r, &self.separator)).collect())
    }

    /// A map-only stage's output lines for what its map emitted.
    pub fn map_only_lines(records: &[Record]) -> Vec<String> {
        records.iter().map(|(_, v)| String::from_utf8_lossy(v).into_owned()).collect()
    }
}

fn merge_into(acc: &mut [Value], vals: Vec<Value>, nkeys: usize, aggs: &[crate::expr::Agg]) {
    for (n, (agg, v)) in aggs.iter().zip(vals.into_iter().skip(nkeys)).enumerate() {
        if let Some(slot) = acc.get_mut(nkeys + n) {
            *slot = agg.merge(std::mem::replace(slot, Value::Null), v);
        }
    }
}

/// A line of an input as a row.
pub fn read_row(input: &Input, line: &str, partition: &[String]) -> Result<Vec<Value>, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    match &input.source {
        Source::Table(t) => t.read_line(line, partition),
        Source::Stage(_) => Ok(line_to_row(line, &input.types)),
    }
}

/// Runs operators over rows; `limit_seen` counts rows a LIMIT has let through so far.
pub fn apply_ops(
    ops: &[Op],
    rows: &mut Vec<Vec<Value>>,
    limit_seen: &mut u64,
) -> Result<(), String> {
    for op in ops {
        match op {
            Op::Filter(e) => {
                let mut kept = Vec::with_capacity(rows.len());
                for r in rows.drain(..) {
                    if e.eval(&r)?.truthy() == Some(true) {
                        kept.push(r);
                    }
                }
                *rows = kept;
            }
            Op::Project(exprs) => {
                let mut out = Vec::with_capacity(rows.len());
                for r in rows.iter() {
                    let mut p = Vec::with_capacity(exprs.len());
                    for e in exprs {
                        p.push(e.eval(r)?);
                    }
                    out.push(p);
                }
                *rows = out;
            }
            Op::MapJoin(j) => {
                let mut out = Vec::new();
                for r in rows.iter() {
                    map_join(j, r, &mut out)?;
                }
                *rows = out;
            }
            Op::Limit(n) => {
                let room = n.saturating_sub(*limit_seen) as usize;
                rows.truncate(room);
                *limit_seen += rows.len() as u64;
            }
        }
    }
    Ok(())
}

fn map_join(j: &MapJoin, big: &[Value], out: &mut Vec<Vec<Value>>) -> Result<(), String> {
    let mut key = Vec::new();
    let mut null_key = false;
    for k in &j.big_keys {
        let v = k.eval(big)?;
        null_key |= v.is_null();
        encode_key(&mut key, &v, false);
    }
    let matches = if null_key { None } else { j.rows.get(&key) };
    match matches {
        Some(smalls) => {
            for s in smalls {
                let row: Vec<Value> = if j.small_first {
                    s.iter().chain(big.iter()).cloned().collect()
                } else {
                    big.iter().chain(s.iter()).cloned().collect()
                };
                out.push(row);
            }
        }
        None if j.keep_unmatched => {
            let nulls = std::iter::repeat_n(Value::Null, j.small_width);
            out.push(big.iter().cloned().chain(nulls).collect());
        }
        None => {}
    }
    Ok(())
}

impl MapJoin {
    /// Loads the small table's lines (with their partition values) into the hash table, as
    /// Hive's local task does before the job.
    pub fn load(&mut self, lines: &[(String, Vec<String>)]) -> Result<(), String> {
        for (line, partition) in lines {
            let row = self.small.read_line(line.strip_suffix('\r').unwrap_or(line), partition)?;
            let mut key = Vec::new();
            let mut null_key = false;
            for k in &self.small_keys {
                let v = k.eval(&row)?;
                null_key |= v.is_null();
                encode_key(&mut key, &v, false);
            }
            if !null_key {
                self.rows.entry(key).or_default().push(row);
            }
        }
        Ok(())
    }
}
