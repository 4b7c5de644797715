//! The CLI's auto-pagination (botocore/paginate.py `PageIterator` and `build_full_result`):
//! request page after page until the service says there is no more, or `--max-items` is
//! reached, then merge the pages' result lists into one response.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::error::CliError;
use super::json::Json;
use super::model::{Paginator, Service};
use super::parse::CliCall;

/// Puts `--starting-token` and `--page-size` into the first request.
pub fn prepare_first_request(service: &Service, call: &mut CliCall) -> Result<(), CliError> {
    let Some(paginator) = service.paginator(&call.operation) else { return Ok(()) };
    let Some(pagination) = &call.paginate else { return Ok(()) };
    if let Some(token) = &pagination.starting_token {
        let (tokens, _) = decode_token(paginator, token);
        inject(&mut call.params, &tokens);
    }
    if let (Some(size), Some(limit_key)) = (pagination.page_size, &paginator.limit_key) {
        call.params.insert(limit_key, Json::Int(size.into()));
    }
    call.body = call.params.to_wire();
    Ok(())
}

fn inject(params: &mut Json, tokens: &[(String, Json)]) {
    for (name, token) in tokens {
        match token {
            Json::Null => {
                if let Json::Object(members) = params {
                    members.retain(|(k, _)| k != name);
                }
            }
            Json::String(s) if s == "None" => {
                if let Json::Object(members) = params {
                    members.retain(|(k, _)| k != name);
                }
            }
            t => params.insert(name, t.clone()),
        }
    }
}

/// botocore's `TokenDecoder`: base64 of a JSON object; older `a___b___3` tokens are accepted too.
fn decode_token(paginator: &Paginator, token: &str) -> (Vec<(String, Json)>, usize) {
    let decoded = STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| Json::parse(&text).ok());
    if let Some(Json::Object(members)) = decoded {
        let mut index = 0;
        let mut tokens = Vec::new();
        for (k, v) in members {
            if k == "boto_truncate_amount" {
                if let Json::Int(i) = v {
                    index = i.max(0) as usize;
                }
            } else {
                tokens.push((k, v));
            }
        }
        return (tokens, index);
    }
    let mut parts: Vec<&str> = token.split("___").collect();
    let mut index = 0;
    if parts.len() == paginator.input_token.len() + 1 {
        if let Some(i) = parts.last().and_then(|p| p.parse().ok()) {
            index = i;
            parts.pop();
        } else {
            parts = vec![token];
        }
    }
    let tokens = paginator
        .input_token
        .iter()
        .zip(
            parts
                .iter()
                .map(|p| if *p == "None" { Json::Null } else { Json::String(p.to_string()) })
                .chain(std::iter::repeat(Json::Null)),
        )
        .map(|(k, v)| (k.clone(), v))
        .collect();
    (tokens, index)
}

/// botocore's `TokenEncoder`: `json.dumps` then base64.
fn encode_token(tokens: &[(String, Json)]) -> String {
    STANDARD.encode(Json::Object(tokens.to_vec()).to_compact())
}

/// Dotted paths with optional `[n]` / `[-1]`: the subset of JMESPath paginators use.
pub fn search<'a>(data: &'a Json, path: &str) -> Option<&'a Json> {
    let mut current = data;
    for part in path.split('.') {
        let (name, index) = match part.split_once('[') {
            Some((n, rest)) => (n, rest.strip_suffix(']').and_then(|i| i.parse::<i64>().ok())),
            None => (part, None),
        };
        if !name.is_empty() {
            current = current.get(name)?;
        }
        if let Some(i) = index {
            let Json::Array(items) = current else { return None };
            let i = if i < 0 { items.len() as i64 + i } else { i };
            current = items.get(usize::try_from(i).ok()?)?;
        }
    }
    Some(current)
}

/// botocore's `set_value_from_jmespath`: creates the dicts on the way.
fn set_value(target: &mut Json, path: &str, value: Json) {
    let (key, rest) = match path.split_once('.') {
        Some((k, r)) => (k, Some(r)),
        None => (path, None),
    };
    match rest {
        None => target.insert(key, value),
        Some(rest) => {
            if target.get(key).is_none() {
                target.insert(key, Json::Object(Vec::new()));
            }
            if let Some(child) = target.get_mut(key) {
                set_value(child, rest, value);
            }
        }
    }
}

/// The pages a paginated command fetched.
pub struct Pages {
    pub pages: Vec<Json>,
    pub non_aggregate: Json,
    pub resume_token: Option<String>,
    pub result_keys: Vec<String>,
}

pub type Send<'a> = dyn FnMut(&str) -> Result<Json, super::ApiError> + 'a;

/// `PageIterator.__iter__`. `fetch` sends one request body and returns the parsed response.
pub fn fetch_pages(
    paginator: &Paginator,
    call: &CliCall,
    fetch: &mut Send<'_>,
) -> Result<Pages, Box<(Pages, super::ApiError)>> {
    let pagination = call.paginate.clone().unwrap_or(super::parse::Pagination {
        max_items: None,
        starting_token: None,
        page_size: None,
    });
    let mut params = call.params.clone();
    let mut next_token: Vec<(String, Json)> =
        paginator.input_token.iter().map(|k| (k.clone(), Json::Null)).collect();
    let mut starting_truncation = 0;
    if let Some(token) = &pagination.starting_token {
        let (tokens, index) = decode_token(paginator, token);
        next_token = tokens;
        starting_truncation = index;
    }
    let primary = paginator.result_key.first().cloned().unwrap_or_default();
    let mut out = Pages {
        pages: Vec::new(),
        non_aggregate: Json::Object(Vec::new()),
        resume_token: None,
        result_keys: paginator.result_key.clone(),
    };
    let mut total: i64 = 0;
    let mut previous: Option<Vec<(String, Json)>> = None;
    let mut first = true;
    // A well-behaved service ends the loop; the cap stops a misbehaving one from hanging the page.
    for _ in 0..10_000 {
        // On an error, the pages already fetched go back with it: the text formatter has
        // printed them by then.
        let mut page = match fetch(&params.to_wire()) {
            Ok(page) => page,
            Err(e) => return Err(Box::new((out, e))),
        };
        if first {
            if pagination.starting_token.is_some() {
                first_page_truncation(paginator, &mut page, &primary, starting_truncation);
            }
            for expr in &paginator.non_aggregate_keys {
                let value = search(&page, expr).cloned().unwrap_or(Json::Null);
                set_value(&mut out.non_aggregate, expr, value);
            }
        } else {
            starting_truncation = 0;
        }
        first = false;
        let count = match search(&page, &primary) {
            Some(Json::Array(items)) => items.len() as i64,
            Some(Json::String(s)) => s.chars().count() as i64,
            _ => 0,
        };
        let truncate = pagination.max_items.map(|max| total + count - max).unwrap_or(0);
        if truncate > 0 {
            let keep = (count - truncate).max(0) as usize;
            if let Some(Json::Array(items)) = search(&page, &primary).cloned() {
                set_value(&mut page, &primary, Json::Array(items.into_iter().take(keep).collect()));
            }
            let mut token = next_token.clone();
            token.push((
                "boto_truncate_amount".into(),
                Json::Int((keep + starting_truncation) as i128),
            ));
            out.resume_token = Some(encode_token(&token));
            out.pages.push(page);
            break;
        }
        total += count;
        next_token = next_tokens(paginator, &page);
        out.pages.push(page);
        if next_token.iter().all(|(_, v)| *v == Json::Null) {
            break;
        }
        if pagination.max_items == Some(total) {
            out.resume_token = Some(encode_token(&next_token));
            break;
        }
        if previous.as_ref() == Some(&next_token) {
            let shown: Vec<String> =
                next_token.iter().map(|(k, v)| format!("'{k}': {}", python_value(v))).collect();
            let error = super::ApiError::from_aws(
                "PaginationError",
                format!(
                    "Error during pagination: The same next token was received twice: {{{}}}",
                    shown.join(", ")
                ),
            );
            return Err(Box::new((out, error)));
        }
        inject(&mut params, &next_token);
        previous = Some(next_token.clone());
    }
    Ok(out)
}

fn python_value(v: &Json) -> String {
    match v {
        Json::String(s) => format!("'{s}'"),
        other => other.to_python_str(),
    }
}

fn first_page_truncation(paginator: &Paginator, page: &mut Json, primary: &str, index: usize) {
    match search(page, primary).cloned() {
        Some(Json::Array(items)) => {
            set_value(page, primary, Json::Array(items.into_iter().skip(index).collect()))
        }
        Some(Json::String(s)) => {
            set_value(page, primary, Json::String(s.chars().skip(index).collect()))
        }
        _ => set_value(page, primary, Json::Null),
    }
    for key in paginator.result_key.iter().skip(1) {
        let empty = match search(page, key) {
            Some(Json::Array(_)) => Json::Array(Vec::new()),
            Some(Json::String(_)) => Json::String(String::new()),
            Some(n @ (Json::Int(_) | Json::Float(_))) => n.clone(),
            _ => Json::Null,
        };
        set_value(page, key, empty);
    }
}

fn next_tokens(paginator: &Paginator, page: &Json) -> Vec<(String, Json)> {
    if let Some(more) = &paginator.more_results {
        if !search(page, more).is_some_and(Json::is_truthy) {
            return Vec::new();
        }
    }
    paginator
        .output_token
        .iter()
        .zip(paginator.input_token.iter())
        .map(|(output, input)| {
            let value =
                search(page, output).filter(|v| v.is_truthy()).cloned().unwrap_or(Json::Null);
            (input.clone(), value)
        })
        .collect()
}

/// `PageIterator.build_full_result`.
pub fn full_result(pages: &Pages) -> Json {
    let mut complete = Json::Object(Vec::new());
    for page in &pages.pages {
        for key in &pages.result_keys {
            let Some(value) = search(page, key).cloned() else { continue };
            if value == Json::Null {
                continue;
            }
            let existing = search(&complete, key).cloned();
            match (existing, value) {
                (None | Some(Json::Null), value) => set_value(&mut complete, key, value),
                (Some(Json::Array(mut old)), Json::Array(new)) => {
                    old.extend(new);
                    set_value(&mut complete, key, Json::Array(old));
                }
                (Some(Json::String(old)), Json::String(new)) => {
                    set_value(&mut complete, key, Json::String(old + &new))
                }
                (Some(Json::Int(old)), Json::Int(new)) => {
                    set_value(&mut complete, key, Json::Int(old + new))
                }
                _ => {}
            }
        }
    }
    merge_dicts(&mut complete, &pages.non_aggregate);
    if let Some(token) = &pages.resume_token {
        complete.insert("NextToken", Json::String(token.clone()));
    }
    complete
}

fn merge_dicts(target: &mut Json, extra: &Json) {
    let Json::Object(members) = extra else { return };
    for (k, v) in members {
        match (target.get_mut(k), v) {
            (Some(existing @ Json::Object(_)), Json::Object(_)) => merge_dicts(existing, v),
            _ => target.insert(k, v.clone()),
        }
    }
}

/// What `--output text` prints for each page: the first page carries the non-aggregate keys.
pub fn text_pages(pages: &Pages) -> Vec<Json> {
    let mut out = Vec::new();
    for (i, page) in pages.pages.iter().enumerate() {
        let mut current =
            if i == 0 { pages.non_aggregate.clone() } else { Json::Object(Vec::new()) };
        for key in &pages.result_keys {
            let data = search(page, key).cloned().unwrap_or(Json::Null);
            set_value(&mut current, key, data);
        }
        out.push(current);
    }
    if let Some(token) = &pages.resume_token {
        out.push(Json::Object(vec![(
            "NextToken".into(),
            Json::Object(vec![("NextToken".into(), Json::String(token.clone()))]),
        )]));
    }
    out
}
