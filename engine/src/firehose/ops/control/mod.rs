//! The control plane: create, describe, list, update and delete delivery streams.
//!
//! In files: [`config`] (checking a destination configuration and building the delivery
//! stream's destination from it), [`streams`] (create, delete), [`describe`] (describe,
//! list), [`update`] (UpdateDestination). Here: what they share.

mod config;
mod describe;
mod streams;
mod update;

pub use config::*;
pub use describe::*;
pub use streams::*;
pub use update::*;

use std::collections::{BTreeMap, VecDeque};

use super::*;
use crate::firehose::delivery;
use crate::firehose::keys;
use crate::firehose::model::*;
use crate::firehose::wire::*;
use crate::firehose::{Event, Wake};

/// ListDeliveryStreams returns 10 names unless told otherwise.
pub const LIST_DEFAULT_LIMIT: usize = 10;
