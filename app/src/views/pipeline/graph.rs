//! The definition as a graph: one column per category, left to right in the order work flows
//! (schedules, preconditions, input data, activities with their resources below them, output
//! data, actions), an
//! edge for every reference that moves work (input, output, runsOn, dependsOn, precondition,
//! onFail, onSuccess, onLateAction). Each box is coloured by the status of its newest
//! instance, so the graph shows where a run is. `Default` is not drawn: its fields are listed
//! under the graph (every object inherits them).

use engine::pipeline::{ObjectView, PipelineView as Pipeline};
use leptos::prelude::*;

use super::{of_component, status_class, PipeState};

const BOX_W: f64 = 180.0;
const BOX_H: f64 = 62.0;
const COL_GAP: f64 = 80.0;
const ROW_GAP: f64 = 22.0;
const PAD: f64 = 16.0;

/// Edge kinds: (field, whether the referenced object is the edge's source).
const EDGES: &[(&str, bool)] = &[
    ("input", true),
    ("output", false),
    ("runsOn", false),
    ("dependsOn", true),
    ("precondition", true),
    ("onFail", false),
    ("onSuccess", false),
    ("onLateAction", false),
    ("database", false),
    ("dataFormat", false),
];

/// The column an object is drawn in.
fn column(p: &Pipeline, o: &ObjectView) -> Option<usize> {
    Some(match o.kind {
        "schedule" => 0,
        "precondition" => 1,
        "data" => {
            let written = p.objects.iter().any(|a| a.refs("output").contains(&o.id.as_str()));
            if written {
                4
            } else {
                2
            }
        }
        "activity" => 3,
        // Below the activities: a runsOn edge then never crosses a data node.
        "resource" => 3,
        "action" => 6,
        "database" => 5,
        "format" => 1,
        _ if o.id == "Default" => return None,
        _ => 3,
    })
}

/// Where each object's box is: (id, x, y), and the drawing's size.
pub struct Layout {
    pub boxes: Vec<(usize, f64, f64)>,
    pub width: f64,
    pub height: f64,
}

pub fn layout(p: &Pipeline) -> Layout {
    let cols: Vec<Option<usize>> = p.objects.iter().map(|o| column(p, o)).collect();
    let used: Vec<usize> = {
        let mut u: Vec<usize> = cols.iter().flatten().copied().collect();
        u.sort_unstable();
        u.dedup();
        u
    };
    let mut rows = vec![0usize; used.len()];
    let mut boxes = Vec::new();
    // Activities first in their column, then the resources under them.
    let mut order: Vec<usize> = (0..p.objects.len()).collect();
    order.sort_by_key(|&i| p.objects[i].kind == "resource");
    for i in order {
        let Some(c) = &cols[i] else { continue };
        let Some(slot) = used.iter().position(|u| u == c) else { continue };
        let x = PAD + slot as f64 * (BOX_W + COL_GAP);
        let y = PAD + rows[slot] as f64 * (BOX_H + ROW_GAP);
        rows[slot] += 1;
        boxes.push((i, x, y));
    }
    let tallest = rows.iter().copied().max().unwrap_or(0) as f64;
    Layout {
        boxes,
        // Room on the right for the loops of edges within the last column.
        width: 2.0 * PAD + used.len() as f64 * (BOX_W + COL_GAP),
        height: 2.0 * PAD + tallest * (BOX_H + ROW_GAP) - ROW_GAP,
    }
}

#[component]
pub fn Graph() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let drawing = move || {
        state.pipeline.with(|p| {
            let Some(p) = p.as_ref().filter(|p| !p.objects.is_empty()) else {
                return view! { <p class="muted">"No definition yet."</p> }.into_any();
            };
            let errored: Vec<String> = state.problems.with(|all| {
                all.iter().filter(|x| !x.warning).filter_map(|x| x.object.clone()).collect()
            });
            draw(p, &errored).into_any()
        })
    };
    let defaults = move || {
        state.pipeline.with(|p| {
            p.as_ref().and_then(|p| p.objects.iter().find(|o| o.id == "Default")).map(|d| {
                d.fields
                    .iter()
                    .map(|f| {
                        if f.is_ref {
                            format!("{}: → {}", f.key, f.value)
                        } else {
                            format!("{}: {}", f.key, f.value)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
        })
    };
    view! {
        <section class="panel pipeline-graph-panel" aria-labelledby="graph-title">
            <h3 id="graph-title">"The definition"</h3>
            <div class="graph-scroll">{drawing}</div>
            {move || defaults().map(|d| view! { <p class="defaults" data-testid="default-object"><strong>"Default (inherited by every object): "</strong>{d}</p> })}
            <p class="legend muted">"Edges: input → activity → output; runsOn → resource; dependsOn; precondition; onFail / onSuccess → action. A box's colour is its newest instance's status."</p>
        </section>
    }
}

/// `errored`: the objects the last put's validation errors name, outlined in red.
/// A name cut to what its box holds (the full name is the box's title).
fn fit(name: &str) -> String {
    const MAX: usize = 17;
    if name.chars().count() <= MAX {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(MAX - 1).collect::<String>())
    }
}

fn draw(p: &Pipeline, errored: &[String]) -> impl IntoView {
    let l = layout(p);
    let at = |id: &str| {
        l.boxes.iter().find(|(i, _, _)| p.objects[*i].id == id).map(|(_, x, y)| (*x, *y))
    };
    let mut edges = Vec::new();
    for o in &p.objects {
        let Some(here) = at(&o.id) else { continue };
        for (field, from_target) in EDGES {
            for target in o.refs(field) {
                let Some(there) = at(target) else { continue };
                let (a, b) = if *from_target { (there, here) } else { (here, there) };
                edges.push((field.to_string(), a, b));
            }
        }
    }
    let edges = edges
        .into_iter()
        .map(|(field, (ax, ay), (bx, by))| {
            // Left to right when it can; otherwise out of the right side and back in.
            let (sx, sy) = (ax + BOX_W, ay + BOX_H / 2.0);
            let (tx, ty) = if bx > ax { (bx, by + BOX_H / 2.0) } else { (bx + BOX_W, by + BOX_H / 2.0) };
            let bend = if bx > ax { (tx - sx) / 2.0 } else { 30.0 + (ty - sy).abs() * 0.3 };
            let d = format!(
                "M{sx:.0},{sy:.0} C{:.0},{sy:.0} {:.0},{ty:.0} {tx:.0},{ty:.0}",
                sx + bend,
                if bx > ax { tx - bend } else { tx + bend }
            );
            // A loop's label sits at its outer edge, clear of the boxes it joins.
            let (lx, ly) = if bx > ax {
                ((sx + tx) / 2.0, (sy + ty) / 2.0 - 4.0)
            } else {
                (sx + bend * 0.75 + 22.0, (sy + ty) / 2.0 + 4.0)
            };
            view! {
                <g class=format!("edge edge-{field}") data-testid="pipeline-edge" data-field=field.clone()>
                    <path d=d marker-end="url(#arrow)" />
                    <text x=format!("{lx:.0}") y=format!("{ly:.0}") text-anchor="middle">{field.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let boxes = l
        .boxes
        .iter()
        .map(|&(i, x, y)| {
            let o = &p.objects[i];
            let status = of_component(p, &o.id).last().map(|i| i.status).unwrap_or("");
            let count = of_component(p, &o.id).count();
            let sub = if count > 0 {
                format!("{} · {count} instance{}", o.type_name, if count == 1 { "" } else { "s" })
            } else {
                o.type_name.clone()
            };
            let has_error = errored.contains(&o.id);
            let class = format!(
                "obj kind-{} {}{}",
                o.kind,
                if status.is_empty() { String::new() } else { status_class(status) },
                if has_error { " errored" } else { "" }
            );
            let title = format!("{} ({}){}", o.id, o.type_name, if status.is_empty() { String::new() } else { format!(": newest instance {status}") });
            view! {
                <g class=class data-testid="pipeline-object" data-id=o.id.clone() data-kind=o.kind data-status=status data-error=has_error.to_string()>
                    <title>{title}</title>
                    <rect x=format!("{x:.0}") y=format!("{y:.0}") width=BOX_W height=BOX_H rx="8" />
                    <text class="obj-name" x=format!("{:.0}", x + 10.0) y=format!("{:.0}", y + 25.0)>{fit(&o.name)}</text>
                    <text class="obj-type" x=format!("{:.0}", x + 10.0) y=format!("{:.0}", y + 47.0)>{sub}</text>
                </g>
            }
        })
        .collect_view();
    let svg_class = if l.width > 700.0 { "pipeline-graph wide" } else { "pipeline-graph" };
    view! {
        <svg class=svg_class data-testid="pipeline-graph" role="img"
            aria-label="The pipeline definition as a graph of its objects"
            viewBox=format!("0 0 {:.0} {:.0}", l.width.max(1.0), l.height.max(1.0))
            // A little larger than its drawing for a projector; the style sheet caps it at
            // the panel's width (no inline style: the CSP forbids it).
            width=format!("{:.0}", l.width * 1.25)>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" />
                </marker>
            </defs>
            {edges}
            {boxes}
        </svg>
    }
}
