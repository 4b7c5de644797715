//! The sandbox's DynamoDB tables, as far as Data Pipeline looks at them: a DynamoDBDataNode
//! names one (`tableName`), and the system-managed preconditions DynamoDBTableExists (the
//! table exists) and DynamoDBDataExists (it holds at least one item) check them, on the same
//! waiting and re-checking rhythm as the S3 preconditions.
//!
//! How a table comes to exist is the sandbox's choice: the learner verbs `CreateDynamoTable`
//! and `PutDynamoItem` stand for `aws dynamodb create-table` and `put-item` (an item in
//! DynamoDB's JSON, `{"id": {"S": "1"}}`), with DynamoDB's error texts.

use std::collections::BTreeMap;

use serde_json::Value;

use super::definition::Definition;
use crate::api::ErrorCode;

/// A table: its partition key attribute and its items by key value (each item as JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DynamoTable {
    pub partition_key: String,
    pub items: BTreeMap<String, String>,
}

/// Tables by name.
pub type Dynamo = BTreeMap<String, DynamoTable>;

/// At most this many items per table (the sandbox's bound, so a long run stays small).
pub const ITEMS_KEPT: usize = 10_000;

/// DynamoDB's own check of a table name (CreateTable's validation text).
fn check_name(name: &str) -> Result<(), (ErrorCode, String)> {
    let fail = |c: &str| {
        Err((
            ErrorCode::Validation,
            format!("1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: {c}"),
        ))
    };
    if name.len() < 3 {
        return fail("Member must have length greater than or equal to 3");
    }
    if name.len() > 255 {
        return fail("Member must have length less than or equal to 255");
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        return fail("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    Ok(())
}

/// `create-table`: answers (error code, message) on failure.
pub fn create_table(d: &mut Dynamo, name: &str, key: &str) -> Result<(), (ErrorCode, String)> {
    check_name(name)?;
    if key.is_empty() {
        return Err((
            ErrorCode::Validation,
            "1 validation error detected: Value '' at 'keySchema.1.member.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1".into(),
        ));
    }
    if d.contains_key(name) {
        return Err((ErrorCode::ResourceInUse, format!("Table already exists: {name}")));
    }
    d.insert(name.into(), DynamoTable { partition_key: key.into(), items: BTreeMap::new() });
    Ok(())
}

/// `put-item`: the item replaces any with the same key value.
pub fn put_item(d: &mut Dynamo, name: &str, item: &str) -> Result<(), (ErrorCode, String)> {
    let invalid = |m: &str| (ErrorCode::Validation, m.to_string());
    let t = d
        .get_mut(name)
        .ok_or_else(|| (ErrorCode::ResourceNotFound, "Requested resource not found".into()))?;
    let v: Value = serde_json::from_str(item)
        .map_err(|e| invalid(&format!("Error parsing parameter '--item': Invalid JSON: {e}")))?;
    let Value::Object(attrs) = &v else {
        return Err(invalid("Error parsing parameter '--item': Invalid JSON: expected an object"));
    };
    let key = attrs.get(&t.partition_key).ok_or_else(|| {
        invalid(&format!(
            "One or more parameter values were invalid: Missing the key {} in the item",
            t.partition_key
        ))
    })?;
    // A key attribute is a string (S) or a number (N): `{"S": "1"}`.
    let key = match key.as_object().and_then(|m| m.get("S").or_else(|| m.get("N"))) {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(invalid(&format!("One or more parameter values were invalid: Type mismatch for key {} expected: S actual: M", t.partition_key))),
    };
    if t.items.len() >= ITEMS_KEPT && !t.items.contains_key(&key) {
        t.items.pop_first();
    }
    t.items.insert(key, v.to_string());
    Ok(())
}

/// Whether DynamoDBTableExists / DynamoDBDataExists holds for `table`.
pub fn holds(d: &Dynamo, type_name: &str, table: &str) -> bool {
    match type_name {
        "DynamoDBTableExists" => d.contains_key(table),
        _ => d.get(table).is_some_and(|t| !t.items.is_empty()),
    }
}

/// The DynamoDB objects' own validation: "The DynamoDBDataNode object does not support the
/// Exists precondition" (its Developer Guide page).
pub fn check(def: &Definition, id: &str, type_name: &str, e: &mut Vec<String>) {
    if type_name != "DynamoDBDataNode" {
        return;
    }
    if def.refs(id, "precondition").iter().any(|p| def.type_of(p) == Some("Exists")) {
        e.push(
            "INVALID_FIELD_VALUE:  a DynamoDBDataNode does not support the Exists precondition."
                .into(),
        );
    }
}
