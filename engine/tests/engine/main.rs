//! The engine's integration tests, one binary (one link step instead of one per file). Natively
//! every behaviour module runs; compiled to wasm32 (`make test-wasm`, headless Chromium) only the
//! wasm modules do: the determinism check against the native fingerprint, and the throughput
//! benches.

mod support;

#[cfg(not(target_arch = "wasm32"))]
mod analytics_api;
#[cfg(not(target_arch = "wasm32"))]
mod analytics_examples;
#[cfg(not(target_arch = "wasm32"))]
mod api_never_panics;
#[cfg(not(target_arch = "wasm32"))]
mod determinism;
#[cfg(not(target_arch = "wasm32"))]
mod ec2_ssh;
#[cfg(not(target_arch = "wasm32"))]
mod embedded_models;
#[cfg(not(target_arch = "wasm32"))]
mod emr_access;
#[cfg(not(target_arch = "wasm32"))]
mod emr_clusters;
#[cfg(not(target_arch = "wasm32"))]
mod emr_examples;
#[cfg(not(target_arch = "wasm32"))]
mod emr_hdfs;
#[cfg(not(target_arch = "wasm32"))]
mod emr_hdfs_props;
#[cfg(not(target_arch = "wasm32"))]
mod emr_hive;
#[cfg(not(target_arch = "wasm32"))]
mod emr_iam;
#[cfg(not(target_arch = "wasm32"))]
mod emr_mapreduce;
#[cfg(not(target_arch = "wasm32"))]
mod emr_merge;
#[cfg(not(target_arch = "wasm32"))]
mod emr_never_panics;
#[cfg(not(target_arch = "wasm32"))]
mod emr_private;
#[cfg(not(target_arch = "wasm32"))]
mod emr_shell;
mod emr_step_time;
#[cfg(not(target_arch = "wasm32"))]
mod emr_streaming_python;
mod emr_terasort;
#[cfg(not(target_arch = "wasm32"))]
mod firehose_delivery;
#[cfg(not(target_arch = "wasm32"))]
mod firehose_destinations;
#[cfg(not(target_arch = "wasm32"))]
mod firehose_errors;
#[cfg(not(target_arch = "wasm32"))]
mod firehose_props;
#[cfg(not(target_arch = "wasm32"))]
mod iam_managed;
#[cfg(not(target_arch = "wasm32"))]
mod importexport_disk;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_actors;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_control;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_errors;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_garbage;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_policies;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_props;
#[cfg(not(target_arch = "wasm32"))]
mod kinesis_routing;
mod pipeline_bench;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_dynamo;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_emr;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_index;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_preconditions;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_rds;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_redshift;
#[cfg(not(target_arch = "wasm32"))]
mod pipeline_runs;
#[cfg(not(target_arch = "wasm32"))]
mod s3_api;
#[cfg(not(target_arch = "wasm32"))]
mod s3_never_panics;
#[cfg(not(target_arch = "wasm32"))]
mod s3_store;
#[cfg(not(target_arch = "wasm32"))]
mod scenario_codec;
#[cfg(not(target_arch = "wasm32"))]
mod snowball_client;
mod snowball_crypto_bench;
#[cfg(not(target_arch = "wasm32"))]
mod snowball_edge_compute;
#[cfg(not(target_arch = "wasm32"))]
mod snowball_edge_s3;
#[cfg(not(target_arch = "wasm32"))]
mod snowball_export_parts;
#[cfg(not(target_arch = "wasm32"))]
mod snowball_jobs;
#[cfg(not(target_arch = "wasm32"))]
mod snowball_never_panics;

#[cfg(target_arch = "wasm32")]
mod analytics_wasm_bench;
#[cfg(target_arch = "wasm32")]
mod emr_wasm_bench;
#[cfg(target_arch = "wasm32")]
mod firehose_wasm_bench;
#[cfg(target_arch = "wasm32")]
mod kinesis_wasm_bench;
#[cfg(target_arch = "wasm32")]
mod wasm_determinism;
