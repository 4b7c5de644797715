//! Typed calls: a button builds the request shape of an action (`CreateStreamInput`) and gets
//! the `X-Amz-Target` and JSON body from it, so no view hand-types a target or a JSON body.

use serde::Serialize;
use serde_json::Value;

/// The request shape of one API action.
pub trait ApiInput: Serialize {
    /// The service's name in the registry (`kinesis`).
    const SERVICE: &'static str;
    /// The action (`CreateStream`).
    const ACTION: &'static str;
}

/// An API call ready for `Command::Api`: its `X-Amz-Target` and JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub target: String,
    pub body: String,
}

impl Call {
    /// The call `input` stands for. Members left out (`None`) are left out of the body, as an
    /// SDK leaves them out.
    pub fn new<I: ApiInput>(input: &I) -> Call {
        let mut body = serde_json::to_value(input).unwrap_or(Value::Null);
        drop_nulls(&mut body);
        Call { target: target_of::<I>(), body: body.to_string() }
    }
}

/// `<target prefix>.<action>`, the prefix from the service registry.
fn target_of<I: ApiInput>() -> String {
    let prefix = crate::services::call_prefix_of(I::SERVICE).unwrap_or(I::SERVICE);
    format!("{prefix}.{}", I::ACTION)
}

fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// `api_inputs!("kinesis"; CreateStreamInput => "CreateStream", ...)`: each shape's action.
macro_rules! api_inputs {
    ($service:literal; $($shape:ty => $action:literal),+ $(,)?) => {
        $(impl $crate::api::ApiInput for $shape {
            const SERVICE: &'static str = $service;
            const ACTION: &'static str = $action;
        })+
    };
}
pub(crate) use api_inputs;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinesis::wire::{CreateStreamInput, StreamModeDetails};

    #[test]
    fn a_typed_call_names_its_target_and_leaves_out_what_is_not_set() {
        let call = Call::new(&CreateStreamInput {
            stream_name: Some("orders".into()),
            shard_count: Some(2),
            stream_mode_details: Some(StreamModeDetails { stream_mode: None }),
            ..CreateStreamInput::default()
        });
        assert_eq!(call.target, "Kinesis_20131202.CreateStream");
        assert_eq!(call.body, r#"{"ShardCount":2,"StreamModeDetails":{},"StreamName":"orders"}"#);
    }
}
