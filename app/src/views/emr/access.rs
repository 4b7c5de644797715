//! Security groups and access: EMR's managed groups drawn as fences, each around the nodes it
//! is attached to (ElasticMapReduce-master around the primary, -slave around the core and task
//! nodes; the -Private ones and ServiceAccess in a private subnet), with its inbound rules on
//! the fence; "try a connection" from the internet, your address, another node or the EMR
//! service animates a packet that passes through the opening a rule makes (named) or stops at
//! the fence, with the engine's own verdict; SSH from your address added with one click; the
//! era switch (SSH open to the world before December 2020, VisibleToAllUsers honoured in
//! 2019); and who the view acts as.

use engine::ec2::reach::{Source, LEARNER_ADDRESS};
use engine::ec2::Ec2Command;
use engine::emr::EmrCommand;
use engine::Command;
use leptos::prelude::*;

use super::{short_name, EmrState};

/// Which of the cluster's managed groups a fence is: the primary's, the other nodes', or the
/// ServiceAccess group (no nodes inside: the service's side of a private subnet).
#[derive(Clone, Copy, PartialEq)]
enum Fence {
    Primary,
    Others,
    Service,
}

/// A connection tried: where the packet came from, the node it went to, and the verdict (the
/// group and rule that let it through, or the engine's reason it stopped).
#[derive(Clone, PartialEq)]
struct Tried {
    from: String,
    to: String,
    allowed: bool,
    group: Option<String>,
    rule: Option<String>,
    message: String,
    /// Bumped per try, so the packet's animation starts again.
    serial: u32,
}

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
    let source = RwSignal::new("learner".to_string());
    let target = RwSignal::new(String::new());
    let port = RwSignal::new("22".to_string());
    let protocol = RwSignal::new("tcp".to_string());
    let answer = RwSignal::new(None::<Tried>);

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
        let picked = source.get_untracked();
        let from = match picked.as_str() {
            "internet" => Source::Internet,
            "service" => Source::EmrService,
            "learner" => Source::Learner,
            node => match all.iter().find(|n| n.ec2_id == node) {
                Some(n) => Source::Node { instance: n.ec2_id.clone() },
                None => Source::Learner,
            },
        };
        let from_label = match &from {
            Source::Node { instance } => all
                .iter()
                .find(|n| &n.ec2_id == instance)
                .map_or_else(|| instance.clone(), |n| short_name(&all, &n.id)),
            other => other.text(),
        };
        let to_label = all
            .iter()
            .find(|n| n.ec2_id == to)
            .map_or_else(|| to.clone(), |n| short_name(&all, &n.id));
        let serial = answer.with_untracked(|a| a.as_ref().map_or(0, |a| a.serial + 1));
        let tried = |allowed, group, rule, message| Tried {
            from: from_label.clone(),
            to: to_label.clone(),
            allowed,
            group,
            rule,
            message,
            serial,
        };
        let Ok(p) = port.get_untracked().trim().parse::<i64>() else {
            answer.set(Some(tried(
                false,
                None,
                None,
                "The port must be a number from 0 to 65535.".into(),
            )));
            return;
        };
        let proto = protocol.get_untracked();
        let line =
            format!("connect from {} to {to} on {} {p}", from.text(), proto.to_ascii_uppercase());
        let command = Command::Ec2(Ec2Command::Connect {
            source: from.clone(),
            instance: to.clone(),
            protocol: proto,
            port: p,
        });
        match sim.act_checked(command, &line) {
            Ok(body) => {
                let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                let text = |k: &str| v[k].as_str().map(str::to_string);
                answer.set(Some(tried(
                    v["Allowed"].as_bool().unwrap_or(false),
                    text("Group"),
                    text("Rule"),
                    text("Message").unwrap_or_default(),
                )));
            }
            Err(e) => answer.set(Some(tried(false, None, None, e.message))),
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
    // The cluster's managed groups and which fence each is (by id when the cluster names
    // them; additional groups a learner attaches are not drawn).
    let fences = move || {
        let ids = state.cluster.with(|c| {
            c.as_ref().map(|c| {
                let mut ids = vec![
                    (c.master_security_group.clone(), Fence::Primary),
                    (c.slave_security_group.clone(), Fence::Others),
                ];
                ids.extend(c.service_access_security_group.clone().map(|g| (g, Fence::Service)));
                ids
            })
        });
        let Some(ids) = ids else { return Vec::new() };
        let all = groups.get();
        let name_of = |id: &str| all.iter().find(|g| g.id == id).map(|g| g.name.clone());
        ids.into_iter()
            .filter_map(|(id, fence)| {
                let g = all.iter().find(|g| g.id == id)?.clone();
                let rules: Vec<(String, String, String)> = g
                    .inbound
                    .iter()
                    .map(|r| {
                        let source = match name_of(&r.source) {
                            Some(n) => format!("{} ({n})", r.source),
                            None => r.source.clone(),
                        };
                        (r.ports.clone(), source, r.description.clone())
                    })
                    .collect();
                Some((g, fence, rules))
            })
            .collect::<Vec<_>>()
    };
    let fence_views = move || {
        let all = nodes();
        fences()
            .into_iter()
            .map(|(g, fence, rules)| {
                let inside: Vec<String> = all
                    .iter()
                    .filter(|n| match fence {
                        Fence::Primary => n.role == "MASTER",
                        Fence::Others => n.role != "MASTER",
                        Fence::Service => false,
                    })
                    .map(|n| short_name(&all, &n.id))
                    .collect();
                let gid = g.id.clone();
                let lit = move |text: String| {
                    let gid = gid.clone();
                    move || {
                        answer.with(|a| {
                            a.as_ref().is_some_and(|a| {
                                a.allowed && a.group.as_deref() == Some(&gid) && a.rule.as_deref() == Some(&text)
                            })
                        })
                    }
                };
                let gid = g.id.clone();
                let stopped = move || {
                    answer.with(|a| a.as_ref().is_some_and(|a| !a.allowed)) && fence != Fence::Service
                };
                let passed = move || answer.with(|a| a.as_ref().is_some_and(|a| a.group.as_deref() == Some(&gid)));
                view! {
                    <div class="sg-fence" data-testid="sg-fence" data-group=g.name.clone()
                        class:service=fence == Fence::Service class:stopped=stopped class:passed=passed>
                        <div class="fence-name">{format!("{} · {}", g.name, g.id)}</div>
                        <div class="fence-nodes">
                            {if inside.is_empty() {
                                view! { <span class="muted">"no nodes: the EMR service reaches the cluster through it"</span> }.into_any()
                            } else {
                                inside.into_iter().map(|n| view! { <span class="fence-node" data-testid="fence-node">{n}</span> }).collect_view().into_any()
                            }}
                        </div>
                        <ul class="fence-rules">
                            {rules.into_iter().map(|(ports, source, description)| {
                                let text = format!("{ports} from {source}");
                                view! {
                                    <li data-testid="sg-rule" class:opening=lit(text.clone()) title=description.clone()>
                                        <span class="rule-ports">{ports}</span>" from "<span class="rule-source">{source}</span>
                                        {(!description.is_empty()).then(|| view! { <span class="muted">{format!(" · {description}")}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })
            .collect_view()
    };
    // The packet: from its source to the fence, then through the named opening to the node,
    // or stopped at the fence.
    let packet = move || {
        answer.get().map(|a| {
            let outcome = if a.allowed {
                format!("through {}", a.rule.clone().unwrap_or_default())
            } else {
                "stopped at the fence: no rule allows it".to_string()
            };
            view! {
                <div class="packet-lane" data-testid="packet" data-allowed=a.allowed.to_string() data-serial=a.serial.to_string()>
                    <span class="lane-end">{a.from.clone()}</span>
                    <span class="lane-track">
                        <span class="lane-fence" aria-hidden="true"></span>
                        <span class="packet" class:passes=a.allowed class:stops={!a.allowed} aria-hidden="true"></span>
                    </span>
                    <span class="lane-end">{a.to.clone()}</span>
                    <span class="lane-outcome" data-testid="packet-outcome">{outcome}</span>
                </div>
                <p data-testid="connect-result" class:ok=a.allowed class:refused={!a.allowed}>{a.message.clone()}</p>
            }
        })
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
    let source_options = move || {
        let all = nodes();
        all.iter()
            .map(|n| {
                let label = format!("{} ({})", short_name(&all, &n.id), n.private_ip);
                view! { <option value=n.ec2_id.clone()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="panel emr-access" aria-labelledby="access-title">
            <h3 id="access-title">"Security groups and access"</h3>
            <p class="muted">"EMR makes ElasticMapReduce-master (around the primary node) and ElasticMapReduce-slave (around the core and task nodes) with the first cluster, and puts back any missing default inbound rule at each launch. Each fence lists its inbound rules: a packet gets in only through an opening one of them makes. The EMR service's addresses are shown as one prefix list: AWS lists them only as \"various Amazon IP address ranges\"."</p>
            <div class="sg-fences">{fence_views}</div>
            <button data-testid="add-ssh" on:click=add_ssh>{format!("Allow SSH from my address ({LEARNER_ADDRESS}/32)")}</button>
            <form class="connect" on:submit=move |ev| { ev.prevent_default(); connect(()); }>
                <label>"Try a connection from "
                    <select data-testid="connect-source" on:change=move |ev| source.set(event_target_value(&ev))>
                        <option value="learner">"my IP"</option>
                        <option value="internet">"the internet"</option>
                        <option value="service">"the EMR service"</option>
                        <optgroup label="another node">{source_options}</optgroup>
                    </select>
                </label>
                <label>" to "<select data-testid="connect-target" on:change=move |ev| target.set(event_target_value(&ev))>{node_options}</select></label>
                <label>" on "
                    <select on:change=move |ev| protocol.set(event_target_value(&ev))>
                        <option value="tcp">"TCP"</option>
                        <option value="udp">"UDP"</option>
                        <option value="icmp">"ICMP"</option>
                    </select>
                </label>
                <input type="text" inputmode="numeric" size="5" aria-label="port" data-testid="connect-port" prop:value=move || port.get() on:input=move |ev| port.set(event_target_value(&ev)) />
                <button type="submit" data-testid="connect">"Connect"</button>
            </form>
            {packet}
            <fieldset class="era">
                <legend>"Which rules"</legend>
                <label><input type="checkbox" prop:checked=move || era.get().ssh_open_to_world
                    on:change=move |ev| set_era(event_target_checked(&ev), era.get_untracked().visibility_2019) />
                    " Before December 2020: a new ElasticMapReduce-master admits SSH (TCP 22) from 0.0.0.0/0"</label>
                <label><input type="checkbox" prop:checked=move || era.get().visibility_2019
                    on:change=move |ev| set_era(era.get_untracked().ssh_open_to_world, event_target_checked(&ev)) />
                    " 2019: VisibleToAllUsers false hides a cluster from other IAM users (today it has no effect)"</label>
            </fieldset>
        </section>
    }
}

/// Who the view's own calls are made as: the account's admin (root) or an IAM user the
/// scenario created; with the clusters that user lists.
#[component]
pub fn ActingAs() -> impl IntoView {
    let state = expect_context::<EmrState>();
    let sim = state.sim;
    let acting = state.acting;
    let users = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().iam().users())
    });
    let listed = move || state.clusters.with(Vec::len);
    view! {
        <div class="acting-as">
        <label>"Acting as "
            <select data-testid="acting-as" on:change=move |ev| {
                let v = event_target_value(&ev);
                acting.set((v != "root").then_some(v));
                state.error.set(None);
            }>
                <option value="root" selected=move || acting.get().is_none()>"the account's admin (root user)"</option>
                {move || users.get().into_iter().map(|(u, _)| {
                    let is = u.clone();
                    view! { <option value=u.clone() selected=move || acting.get().as_deref() == Some(is.as_str())>{format!("IAM user {u}")}</option> }
                }).collect_view()}
            </select>
            {move || format!(": lists {} cluster(s)", listed())}
        </label>
        <p class="muted">"Create cluster, add step, protect and terminate are called as this user, as --profile would: a refused call shows AWS's AccessDeniedException text here and its aws ... --profile line in the console. The cluster list is what this user lists."</p>
        </div>
    }
}
