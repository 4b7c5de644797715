//! AWS's error shape: a `__type` code, a message, an HTTP status.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("An error occurred ({code}) when calling the {action} operation: {message}")]
pub struct ApiError {
    /// The `__type` AWS returns: `ResourceNotFoundException`.
    pub code: String,
    pub message: String,
    /// HTTP status: 400 for client errors, 500 for internal failures.
    pub status: u16,
    /// The operation, for the CLI's "when calling the X operation" wording.
    pub action: String,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into(), status: 400, action: String::new() }
    }

    pub fn unknown_operation() -> Self {
        // AWS answers an unknown X-Amz-Target with this code and an empty message.
        Self::new("UnknownOperationException", "")
    }

    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new("SerializationException", message)
    }

    pub fn with_action(mut self, action: &str) -> Self {
        self.action = action.to_string();
        self
    }

    /// The JSON body AWS sends: `{"__type": "...", "message": "..."}`.
    pub fn body(&self) -> String {
        #[derive(Serialize)]
        struct Body<'a> {
            #[serde(rename = "__type")]
            code: &'a str,
            message: &'a str,
        }
        serde_json::to_string(&Body { code: &self.code, message: &self.message })
            .unwrap_or_default()
    }
}
