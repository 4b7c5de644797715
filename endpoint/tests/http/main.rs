//! The endpoint over raw HTTP, one test binary: `support` starts it in-process; each module
//! covers one side of what clients see.

mod basics;
mod cbor;
mod connection;
mod malformed;
mod sandbox_controls;
mod support;
