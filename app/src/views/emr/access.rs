//! Security groups and access: the rules of EMR's managed groups as the EC2 console lists
//! them; "connect from SOURCE to a node on PORT" with the rule that admitted it or the
//! timeout; SSH from your address added with one click; the era switch (SSH open to the world
//! before December 2020, VisibleToAllUsers honoured in 2019); which clusters an IAM user lists.

use engine::ec2::reach::{Source, LEARNER_ADDRESS};
use engine::ec2::Ec2Command;
use engine::emr::EmrCommand;
use engine::Command;
use leptos::prelude::*;

use super::{short_name, EmrState};

#[component]
pub fn Access() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let sim = state.sim;
    let groups = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().ec2().groups())
    });
    let era = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().emr().era())
    });
    let users = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().iam().users())
    });
    let source = RwSignal::new("learner".to_string());
    let target = RwSignal::new(String::new());
    let port = RwSignal::new("22".to_string());
    let protocol = RwSignal::new("tcp".to_string());
    let answer = RwSignal::new(None::<(bool, String)>);
    let acting = RwSignal::new("root".to_string());

    let set_era = move |ssh: bool, visibility: bool| {
        let line = "set the scenario's access rules (era)";
        let r = sim.act_checked(
            Command::Emr(EmrCommand::SetEra {
                ssh_open_to_world: ssh,
                visibility_2019: visibility,
            }),
            line,
        );
        state.error.set(r.err().map(|e| e.message));
    };
    let nodes =
        move || state.cluster.with(|c| c.as_ref().map(|c| c.nodes.clone()).unwrap_or_default());
    let connect = move |_| {
        let all = nodes();
        let to = target.get_untracked();
        let to = if to.is_empty() {
            all.first().map(|n| n.ec2_id.clone()).unwrap_or_default()
        } else {
            to
        };
        let from = match source.get_untracked().as_str() {
            "internet" => Source::Internet,
            "service" => Source::EmrService,
            "primary" => match all.iter().find(|n| n.role == "MASTER") {
                Some(n) => Source::Node { instance: n.ec2_id.clone() },
                None => Source::Internet,
            },
            _ => Source::Learner,
        };
        let Ok(p) = port.get_untracked().trim().parse::<i64>() else {
            answer.set(Some((false, "The port must be a number from 0 to 65535.".into())));
            return;
        };
        let proto = protocol.get_untracked();
        let line =
            format!("connect from {} to {to} on {} {p}", from.text(), proto.to_ascii_uppercase());
        let command = Command::Ec2(Ec2Command::Connect {
            source: from,
            instance: to,
            protocol: proto,
            port: p,
        });
        match sim.act_checked(command, &line) {
            Ok(body) => {
                let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                let allowed = v["Allowed"].as_bool().unwrap_or(false);
                answer.set(Some((allowed, v["Message"].as_str().unwrap_or_default().to_string())));
            }
            Err(e) => answer.set(Some((false, e.message))),
        }
    };
    let add_ssh = move |_| {
        let Some(master) = groups
            .with(|g| g.iter().find(|g| g.name == "ElasticMapReduce-master").map(|g| g.id.clone()))
        else {
            state.error.set(Some(
                "Launch a cluster first: EMR makes ElasticMapReduce-master with it.".into(),
            ));
            return;
        };
        let body = serde_json::json!({"GroupId": master, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
            "IpRanges": [{"CidrIp": format!("{LEARNER_ADDRESS}/32"), "Description": "SSH from my address"}]}]});
        let line = format!("aws ec2 authorize-security-group-ingress --group-id {master} --protocol tcp --port 22 --cidr {LEARNER_ADDRESS}/32");
        let r = sim.act_checked(
            Command::api("ec2.AuthorizeSecurityGroupIngress", body.to_string()),
            &line,
        );
        state.error.set(r.err().map(|e| e.message));
    };
    let rules = move || {
        groups
            .get()
            .into_iter()
            .flat_map(|g| {
                let name = g.name.clone();
                g.inbound
                    .into_iter()
                    .map(move |r| {
                        let source = match groups.with_untracked(|all| {
                            all.iter().find(|x| x.id == r.source).map(|x| x.name.clone())
                        }) {
                            Some(n) => format!("{} ({n})", r.source),
                            None => r.source.clone(),
                        };
                        view! {
                            <tr data-testid="sg-rule">
                                <td>{name.clone()}</td>
                                <td>{r.ports.clone()}</td>
                                <td>{source}</td>
                                <td class="muted">{r.description.clone()}</td>
                            </tr>
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .collect_view()
    };
    let node_options = move || {
        let all = nodes();
        all.iter()
            .map(|n| {
                let label = format!("{} ({})", short_name(&all, &n.id), n.ec2_id);
                view! { <option value=n.ec2_id.clone()>{label}</option> }
            })
            .collect_view()
    };
    let listed = move || {
        let who = acting.get();
        sim.version.track();
        if who == "root" {
            sim.with_world(|w| w.view().emr().clusters().len())
        } else {
            sim.with_world(|w| w.view().emr().clusters_visible_to(&who).len())
        }
    };
    view! {
        <section class="panel emr-access" aria-labelledby="access-title">
            <h3 id="access-title">"Security groups and access"</h3>
            <p class="muted">"EMR makes ElasticMapReduce-master (primary node) and ElasticMapReduce-slave (core and task nodes) with the first cluster, and puts back any missing default inbound rule at each launch. The EMR service's addresses are shown as one prefix list: AWS lists them only as \"various Amazon IP address ranges\"."</p>
            <table class="sg-rules">
                <thead><tr><th>"Group"</th><th>"Inbound"</th><th>"Source"</th><th>"Description"</th></tr></thead>
                <tbody>{rules}</tbody>
            </table>
            <button data-testid="add-ssh" on:click=add_ssh>{format!("Allow SSH from my address ({LEARNER_ADDRESS}/32)")}</button>
            <form class="connect" on:submit=move |ev| { ev.prevent_default(); connect(()); }>
                <label>"From "
                    <select on:change=move |ev| source.set(event_target_value(&ev))>
                        <option value="learner">"your address"</option>
                        <option value="internet">"the internet"</option>
                        <option value="primary">"the primary node"</option>
                        <option value="service">"the EMR service"</option>
                    </select>
                </label>
                <label>" to "<select on:change=move |ev| target.set(event_target_value(&ev))>{node_options}</select></label>
                <label>" on "
                    <select on:change=move |ev| protocol.set(event_target_value(&ev))>
                        <option value="tcp">"TCP"</option>
                        <option value="udp">"UDP"</option>
                        <option value="icmp">"ICMP"</option>
                    </select>
                </label>
                <input type="text" inputmode="numeric" size="5" aria-label="port" prop:value=move || port.get() on:input=move |ev| port.set(event_target_value(&ev)) />
                <button type="submit" data-testid="connect">"Connect"</button>
            </form>
            {move || answer.get().map(|(ok, text)| view! {
                <p data-testid="connect-result" class:ok=ok class:refused={!ok}>{text}</p>
            })}
            <fieldset class="era">
                <legend>"Which rules"</legend>
                <label><input type="checkbox" prop:checked=move || era.get().ssh_open_to_world
                    on:change=move |ev| set_era(event_target_checked(&ev), era.get_untracked().visibility_2019) />
                    " Before December 2020: a new ElasticMapReduce-master admits SSH (TCP 22) from 0.0.0.0/0"</label>
                <label><input type="checkbox" prop:checked=move || era.get().visibility_2019
                    on:change=move |ev| set_era(era.get_untracked().ssh_open_to_world, event_target_checked(&ev)) />
                    " 2019: VisibleToAllUsers false hides a cluster from other IAM users (today it has no effect)"</label>
            </fieldset>
            <label>"Acting as "
                <select data-testid="acting-as" on:change=move |ev| acting.set(event_target_value(&ev))>
                    <option value="root">"the root user"</option>
                    {move || users.get().into_iter().map(|(u, _)| view! { <option value=u.clone()>{format!("IAM user {u}")}</option> }).collect_view()}
                </select>
                {move || format!(": lists {} cluster(s)", listed())}
            </label>
        </section>
    }
}
