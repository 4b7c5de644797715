//! The SQL dialects' integration tests, one binary: checking, highlighting, compiling and
//! running Kinesis Data Analytics SQL and Flink SQL windows over rows.

mod dialects;
mod twin;
