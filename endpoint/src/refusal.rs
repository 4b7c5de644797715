//! The XML answers AWS gives to requests that never reach a JSON service: any method but POST,
//! or a POST whose Content-Type is neither AWS JSON 1.1, CBOR nor `application/json`. The
//! signature is checked first; then the target decides (kinesalite's connection tests
//! recorded each of these against AWS).

use hyper::header::HeaderMap;
use hyper::StatusCode;

use crate::auth;
use crate::response::{self, Body};
use crate::targets;

/// AWS's XML answer to a request it will not route to a service.
pub fn answer(headers: &HeaderMap, query: Option<&str>, target: &str) -> hyper::Response<Body> {
    if let Err(e) = auth::check(headers, query) {
        return response::xml_error(e.code.as_str(), &e.message, StatusCode::FORBIDDEN);
    }
    let (service, operation) = target.split_once('.').unwrap_or((target, ""));
    if service.is_empty() || operation.is_empty() {
        return access_denied();
    }
    if !targets::is_served_service(service) {
        return response::xml_error(
            "UnrecognizedClientException",
            &format!(
                "No authorization strategy was found for service: {service}, operation: \
                 {operation}"
            ),
            StatusCode::FORBIDDEN,
        );
    }
    if targets::is_known(target) {
        response::xml_bare("UnknownOperationException", StatusCode::NOT_FOUND)
    } else {
        response::xml_bare("InternalFailure", StatusCode::INTERNAL_SERVER_ERROR)
    }
}

pub fn access_denied() -> hyper::Response<Body> {
    response::xml_error(
        "AccessDeniedException",
        "Unable to determine service/operation name to be authorized",
        StatusCode::FORBIDDEN,
    )
}
