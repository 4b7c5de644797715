//! Beside the graph: the sandbox's RDS MySQL tables that the SqlDataNodes and MySqlDataNodes
//! name, and the DynamoDB tables of the DynamoDBDataNodes, with their rows and items as the
//! copies and the learner's verbs leave them, and those verbs as controls (run SQL on the
//! node's database, create the table, put an item).
//!
//! The sandbox has no RDS or DynamoDB service: the databases and tables exist only through
//! the learner's verbs here (recorded in the command log like any API call), so each panel says
//! so, and each verb is echoed in the console as a sandbox action, not as an `aws` line the
//! console could not run.

use engine::pipeline::{ObjectView, PipelineCommand, PipelineView as Pipeline};
use engine::Command;
use leptos::prelude::*;

use super::PipeState;
use crate::driver::Sim;

/// The newest rows or items a card shows (the count above them is the whole table's).
const SHOWN: usize = 20;

/// Where a SQL data node's rows live: the RDS instance, its database and the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlNode {
    pub id: String,
    pub instance: String,
    pub database: String,
    pub table: String,
}

/// `(instance, database)` of `jdbc:mysql://<instance>.<rest>:3306/<database>`, as the engine
/// reads a connection string.
fn parse_url(url: &str) -> Option<(String, String)> {
    let rest = url.strip_prefix("jdbc:mysql://")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let instance = host.split(['.', ':']).next().unwrap_or_default().to_string();
    let database = path.split('?').next().unwrap_or_default().to_string();
    Some((instance, database))
}

/// The instance, database and table a SqlDataNode / MySqlDataNode names, through its
/// `database` (an RdsDatabase or a JdbcDatabase) or its own `connectionString`.
pub fn sql_node(p: &Pipeline, node: &ObjectView) -> Option<SqlNode> {
    let find = |id: &str| p.objects.iter().find(|o| o.id == id);
    let (instance, mut database) = match node.refs("database").first().and_then(|id| find(id)) {
        Some(db) if db.type_name == "RdsDatabase" => (
            db.text("rdsInstanceId")?.to_string(),
            db.text("databaseName").unwrap_or_default().to_string(),
        ),
        Some(db) => {
            let (i, d) = parse_url(db.text("connectionString")?)?;
            (i, db.text("databaseName").map_or(d, str::to_string))
        }
        None => parse_url(node.text("connectionString")?)?,
    };
    if let Some(name) = node.text("database") {
        database = name.to_string();
    }
    Some(SqlNode {
        id: node.id.clone(),
        instance,
        database,
        table: node.text("table").unwrap_or_default().to_string(),
    })
}

fn sql_nodes(p: &Option<Pipeline>) -> Vec<SqlNode> {
    let Some(p) = p else { return Vec::new() };
    p.objects
        .iter()
        .filter(|o| matches!(o.type_name.as_str(), "SqlDataNode" | "MySqlDataNode"))
        .filter_map(|o| sql_node(p, o))
        .collect()
}

/// `(node id, table name)` of each DynamoDBDataNode.
fn dynamo_nodes(p: &Option<Pipeline>) -> Vec<(String, String)> {
    let Some(p) = p else { return Vec::new() };
    p.objects
        .iter()
        .filter(|o| o.type_name == "DynamoDBDataNode")
        .filter_map(|o| Some((o.id.clone(), o.text("tableName")?.to_string())))
        .collect()
}

/// Runs `sql` on the node's database as the `mysql` client would, echoing what it printed.
pub fn run_sql(sim: Sim, node: &SqlNode, sql: &str) -> Result<String, String> {
    let command = PipelineCommand::RdsSql {
        instance: node.instance.clone(),
        database: node.database.clone(),
        sql: sql.into(),
    };
    let line = format!(
        "sandbox action (the sandbox's RDS MySQL, as the mysql client): instance {} database {}: {sql}",
        node.instance, node.database
    );
    sim.act_told(Command::DataPipeline(command), &line, |body| {
        serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v["Output"].as_str().map(str::to_string))
            .unwrap_or_default()
    })
    .map_err(|e| e.message)
}

/// Makes the sandbox's DynamoDB table `table`, keyed by the string attribute `key`.
pub fn create_table(sim: Sim, table: &str, key: &str) -> Result<String, String> {
    let command =
        PipelineCommand::CreateDynamoTable { table_name: table.into(), partition_key: key.into() };
    let line = format!(
        "sandbox action (the sandbox's DynamoDB): create table {table}, partition key {key} (S)"
    );
    sim.act_checked(Command::DataPipeline(command), &line).map_err(|e| e.message)
}

/// Puts `item` (DynamoDB JSON) into the sandbox's table `table`.
pub fn put_item(sim: Sim, table: &str, item: &str) -> Result<String, String> {
    let command = PipelineCommand::PutDynamoItem { table_name: table.into(), item: item.into() };
    let line = format!("sandbox action (the sandbox's DynamoDB): put item {item} into {table}");
    sim.act_checked(Command::DataPipeline(command), &line).map_err(|e| e.message)
}

/// The item the Put button suggests: the next key after the items already there.
pub fn next_item(key: &str, count: usize) -> String {
    let key = serde_json::Value::from(key);
    format!(r#"{{{key}:{{"S":"item-{}"}},"source":{{"S":"learner"}}}}"#, count + 1)
}

#[component]
pub fn RdsTables() -> impl IntoView {
    let state = expect_context::<PipeState>();
    // Only the list of nodes: the cards (and what the learner types in them) stay put while
    // the clock runs; their rows follow the clock inside.
    let nodes = Memo::new(move |_| state.pipeline.with(sql_nodes));
    move || {
        let nodes = nodes.get();
        if nodes.is_empty() {
            return None;
        }
        let cards = nodes.into_iter().map(|n| view! { <RdsCard node=n /> }).collect_view();
        Some(view! {
            <section class="panel" aria-labelledby="rds-title">
                <h3 id="rds-title">"RDS MySQL tables"</h3>
                <p class="muted" data-testid="rds-caption">"Simulated by the sandbox: there is no RDS service here. The instance, its database and its tables exist only once you run SQL on them below (the first statement naming them creates the instance and the database)."</p>
                {cards}
            </section>
        })
    }
}

#[component]
fn RdsCard(node: SqlNode) -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    let sql = RwSignal::new(format!("select count(*) from {}", node.table));
    // The last refusal, shown in the card the learner pressed (the console has it too).
    let refusal = RwSignal::new(None::<String>);
    let body = {
        let node = node.clone();
        move || {
            sim.version.track();
            let table = sim.with_world(|w| {
                w.view().pipeline().rds_table(&node.instance, &node.database, &node.table)
            });
            let Some(t) = table else {
                return view! { <div class="mono path" data-testid="rds-rows" data-rows="none">"(no such table yet)"</div> }.into_any();
            };
            let head = t.columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view();
            let skip = t.rows.len().saturating_sub(SHOWN);
            let lines = t.rows[skip..]
                .iter()
                .map(|r| {
                    let cells = r
                        .iter()
                        .map(|c| view! { <td>{c.clone().unwrap_or_else(|| "NULL".into())}</td> })
                        .collect_view();
                    view! { <tr data-testid="rds-row">{cells}</tr> }
                })
                .collect_view();
            let count = if skip > 0 {
                format!("{} row(s), the newest {SHOWN} shown", t.rows.len())
            } else {
                format!("{} row(s)", t.rows.len())
            };
            view! {
                <div data-testid="rds-rows" data-rows=t.rows.len().to_string()>
                    <div class="fill"><strong>{count}</strong></div>
                    <div class="table-scroll"><table class="mono"><thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table></div>
                </div>
            }
            .into_any()
        }
    };
    let run = {
        let node = node.clone();
        move |_| refusal.set(run_sql(sim, &node, &sql.get_untracked()).err())
    };
    view! {
        <div class="data-node" data-testid="rds-table" data-id=node.id.clone() data-table=node.table.clone()>
            <div class="runner-name">{format!("{} ({})", node.id, node.table)}</div>
            <div class="mono path">{format!("instance {} · database {}", node.instance, node.database)}</div>
            {body}
            <textarea data-testid="rds-sql" aria-label="SQL to run on this database" rows="3" class="mono"
                prop:value=move || sql.get() on:input=move |ev| sql.set(event_target_value(&ev))></textarea>
            <button data-testid="rds-run" on:click=run>"▶ Run SQL (sandbox action)"</button>
            {move || refusal.get().map(|e| view! { <p class="error" role="alert" data-testid="store-error">{e}</p> })}
        </div>
    }
}

#[component]
pub fn DynamoTables() -> impl IntoView {
    let state = expect_context::<PipeState>();
    let nodes = Memo::new(move |_| state.pipeline.with(dynamo_nodes));
    move || {
        let nodes = nodes.get();
        if nodes.is_empty() {
            return None;
        }
        let cards = nodes
            .into_iter()
            .map(|(id, table)| view! { <DynamoCard id=id table=table /> })
            .collect_view();
        Some(view! {
            <section class="panel" aria-labelledby="dynamo-title">
                <h3 id="dynamo-title">"DynamoDB tables"</h3>
                <p class="muted" data-testid="dynamo-caption">"Simulated by the sandbox: there is no DynamoDB service here. A table exists only once you create it below, and holds only the items you put (they stand for aws dynamodb create-table and put-item, with DynamoDB's error texts)."</p>
                {cards}
            </section>
        })
    }
}

#[component]
fn DynamoCard(id: String, table: String) -> impl IntoView {
    let state = expect_context::<PipeState>();
    let sim = state.sim;
    let key = RwSignal::new("id".to_string());
    // Empty: the Put button puts the suggested next item.
    let item = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<String>);
    let name = table.clone();
    let current = Memo::new(move |_| {
        sim.version.track();
        sim.with_world(|w| w.view().pipeline().dynamo_table(&name))
    });
    let items = move || {
        current.with(|t| {
            let Some((pk, items)) = t else {
                return view! { <div class="mono path" data-testid="dynamo-items" data-items="none">"(not created yet)"</div> }.into_any();
            };
            // Items come in key order: the table keeps no insertion order, as DynamoDB's Scan.
            let skip = items.len().saturating_sub(SHOWN);
            let list = items[skip..]
                .iter()
                .map(|i| view! { <li class="mono" data-testid="dynamo-item">{i.clone()}</li> })
                .collect_view();
            view! {
                <div data-testid="dynamo-items" data-items=items.len().to_string()>
                    <div class="fill"><strong>{format!("{} item(s)", items.len())}</strong>{format!(", partition key {pk} (S)")}</div>
                    <ul class="keys">{list}</ul>
                </div>
            }
            .into_any()
        })
    };
    // Only whether it exists: the controls (and what the learner types) are made again when
    // the table is created, not at every item the clock or the learner adds.
    let exists = Memo::new(move |_| current.with(Option::is_some));
    let suggestion = move || {
        current
            .with(|t| t.as_ref().map(|(pk, items)| next_item(pk, items.len())).unwrap_or_default())
    };
    let create = {
        let table = table.clone();
        move |_| refusal.set(create_table(sim, &table, &key.get_untracked()).err())
    };
    let put = {
        let table = table.clone();
        move |_| {
            let typed = item.get_untracked();
            let text = if typed.trim().is_empty() { suggestion() } else { typed };
            let r = put_item(sim, &table, &text);
            if r.is_ok() {
                item.set(String::new());
            }
            refusal.set(r.err());
        }
    };
    let controls = move || {
        if exists.get() {
            let put = put.clone();
            view! {
                <label class="field">
                    <span>"Item (DynamoDB JSON; empty: the one suggested)"</span>
                    <input data-testid="dynamo-item-json" class="mono" placeholder=suggestion
                        prop:value=move || item.get() on:input=move |ev| item.set(event_target_value(&ev)) />
                </label>
                <button data-testid="dynamo-put" on:click=put>"⬆ Put item (sandbox action)"</button>
            }
            .into_any()
        } else {
            let create = create.clone();
            view! {
                <label class="field">
                    <span>"Partition key (string)"</span>
                    <input data-testid="dynamo-key" prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
                </label>
                <button data-testid="dynamo-create" on:click=create>"+ Create table (sandbox action)"</button>
            }
            .into_any()
        }
    };
    view! {
        <div class="data-node" data-testid="dynamo-table" data-id=id.clone() data-table=table.clone()>
            <div class="runner-name">{format!("{id} ({table})")}</div>
            {items}
            {controls}
            {move || refusal.get().map(|e| view! { <p class="error" role="alert" data-testid="store-error">{e}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_string_names_the_instance_and_the_database() {
        assert_eq!(
            parse_url("jdbc:mysql://orders-db.abc123.us-east-1.rds.amazonaws.com:3306/shop"),
            Some(("orders-db".into(), "shop".into()))
        );
        assert_eq!(parse_url("jdbc:postgresql://h/db"), None);
        assert_eq!(next_item("id", 2), r#"{"id":{"S":"item-3"},"source":{"S":"learner"}}"#);
    }
}
