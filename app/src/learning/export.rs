//! Export to real AWS, from any scenario: the CloudFormation template of what it built
//! (`learn::export`), to read, copy or download, with what a template cannot hold and why.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::driver::Sim;

/// Downloads `text` as a file named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) =
        document.create_element("a").map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The export's dialog, built by its module (the export and its template texts come when the
/// learner first asks for them: `on_demand::export_dialog`).
pub type MakeDialog = fn(Sim, RwSignal<bool>) -> AnyView;

#[component]
pub fn ExportButton() -> impl IntoView {
    let sim = expect_context::<Sim>();
    let open = RwSignal::new(false);
    let dialog = RwSignal::new(None::<MakeDialog>);
    let show = move |_| {
        leptos::task::spawn_local(async move {
            match crate::on_demand::export_dialog().await {
                Ok(make) => {
                    dialog.set(Some(make));
                    open.set(true);
                }
                Err(_) => sim.error.set(Some(
                    "The export could not be downloaded: check the connection and try again."
                        .into(),
                )),
            }
        })
    };
    view! {
        <button data-testid="export-cfn" title="A CloudFormation template of what this scenario built" on:click=show>
            "Export to AWS"
        </button>
        {move || open.get().then(|| dialog.get().map(|make| make(sim, open)))}
    }
}

#[component]
pub(crate) fn ExportDialog(sim: Sim, open: RwSignal<bool>) -> impl IntoView {
    // What the world holds when the dialog opens (a template of a moment, like a link).
    let export = sim.with_world(learn::export::cloudformation);
    let text = export.to_json();
    let count = export.template["Resources"].as_object().map_or(0, |m| m.len());
    let manual = export
        .manual
        .into_iter()
        .map(|m| view! { <li><strong>{m.what}</strong>": " {m.why}</li> })
        .collect_view();
    let file = text.clone();
    view! {
        <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
        <section
            class="dialog export"
            role="dialog"
            aria-modal="true"
            aria-labelledby="export-title"
            data-testid="export-dialog"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <h2 id="export-title">"Export to CloudFormation"</h2>
            <p>{format!("{count} resource(s), with this scenario's numbers. Checked with cfn-lint in the sandbox's tests; deploy with aws cloudformation deploy --template-file data-sandbox.json --stack-name data-sandbox --capabilities CAPABILITY_IAM.")}</p>
            <textarea data-testid="cfn-template" readonly rows="14" spellcheck="false">{text}</textarea>
            <div class="form-row">
                <button class="primary" data-testid="cfn-download" on:click=move |_| download("data-sandbox.json", "application/json", &file)>
                    "Download template"
                </button>
                <button data-testid="cfn-close" on:click=move |_| open.set(false)>"Close"</button>
            </div>
            <h3>"Not in the template"</h3>
            <ul class="manual" data-testid="cfn-manual">{manual}</ul>
        </section>
    }
}
