//! The console's files, as the S3 view shows them: an upload button (the learner's file goes
//! into the page, then `aws s3 cp` puts it into the bucket, echoed in the console), and the
//! files in the page with a download link each (what `aws s3 cp s3://... .` brought down).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::driver::Sim;
use crate::views::firehose::human_bytes;

/// A word the console's shell reads back as itself.
pub fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./+=:@".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The console line that uploads `file` into `bucket` under `prefix`.
pub fn upload_line(file: &str, bucket: &str, prefix: &str) -> String {
    format!(
        "aws s3 cp {} {}",
        shell_word(file),
        shell_word(&format!("s3://{bucket}/{prefix}{file}"))
    )
}

/// The upload button: files go into the page, then into `bucket` under the open `prefix`;
/// `echo` gets each `aws s3 cp` line with what the CLI printed, so the click shows its command.
#[component]
pub fn Upload(
    bucket: String,
    prefix: RwSignal<String>,
    echo: RwSignal<Vec<String>>,
) -> impl IntoView {
    let sim = expect_context::<Sim>();
    let on_change = move |ev: leptos::ev::Event| {
        echo.set(Vec::new());
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let (bucket, prefix) = (bucket.clone(), prefix.get_untracked());
            let promise = file.array_buffer();
            leptos::task::spawn_local(async move {
                let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(promise).await else {
                    return;
                };
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                let name = file.name();
                sim.add_local_file(&name, bytes);
                let line = upload_line(&name, &bucket, &prefix);
                let out = sim.run_cli(&line);
                echo.update(|e| {
                    e.push(format!("$ {line}"));
                    e.extend(out.stdout.lines().chain(out.stderr.lines()).map(str::to_string));
                });
            });
        }
        input.set_value("");
    };
    view! {
        <label class="s3-upload button-like">
            <span>"⬆ Upload files"</span>
            <input type="file" multiple=true data-testid="s3-upload" on:change=on_change />
        </label>
    }
}

#[component]
pub fn LocalFiles() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let files = Memo::new(move |_| {
        sim.files_version.track();
        sim.local_file_sizes()
    });
    view! {
        <section class="panel" aria-labelledby="s3-files-title">
            <h3 id="s3-files-title">"Files in this page"</h3>
            <p class="muted">"What the console's aws s3 cp reads and writes (its working directory)."</p>
            <Show when=move || files.with(|f| !f.is_empty()) fallback=|| view! { <p class="muted">"None yet."</p> }>
                <ul class="s3-local">
                    <For each=move || files.get() key=|f| f.clone() let:f>
                        {
                            let path = f.0.clone();
                            view! {
                                <li data-testid="s3-local-file" data-path=f.0.clone()>
                                    <button class="link" on:click=move |_| download(sim, &path)>{format!("⬇ {}", f.0)}</button>
                                    <span class="muted">{human_bytes(f.1)}</span>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
    }
}

/// Hands a file of the page to the browser's downloads.
pub fn download(sim: Sim, path: &str) {
    let Some(bytes) = sim.local_file(path) else {
        return;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let anchor = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(a) = anchor {
        a.set_href(&url);
        a.set_download(path.rsplit('/').next().unwrap_or(path));
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_lines_quote_what_the_shell_would_split() {
        assert_eq!(upload_line("a.txt", "b", "dir/"), "aws s3 cp a.txt s3://b/dir/a.txt");
        assert_eq!(
            upload_line("my file.txt", "b", ""),
            "aws s3 cp 'my file.txt' 's3://b/my file.txt'"
        );
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
