//! AddTags and RemoveTags on a cluster.

use crate::api::validate::Validator;
use crate::api::ApiError;
use crate::sim::{Ctx, Services};

use super::cluster;
use crate::emr::texts;
use crate::emr::wire::*;

/// Tags checked as EMR checks them ([MRJ]'s texts): keys of 1 to 128 characters, values of
/// at most 256; a key given twice keeps its last value, in first-seen order.
pub fn checked_tags(tags: &[Tag]) -> Result<Vec<(String, String)>, ApiError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for t in tags {
        let key = t.key.clone().unwrap_or_default();
        let len = key.chars().count();
        if !(1..=128).contains(&len) {
            let shown = t.key.as_deref().unwrap_or("null");
            return Err(texts::invalid_request(format!(
                "Invalid tag key: '{shown}'. Tag keys must be between 1 and 128 characters in length."
            )));
        }
        let value = t.value.clone().unwrap_or_default();
        if value.chars().count() > 256 {
            return Err(texts::invalid_request(format!(
                "Invalid tag value: '{value}'. Tag values must be between 1 and 128 characters in length."
            )));
        }
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => out.push((key, value)),
        }
    }
    Ok(out)
}

pub fn add_tags(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: AddTagsInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("resourceId", input.resource_id.as_ref());
    v.required("tags", input.tags.as_ref());
    v.finish()?;
    let tags = checked_tags(input.tags.as_deref().unwrap_or(&[]))?;
    let c = cluster(services, input.resource_id.as_deref().unwrap_or_default())?;
    if c.state.is_ended() {
        return Err(texts::tags_on_terminated());
    }
    for (k, val) in tags {
        match c.tags.iter_mut().find(|(key, _)| *key == k) {
            Some(slot) => slot.1 = val,
            None => c.tags.push((k, val)),
        }
    }
    Ok(Empty)
}

pub fn remove_tags(
    services: &mut Services,
    _ctx: &mut Ctx<'_>,
    input: AddTagsInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    v.required("resourceId", input.resource_id.as_ref());
    v.required("tagKeys", input.tag_keys.as_ref());
    v.finish()?;
    let c = cluster(services, input.resource_id.as_deref().unwrap_or_default())?;
    if c.state.is_ended() {
        return Err(texts::tags_on_terminated());
    }
    let keys = input.tag_keys.unwrap_or_default();
    c.tags.retain(|(k, _)| !keys.contains(k));
    Ok(Empty)
}
