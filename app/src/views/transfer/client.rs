//! The classic Snowball client at the workstation: the learner types `snowball start -i IP -m
//! MANIFEST -u CODE` (the manifest and the code come from GetJobManifest and GetJobUnlockCode),
//! `snowball cp -r /data/logs s3://bucket/logs`, `snowball ls s3://bucket/logs` and `snowball
//! status`. The engine reads the line (`engine::snowball::client`); verbs go through
//! `sim.act`, reads answer from the job's view.

use engine::snowball::client::{self, ClientLine};
use engine::snowball::JobState;
use engine::Command;
use leptos::prelude::*;

use super::TransferState;

#[component]
pub fn SnowballClient() -> impl IntoView {
    let state = expect_context::<TransferState>();
    let sim = state.sim;
    let line = RwSignal::new(String::from("snowball status"));
    let output = RwSignal::new(String::new());
    let run = move || {
        let Some(job) = state.job.get_untracked() else { return };
        let typed = line.get_untracked();
        let answer = match client::parse(&job.id, &typed) {
            Ok(ClientLine::Command(c)) => sim
                .act_checked(Command::Snowball(c), typed.trim())
                .map(|_| "Done.".to_string())
                .map_err(|e| e.message),
            // Reads of the device: answered from the job as it is now (the clock may have
            // moved since the memo last ran).
            Ok(read) => {
                let now = sim.with_world(|w| w.view().snowball().job(&job.id));
                match (now, read) {
                    (Some(j), ClientLine::Status) => client::status(&j),
                    (Some(j), ClientLine::Ls(path)) => client::ls(&j, path.as_deref()),
                    _ => Err("The job is gone.".into()),
                }
            }
            Err(e) => Err(e),
        };
        let (Ok(text) | Err(text)) = answer;
        output.set(format!("$ {}\n{text}", typed.trim()));
    };
    let on_site =
        move || state.job.with(|j| j.as_ref().is_some_and(|j| j.state == JobState::WithCustomer));
    view! {
        <Show when=on_site>
            <section class="panel snowball-client" aria-labelledby="client-title">
                <h3 id="client-title">"Snowball client (workstation)"</h3>
                <form class="order client-line" on:submit=move |ev| { ev.prevent_default(); run(); }>
                    <input data-testid="snowball-client-line" aria-label="Snowball client command"
                        prop:value=move || line.get() on:input=move |ev| line.set(event_target_value(&ev)) />
                    <button type="submit" data-testid="snowball-client-run">"Run"</button>
                </form>
                <pre class="client-output" data-testid="snowball-client-output">{move || output.get()}</pre>
                <p class="muted">{format!(
                    "start -i {} -m MANIFEST -u CODE, cp -r SRC s3://bucket/prefix, ls [s3://bucket/prefix], status. The sandbox's workstation holds {}: the folders the copy buttons use (its choice; a real one copies your own disks).",
                    client::DEVICE_IP,
                    client::WORKSTATION_FOLDERS.join(" and ")
                )}</p>
            </section>
        </Show>
    }
}
