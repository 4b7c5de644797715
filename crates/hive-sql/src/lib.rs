//! HiveQL for the sandbox's EMR clusters. A script is split and parsed ([`lex`], then
//! sqlparser's Hive dialect), each statement compiled against the metastore as it is when the
//! statement runs ([`Session`]), and a query planned into MapReduce [`plan::Stage`]s whose map,
//! combine and reduce work over bytes is in [`exec`]. Pure: no files, no clock; the engine
//! runs the stages as jobs on its cluster and does the DDL's file work.

pub mod catalog;
mod compile;
pub mod driver;
pub mod error;
pub mod exec;
pub mod explain;
pub mod expr;
pub mod lex;
pub mod local;
pub mod plan;
mod query;
mod scope;
pub mod value;

pub use catalog::{Catalog, Column, Partition, SerDe, Table, WAREHOUSE};
pub use compile::{Action, Session};
pub use error::{ErrorKind, HiveError};
pub use value::{Type, Value};
