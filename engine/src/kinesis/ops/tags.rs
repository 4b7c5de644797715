//! Tags, on streams (AddTagsToStream and friends) and on any Kinesis resource by ARN
//! (TagResource and friends, which also reach enhanced fan-out consumers).

use super::control::check_tags;
use super::*;
use crate::kinesis::wire::*;
use crate::kinesis::{Event, Kinesis};

/// A stream holds at most 50 tags.
pub const MAX_TAGS: usize = 50;

fn check_tag_keys(v: &mut Validator, keys: Option<&Vec<String>>) {
    if v.required("tagKeys", keys) {
        let keys = keys.map(Vec::as_slice).unwrap_or_default();
        let shown = || format!("[{}]", keys.join(", "));
        v.collection("tagKeys", &shown, keys.len(), Some(1), Some(50));
        if keys.iter().any(|k| k.is_empty() || k.chars().count() > 128) {
            v.fail(
                Some(&shown()),
                "tagKeys",
                "Member must satisfy constraint: [Member must have length less than or equal to \
                 128, Member must have length greater than or equal to 1]",
            );
        }
    }
}

/// AWS's tag characters: Unicode letters and digits, spaces and `_ . / = + - @` (and `%`,
/// which the first check lets through and the second refuses).
fn tag_text_ok(text: &str) -> bool {
    text.chars().all(|c| c.is_alphanumeric() || " _./=+-@%".contains(c))
}

/// The stream tag operations' character checks, made once the stream is found (as kinesalite
/// recorded AWS doing them).
fn check_tag_characters<'a>(
    texts: impl Iterator<Item = &'a String> + Clone,
    adding: bool,
    stream: &str,
    account: &str,
) -> Result<(), ApiError> {
    if !texts.clone().all(|t| tag_text_ok(t)) {
        return Err(tag_characters());
    }
    if texts.clone().any(|t| t.contains('%')) {
        return Err(tag_percent(adding, stream, account));
    }
    Ok(())
}

fn add_tags(tags: &mut TagMap, new: TagMap, what: &str, account: &str) -> Result<(), ApiError> {
    let total = tags.keys().chain(new.keys()).collect::<std::collections::BTreeSet<_>>().len();
    if total > MAX_TAGS {
        return Err(too_many_tags(what, account, MAX_TAGS));
    }
    tags.extend(new);
    Ok(())
}

pub fn add_tags_to_stream(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: AddTagsToStreamInput,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    if v.required("tags", req.tags.as_ref()) {
        check_tags(&mut v, "tags", req.tags.as_ref());
    }
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let stream = k.existing(ctx, &name)?;
    let tags = req.tags.unwrap_or_default();
    check_tag_characters(tags.keys().chain(tags.values()), true, &name, &account)?;
    add_tags(&mut stream.tags, tags, &name, &account)?;
    ctx.emit(Event::StreamUpdated { stream: name, what: "Tags".into() });
    Ok(Empty)
}

pub fn remove_tags_from_stream(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: RemoveTagsFromStreamInput,
) -> Result<Empty, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    check_tag_keys(&mut v, req.tag_keys.as_ref());
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let account = ctx.config.account_id.clone();
    let stream = k.existing(ctx, &name)?;
    let keys = req.tag_keys.unwrap_or_default();
    check_tag_characters(keys.iter(), false, &name, &account)?;
    for key in keys {
        stream.tags.remove(&key);
    }
    ctx.emit(Event::StreamUpdated { stream: name, what: "Tags".into() });
    Ok(Empty)
}

pub fn list_tags_for_stream(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ListTagsForStreamInput,
) -> Result<ListTagsForStreamOutput, ApiError> {
    let r = &req.stream;
    let mut v = Validator::new();
    v.string(
        "exclusiveStartTagKey",
        req.exclusive_start_tag_key.as_deref(),
        Some(1),
        Some(128),
        None,
    );
    v.int("limit", req.limit, Some(1), Some(50));
    check_stream_ref(
        &mut v,
        r.stream_arn.as_deref(),
        r.stream_id.as_deref(),
        r.stream_name.as_deref(),
    );
    v.finish()?;
    let name = resolve_name(ctx, r.stream_name.as_deref(), r.stream_arn.as_deref())?;
    let stream = k.existing(ctx, &name)?;
    let limit = req.limit.unwrap_or(50) as usize;
    let after = req.exclusive_start_tag_key;
    let mut tags: Vec<Tag> = stream
        .tags
        .iter()
        .filter(|(key, _)| after.as_ref().is_none_or(|a| key.as_str() > a.as_str()))
        .map(|(key, value)| Tag { key: key.clone(), value: Some(value.clone()) })
        .collect();
    let has_more = tags.len() > limit;
    tags.truncate(limit);
    Ok(ListTagsForStreamOutput { tags, has_more_tags: has_more })
}

/// Which resource an ARN names: a stream, or a consumer of one.
fn resource<'a>(k: &'a mut Kinesis, ctx: &Ctx<'_>, arn: &str) -> Result<&'a mut TagMap, ApiError> {
    let not_found = || resource_not_found(arn);
    let prefix = format!("arn:aws:kinesis:{}:{}:stream/", ctx.config.region, ctx.config.account_id);
    let rest = arn.strip_prefix(&prefix).ok_or_else(not_found)?;
    let (stream_name, consumer) = match rest.split_once("/consumer/") {
        Some((s, c)) => (s, Some(c)),
        None => (rest, None),
    };
    let stream = k.streams.get_mut(stream_name).ok_or_else(not_found)?;
    match consumer {
        None => Ok(&mut stream.tags),
        Some(c) => {
            let name = c.split(':').next().unwrap_or(c);
            stream
                .consumers
                .get_mut(name)
                .filter(|x| x.arn == arn)
                .map(|x| &mut x.tags)
                .ok_or_else(not_found)
        }
    }
}

fn check_resource_arn(v: &mut Validator, arn: Option<&String>) {
    if v.required("resourceARN", arn) {
        v.string(
            "resourceARN",
            arn.map(String::as_str),
            Some(1),
            Some(2048),
            Some(crate::api::validate::RESOURCE_ARN),
        );
    }
}

pub fn tag_resource(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: TagResourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_resource_arn(&mut v, req.resource_arn.as_ref());
    v.string(
        "streamId",
        req.stream_id.as_deref(),
        Some(1),
        Some(24),
        Some(crate::api::validate::STREAM_ID),
    );
    if v.required("tags", req.tags.as_ref()) {
        check_tags(&mut v, "tags", req.tags.as_ref());
    }
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    let account = ctx.config.account_id.clone();
    let tags = resource(k, ctx, &arn)?;
    add_tags(tags, req.tags.unwrap_or_default(), &arn, &account)?;
    ctx.emit(Event::StreamUpdated { stream: arn, what: "Tags".into() });
    Ok(Empty)
}

pub fn untag_resource(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: UntagResourceInput,
) -> Result<Empty, ApiError> {
    let mut v = Validator::new();
    check_resource_arn(&mut v, req.resource_arn.as_ref());
    v.string(
        "streamId",
        req.stream_id.as_deref(),
        Some(1),
        Some(24),
        Some(crate::api::validate::STREAM_ID),
    );
    check_tag_keys(&mut v, req.tag_keys.as_ref());
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    let tags = resource(k, ctx, &arn)?;
    for key in req.tag_keys.unwrap_or_default() {
        tags.remove(&key);
    }
    ctx.emit(Event::StreamUpdated { stream: arn, what: "Tags".into() });
    Ok(Empty)
}

pub fn list_tags_for_resource(
    k: &mut Kinesis,
    ctx: &mut Ctx<'_>,
    req: ListTagsForResourceInput,
) -> Result<ListTagsForResourceOutput, ApiError> {
    let mut v = Validator::new();
    check_resource_arn(&mut v, req.resource_arn.as_ref());
    v.string(
        "streamId",
        req.stream_id.as_deref(),
        Some(1),
        Some(24),
        Some(crate::api::validate::STREAM_ID),
    );
    v.finish()?;
    let arn = req.resource_arn.unwrap_or_default();
    let tags = resource(k, ctx, &arn)?;
    Ok(ListTagsForResourceOutput {
        tags: tags
            .iter()
            .map(|(key, value)| Tag { key: key.clone(), value: Some(value.clone()) })
            .collect(),
    })
}
