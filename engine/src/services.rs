//! The one list of services. Everything that must know every service comes from the single
//! [`services!`] invocation at the bottom of this file: the service modules themselves
//! (`crate::kinesis`, ...: `lib.rs` declares none), the [`Services`] state the World owns
//! (and checkpoints), the [`Command`], [`Event`] and [`Wake`] variants with their `From`
//! impls, the routing of an API call to its service, of a learner command and of a wake-up,
//! and [`SERVICES`], the table the AWS CLI emulator and the local endpoint read their models
//! and protocols from. A forgotten service cannot compile: every list is generated from the
//! same line.
//!
//! A service is a folder `engine/src/<name>/` whose `mod.rs` exposes the same few items:
//!
//! - `<Name>`: its state (`Default + Clone`), e.g. [`crate::kinesis::Kinesis`];
//! - `Event`: what a learner can observe; `Wake`: its scheduled wake-ups (an empty enum when it
//!   schedules nothing); `LearnerCommand`: what a learner does outside the API (settings of
//!   simulated actors, outages);
//! - `dispatch(services, ctx, action, body)`: one API action by name with its request body;
//! - `command(services, ctx, &LearnerCommand)` and `wake(services, ctx, Wake)`.
//!
//! Adding a service is its folder plus one line here.

use serde::{Deserialize, Serialize};

use crate::api::ApiError;
pub use crate::api::{Protocol, ServiceInfo, ServiceModel};
use crate::sim::{Ctx, WorldEvent};

/// botocore's model files of a service, embedded: `dir` is `<cli name>/<api version>` under
/// `engine/models/`; the service model as `build.rs` compacted it. A service may come without
/// one (`model: []`).
#[allow(unused_macro_rules)]
macro_rules! model {
    ($dir:literal) => {
        Some(ServiceModel {
            service: include_str!(concat!(env!("OUT_DIR"), "/models/", $dir, "/service-2.json")),
            paginators: include_str!(concat!("../models/", $dir, "/paginators-1.json")),
        })
    };
    () => {
        None
    };
}

macro_rules! services {
    ($(
        $(#[$doc:meta])*
        $Variant:ident => $module:ident in $folder:literal {
            protocol: $protocol:expr,
            cli: $cli:literal,
            model: [$($model:literal)?] $(,)?
        }
    ),+ $(,)?) => {
        $(
            #[path = $folder]
            pub mod $module;
        )+

        /// Every service's state, owned by the World and cloned whole into a checkpoint.
        #[derive(Clone, Debug, Default)]
        pub struct Services {
            $(pub(crate) $module: crate::$module::$Variant,)+
        }

        /// Everything that changes the world: an API call, or a learner's command to one
        /// service. Recorded in the command log and in shareable links by variant name: keep
        /// the names stable.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Command {
            /// An AWS API call: `target` names the action and `body` is its input shape in
            /// JSON. For a JSON 1.1 service that is exactly what the endpoint receives
            /// (`X-Amz-Target: Kinesis_20131202.PutRecord` and the body); for a REST-XML or
            /// query service the target is `<registry name>.<Action>` (`s3.PutObject`) and the
            /// body what its codec read from method, path, query, headers and payload (blobs in
            /// base64), so every front door records the same command. `caller` is the access
            /// key id that signed it (none: the account's root user, as the console and the UI
            /// call; see `crate::sim::Caller`).
            Api {
                target: String,
                body: String,
                #[serde(default, skip_serializing_if = "Option::is_none")]
                caller: Option<String>,
            },
            $($(#[$doc])* $Variant(crate::$module::LearnerCommand),)+
        }

        $(impl From<crate::$module::LearnerCommand> for Command {
            fn from(c: crate::$module::LearnerCommand) -> Self {
                Command::$Variant(c)
            }
        })+

        /// Typed events: everything a learner can observe is one of these, appended to the
        /// event log. Events carry integers and strings only (no floats), so they hash the same
        /// on every platform; the variant order is part of the fingerprint.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Event {
            World(WorldEvent),
            $($Variant(crate::$module::Event),)+
        }

        $(impl From<crate::$module::Event> for Event {
            fn from(e: crate::$module::Event) -> Self {
                Event::$Variant(e)
            }
        })+

        /// A scheduled wake-up, routed to the service that asked for it.
        #[derive(Clone, Debug)]
        pub enum Wake {
            $($Variant(crate::$module::Wake),)+
        }

        $(impl From<crate::$module::Wake> for Wake {
            fn from(w: crate::$module::Wake) -> Self {
                Wake::$Variant(w)
            }
        })+

        /// The services, in registry order (the CLI sorts its names for `aws help`).
        pub const SERVICES: &[ServiceInfo] = &[
            $(ServiceInfo {
                name: stringify!($module),
                protocol: $protocol,
                cli_name: $cli,
                model: model!($($model)?),
            },)+
        ];

        /// [`call_prefix`] of the service in folder `name`. From the protocols alone, not
        /// [`SERVICES`]: code that only routes calls (the page's first module) then carries no
        /// botocore model, which only the AWS CLI reads.
        pub fn call_prefix_of(name: &str) -> Option<&'static str> {
            match name {
                $(stringify!($module) => Some(call_prefix(stringify!($module), $protocol)),)+
                _ => None,
            }
        }

        impl Command {
            /// The action's name as the learner knows it: `PutRecord`, `CreateStream`.
            pub fn action(&self) -> &str {
                match self {
                    Command::Api { target, .. } => target.rsplit('.').next().unwrap_or(target),
                    $(Command::$Variant(c) => c.action(),)+
                }
            }
        }

        impl Services {
            $(
                /// The service's state, for benchmarks and tests of typed operations run
                /// through [`crate::World::with_services`] (never replayed).
                pub fn $module(&mut self) -> &mut crate::$module::$Variant {
                    &mut self.$module
                }
            )+
        }

        impl<'a> crate::sim::WorldView<'a> {
            $(
                /// Read-only handle on the service: `*View` values only.
                pub fn $module(&self) -> crate::$module::Snapshot<'a> {
                    crate::$module::Snapshot::new(&self.services.$module, self.now_unix_ms())
                }
            )+
        }

        impl Services {
            /// Runs one command against the services. Never panics, whatever the bytes.
            pub(crate) fn run(
                &mut self,
                ctx: &mut Ctx<'_>,
                command: &Command,
            ) -> Result<String, ApiError> {
                match command {
                    Command::Api { target, body, .. } => self.dispatch(ctx, target, body),
                    $(Command::$Variant(c) => crate::$module::command(self, ctx, c),)+
                }
            }

            /// Hands a due wake-up to the service that scheduled it.
            pub(crate) fn wake(&mut self, ctx: &mut Ctx<'_>, wake: Wake) {
                match wake {
                    $(Wake::$Variant(w) => crate::$module::wake(self, ctx, w),)+
                }
            }

            /// Routes an API call by its prefix: a JSON 1.1 service's `X-Amz-Target` prefix,
            /// or a REST-XML or query service's registry name (its front door, method and path
            /// or `Action=`, has already named the action: see [`call_prefix`]).
            pub(crate) fn dispatch(
                &mut self,
                ctx: &mut Ctx<'_>,
                target: &str,
                body: &str,
            ) -> Result<String, ApiError> {
                let (prefix, action) = target.rsplit_once('.').unwrap_or(("", target));
                $(if call_prefix(stringify!($module), $protocol) == prefix {
                    return crate::$module::dispatch(self, ctx, action, body);
                })+
                Err(ApiError::unknown_operation().with_action(action))
            }
        }
    };
}

services! {
    /// A setting of Kinesis's simulated actors (producers, consumer applications).
    Kinesis => kinesis in "kinesis/mod.rs" {
        protocol: Protocol::Json11 { target_prefix: "Kinesis_20131202" },
        cli: "kinesis",
        model: ["kinesis/2013-12-02"],
    },
    /// A learner's Firehose action outside the API (destination outages and the like).
    Firehose => firehose in "firehose/mod.rs" {
        protocol: Protocol::Json11 { target_prefix: "Firehose_20150804" },
        cli: "firehose",
        model: ["firehose/2015-08-04"],
    },
    /// A learner's S3 action (the console's `aws s3 mb` and friends). S3 speaks REST-XML:
    /// its API is reached by method and path, not by an `X-Amz-Target`.
    S3 => s3 in "s3/mod.rs" {
        protocol: Protocol::RestXml,
        cli: "s3api",
        model: ["s3/2006-03-01"],
    },
    /// A setting of Kinesis Data Analytics' simulated actors (the demo ticker feed).
    Analytics => analytics in "analytics/mod.rs" {
        protocol: Protocol::Json11 { target_prefix: "KinesisAnalytics_20150814" },
        cli: "kinesisanalytics",
        model: ["kinesisanalytics/2015-08-14"],
    },
    /// A learner's EMR fault (lose a node, stop a heartbeat, lose a disk).
    Emr => emr in "emr/mod.rs" {
        protocol: Protocol::Json11 { target_prefix: "ElasticMapReduce" },
        cli: "emr",
        model: ["emr/2009-03-31"],
    },
    /// A learner's action on a Snowball appliance (unlock, copy, Edge compute).
    Snowball => snowball in "transfer/mod.rs" {
        protocol: Protocol::Json11 { target_prefix: "AWSIESnowballJobManagementService" },
        cli: "snowball",
        model: ["snowball/2016-06-30"],
    },
    /// A learner's connection attempt ("connect from SOURCE to NODE on PORT"). EC2 speaks the
    /// query protocol; its botocore model (several megabytes whole) is embedded cut to the
    /// actions the sandbox serves (tools/prune_model.py).
    Ec2 => ec2 in "ec2/mod.rs" {
        protocol: Protocol::Query { version: "2016-11-15" },
        cli: "ec2",
        model: ["ec2/2016-11-15"],
    },
    /// IAM has no learner commands (an empty enum): users and policies go through its API.
    Iam => iam in "iam/mod.rs" {
        protocol: Protocol::Query { version: "2010-05-08" },
        cli: "iam",
        model: ["iam/2010-05-08"],
    },
    /// A learner's Data Pipeline fault or Task Runner (make an activity fail, stop a runner).
    DataPipeline => pipeline in "pipeline/mod.rs" {
        protocol: Protocol::Json11 { target_prefix: "DataPipeline" },
        cli: "datapipeline",
        model: ["datapipeline/2012-10-29"],
    },
    /// A learner's own device shipped for an Import/Export Disk job (a query service).
    ImportExport => importexport in "importexport/mod.rs" {
        protocol: Protocol::Query { version: "2010-06-01" },
        cli: "importexport",
        model: ["importexport/2010-06-01"],
    },
}

/// What names a service in a command's target: the `X-Amz-Target` prefix of a JSON 1.1 service
/// (`Kinesis_20131202`), the registry name of the others (`s3`).
pub const fn call_prefix(name: &'static str, protocol: Protocol) -> &'static str {
    match protocol.target_prefix() {
        Some(prefix) => prefix,
        None => name,
    }
}

/// The service whose CLI name is `cli_name` (`kinesis`, `s3api`).
pub fn by_cli_name(cli_name: &str) -> Option<&'static ServiceInfo> {
    SERVICES.iter().find(|s| s.cli_name == cli_name)
}

/// The JSON 1.1 service whose `X-Amz-Target` prefix is `prefix` (`Kinesis_20131202`).
pub fn by_target_prefix(prefix: &str) -> Option<&'static ServiceInfo> {
    SERVICES.iter().find(|s| s.protocol.target_prefix() == Some(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_json_service_has_a_distinct_target_prefix_and_a_model() {
        let prefixes: Vec<_> = SERVICES.iter().filter_map(|s| s.protocol.target_prefix()).collect();
        assert_eq!(
            prefixes,
            [
                "Kinesis_20131202",
                "Firehose_20150804",
                "KinesisAnalytics_20150814",
                "ElasticMapReduce",
                "AWSIESnowballJobManagementService",
                "DataPipeline"
            ]
        );
        for s in SERVICES.iter().filter(|s| s.protocol.target_prefix().is_some()) {
            assert!(s.model.is_some(), "{} has no botocore model", s.name);
        }
    }

    #[test]
    fn s3_is_a_rest_xml_service_without_a_target() {
        let s3 = by_cli_name("s3api").map(|s| (s.name, s.protocol.name()));
        assert_eq!(s3, Some(("s3", "rest-xml")));
        assert!(by_target_prefix("S3").is_none());
    }
}
