//! The AWS CLI emulator's integration tests, one binary: the console's CLI against the real
//! CLI's recorded output, and parsing and printing on their own.

mod access;
mod datapipeline;
mod edge_endpoint;
mod emr;
mod emr_ssh;
mod engine_errors;
mod golden;
mod parse;
mod snowball;
mod support;
