//! Tags on delivery streams.

use super::control::check_tag_list;
use super::*;
use crate::firehose::wire::*;
use crate::firehose::Event;

/// A delivery stream holds at most 50 tags.
pub const MAX_TAGS: usize = 50;

pub fn tag_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: TagDeliveryStreamInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    if v.required("tags", req.tags.as_ref()) {
        check_tag_list(&mut v, "tags", req.tags.as_ref());
    }
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let s = firehose(services).any_status(ctx, &name)?;
    let new: Vec<(String, String)> = req
        .tags
        .unwrap_or_default()
        .into_iter()
        .map(|t| (t.key.unwrap_or_default(), t.value.unwrap_or_default()))
        .collect();
    let total = s
        .tags
        .keys()
        .chain(new.iter().map(|(k, _)| k))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if total > MAX_TAGS {
        return Err(too_many_tags(&name, &account, MAX_TAGS));
    }
    s.tags.extend(new);
    let version = s.version;
    ctx.emit(Event::DeliveryStreamUpdated { stream: name, version, what: "Tags".into() });
    Ok(Empty)
}

pub fn untag_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: UntagDeliveryStreamInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    if v.required("tagKeys", req.tag_keys.as_ref()) {
        let keys = req.tag_keys.as_deref().unwrap_or_default();
        let shown = || format!("[{}]", keys.join(", "));
        v.collection("tagKeys", &shown, keys.len(), Some(1), Some(50));
        for (i, k) in keys.iter().enumerate() {
            v.string(
                &format!("tagKeys.{}.member", i + 1),
                Some(k),
                Some(1),
                Some(128),
                Some(TAG_KEY),
            );
        }
    }
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let s = firehose(services).any_status(ctx, &name)?;
    // Keys that are not there are ignored, as AWS does.
    for k in req.tag_keys.unwrap_or_default() {
        s.tags.remove(&k);
    }
    let version = s.version;
    ctx.emit(Event::DeliveryStreamUpdated { stream: name, version, what: "Tags".into() });
    Ok(Empty)
}

pub fn list_tags_for_delivery_stream(
    services: &mut Services,
    ctx: &mut Ctx<'_>,
    req: ListTagsForDeliveryStreamInput,
) -> Result<ListTagsForDeliveryStreamOutput, ApiError> {
    let mut v = Validator::new();
    check_name(&mut v, "deliveryStreamName", req.delivery_stream_name.as_deref(), true);
    v.string(
        "exclusiveStartTagKey",
        req.exclusive_start_tag_key.as_deref(),
        Some(1),
        Some(128),
        Some(TAG_KEY),
    );
    v.int("limit", req.limit, Some(1), Some(50));
    v.finish()?;
    let name = req.delivery_stream_name.unwrap_or_default();
    let s = firehose(services).any_status(ctx, &name)?;
    let limit = req.limit.map_or(MAX_TAGS, |l| l as usize);
    let start = req.exclusive_start_tag_key.unwrap_or_default();
    let mut rest = s.tags.iter().filter(|(k, _)| **k > start);
    let tags = rest
        .by_ref()
        .take(limit)
        .map(|(k, val)| Tag { key: Some(k.clone()), value: Some(val.clone()) })
        .collect();
    Ok(ListTagsForDeliveryStreamOutput { tags, has_more_tags: rest.next().is_some() })
}
