//! One consumer application's card: how far behind it reads, its workers (kill one, add one),
//! its lease table, and a redeploy with KCL's defaults when it polls slower than them.

use engine::kinesis::{ActorCommand, KclView, LeaseView, Retrieval};
use engine::Command;
use leptos::prelude::*;

use super::consumers::{default_polling, retrieval_text, set_retrieval_command, worker_number};
use super::keyspace::short_id;
use super::meters::{format_age, grouped};
use super::StreamsState;

#[component]
pub fn IteratorAge(name: String, lags: Memo<Vec<(String, u64)>>) -> impl IntoView {
    let lag = Memo::new(move |_| lags.with(|l| l.iter().find(|x| x.0 == name).map_or(0, |x| x.1)));
    view! {
        <span class="iterator-age" class:behind={move || lag.get() >= 5_000} title="GetRecords.IteratorAgeMilliseconds: how far behind the newest record this consumer reads, at its worst shard">
            "iterator age "
            <strong data-testid="iterator-age" data-ms=move || lag.get().to_string()>
                {move || format_age(lag.get())}
            </strong>
        </span>
    }
}

#[component]
pub fn ConsumerCard(name: String, lags: Memo<Vec<(String, u64)>>) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let app = {
        let name = name.clone();
        Memo::new(move |_| state.apps.with(|a| a.iter().find(|x| x.app == name).cloned()))
    };
    let stop = {
        let name = name.clone();
        move |_| {
            sim.act(
                Command::Kinesis(ActorCommand::StopKcl { app: name.clone() }),
                &format!("consumer {name} stops"),
            )
        }
    };
    let add_worker = {
        let name = name.clone();
        move |_| {
            sim.act(
                Command::Kinesis(ActorCommand::AddWorker { app: name.clone() }),
                &format!("{name} starts another worker"),
            )
        }
    };
    let kind =
        move || app.with(|a| a.as_ref().map(|a| retrieval_text(&a.retrieval)).unwrap_or_default());
    let label = name.clone();
    let for_workers = name.clone();
    view! {
        <li class="consumer-card" data-consumer=label.clone()>
            <div class="consumer-head">
                <strong>{label.clone()}</strong>
                <IteratorAge name=label.clone() lags=lags />
                <SpeedUp name=name.clone() app=app />
                <button class="small" on:click=add_worker>"+ Worker"</button>
                <button class="small" on:click=stop>"Stop"</button>
            </div>
            <p class="consumer-kind">{kind}</p>
            <ul class="workers">
                <For
                    each=move || app.with(|a| a.as_ref().map(|a| a.workers.clone()).unwrap_or_default())
                    key=|w| (w.worker.clone(), w.alive, w.leases)
                    let:w
                >
                    <WorkerChip app=for_workers.clone() worker=w.worker.clone() alive=w.alive leases=w.leases />
                </For>
            </ul>
            <LeaseTable app=app />
        </li>
    }
}

/// A polling application below KCL's defaults can be redeployed with them; it keeps its
/// leases and checkpoints, so it catches up instead of starting over.
#[component]
fn SpeedUp(name: String, app: Memo<Option<KclView>>) -> impl IntoView {
    let sim = expect_context::<StreamsState>().sim;
    let below_defaults = Memo::new(move |_| {
        app.with(|a| {
            a.as_ref().is_some_and(|a| {
                matches!(a.retrieval, Retrieval::Polling { .. }) && a.retrieval != default_polling()
            })
        })
    });
    move || {
        below_defaults.get().then(|| {
            let name = name.clone();
            let redeploy = move |_| {
                sim.act(
                    Command::Kinesis(set_retrieval_command(&name, default_polling())),
                    &format!(
                        "{name} is redeployed with KCL's defaults (GetRecords every second, up to 10,000 records) and resumes from its checkpoints"
                    ),
                )
            };
            view! {
                <button
                    class="small"
                    data-testid="speed-up-consumer"
                    title="Redeploy with KCL's defaults, keeping leases and checkpoints"
                    on:click=redeploy
                >
                    "Speed up"
                </button>
            }
        })
    }
}

/// The application's lease table: each shard's owner, checkpoint, progress and lag.
#[component]
fn LeaseTable(app: Memo<Option<KclView>>) -> impl IntoView {
    view! {
        <table class="leases">
            <thead>
                <tr>
                    <th scope="col">"Shard"</th>
                    <th scope="col">"Lease owner"</th>
                    <th scope="col">"Checkpoint"</th>
                    <th scope="col">"Processed"</th>
                    <th scope="col">"Behind"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    app.with(|a| a.as_ref().map(|a| a.leases.clone()).unwrap_or_default())
                        .into_iter()
                        .map(lease_row)
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

fn lease_row(l: LeaseView) -> impl IntoView {
    let checkpoint = if l.checkpoint.len() > 16 {
        format!("…{}", &l.checkpoint[l.checkpoint.len() - 8..])
    } else {
        l.checkpoint.clone()
    };
    let owner = l
        .owner
        .clone()
        .map(|o| o.rsplit("-worker-").next().map(|n| format!("worker {n}")).unwrap_or(o))
        .unwrap_or_else(|| "—".into());
    let waiting = l.blocked_by_parent;
    view! {
        <tr class:done=l.checkpoint == "SHARD_END" class:waiting=waiting>
            <td>{short_id(&l.shard_id)}</td>
            <td>{owner}</td>
            <td title=l.checkpoint.clone()>
                {if waiting { "waits for parent".to_string() } else { checkpoint }}
            </td>
            <td>{grouped(l.records_processed)}</td>
            <td>{format_age(l.millis_behind_latest)}</td>
        </tr>
    }
}

#[component]
fn WorkerChip(app: String, worker: String, alive: bool, leases: u32) -> impl IntoView {
    let state = expect_context::<StreamsState>();
    let sim = state.sim;
    let number = worker_number(&worker);
    let kill = {
        let worker = worker.clone();
        move |_| {
            if let Some(n) = number {
                sim.act(
                    Command::Kinesis(ActorCommand::KillWorker { app: app.clone(), worker: n }),
                    &format!("{worker} crashes: its leases expire and other workers take them"),
                );
            }
        }
    };
    let label = format!("worker {}", number.map_or_else(|| worker.clone(), |n| n.to_string()));
    view! {
        <li class="worker" class:dead=!alive>
            <span>{label}</span>
            <span class="worker-leases">
                {if alive { format!("{leases} lease{}", if leases == 1 { "" } else { "s" }) } else { "dead".into() }}
            </span>
            {alive.then(|| view! { <button class="small danger" data-testid="kill-worker" on:click=kill>"Kill"</button> })}
        </li>
    }
}
