//! What the browser bundle does on every page besides the islands: a refused form keeps
//! what was typed. Forms are posted to the server, which answers with the page and the
//! error; before a form leaves, its fields are kept in the tab's `sessionStorage`, and
//! when the page comes back with that form's error they are put back (not passwords,
//! not files). Any other page drops what was kept.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{
    Document, Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

/// Key of the kept form in `sessionStorage`.
const KEPT: &str = "jury-formulaire";

/// One field as typed: its name, value, and for a box or a radio button whether checked.
#[derive(Debug, Serialize, Deserialize)]
struct Field {
    name: String,
    value: String,
    checked: bool,
    hidden: bool,
}

/// The form last submitted in this tab.
#[derive(Debug, Serialize, Deserialize)]
struct Kept {
    action: String,
    fields: Vec<Field>,
}

/// Keeps each form submitted from now on, and puts back the one the page refused.
pub fn keep_refused_forms(document: &Document, refused_path: Option<String>) {
    let storage = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(storage) = &storage {
        let kept = storage
            .get_item(KEPT)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str::<Kept>(&json).ok());
        let _ = storage.remove_item(KEPT);
        if let (Some(kept), Some(path)) = (kept, refused_path)
            && action_path(&kept.action) == path
        {
            put_back(document, &kept);
        }
    }
    let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(form) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        let kept = Kept {
            action: form.get_attribute("action").unwrap_or_default(),
            fields: fields(&form),
        };
        if let (Some(storage), Ok(json)) = (
            web_sys::window().and_then(|w| w.session_storage().ok().flatten()),
            serde_json::to_string(&kept),
        ) {
            let _ = storage.set_item(KEPT, &json);
        }
    });
    let _ = document.add_event_listener_with_callback_and_bool(
        "submit",
        on_submit.as_ref().unchecked_ref(),
        true,
    );
    on_submit.forget();
}

/// The path a form posts to, without its query string.
fn action_path(action: &str) -> &str {
    action.split('?').next().unwrap_or(action)
}

/// The form's named controls.
fn controls(form: &HtmlFormElement) -> Vec<Element> {
    let elements = form.elements();
    (0..elements.length())
        .filter_map(|i| elements.item(i))
        .filter(|e| e.get_attribute("name").is_some_and(|n| !n.is_empty()))
        .collect()
}

fn fields(form: &HtmlFormElement) -> Vec<Field> {
    controls(form)
        .into_iter()
        .filter_map(|element| {
            let name = element.get_attribute("name").unwrap_or_default();
            if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                let kind = input.type_();
                if matches!(kind.as_str(), "password" | "file" | "submit" | "button")
                    || name == "csrf_token"
                {
                    return None;
                }
                return Some(Field {
                    name,
                    value: input.value(),
                    checked: input.checked(),
                    hidden: kind == "hidden",
                });
            }
            if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
                return Some(Field {
                    name,
                    value: area.value(),
                    checked: false,
                    hidden: false,
                });
            }
            element.dyn_ref::<HtmlSelectElement>().map(|select| Field {
                name,
                value: select.value(),
                checked: false,
                hidden: false,
            })
        })
        .collect()
}

/// Puts the kept fields back into the form of the page that posts where the kept one
/// did and carries the same hidden fields (a page may list one form per candidate).
fn put_back(document: &Document, kept: &Kept) {
    let forms = document.forms();
    let form = (0..forms.length())
        .filter_map(|i| forms.item(i))
        .filter_map(|f| f.dyn_into::<HtmlFormElement>().ok())
        .find(|form| {
            form.get_attribute("action").as_deref() == Some(kept.action.as_str()) && {
                let now = fields(form);
                kept.fields
                    .iter()
                    .filter(|f| f.hidden && f.name != "csrf_token")
                    .all(|f| {
                        now.iter()
                            .any(|n| n.hidden && n.name == f.name && n.value == f.value)
                    })
            }
        });
    let Some(form) = form else {
        return;
    };
    for element in controls(&form) {
        let name = element.get_attribute("name").unwrap_or_default();
        let mut typed = kept.fields.iter().filter(|f| f.name == name && !f.hidden);
        if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
            match input.type_().as_str() {
                "checkbox" | "radio" => {
                    let value = input.value();
                    if let Some(field) = kept
                        .fields
                        .iter()
                        .find(|f| f.name == name && f.value == value)
                    {
                        input.set_checked(field.checked);
                    }
                }
                "password" | "file" | "hidden" | "submit" | "button" => {}
                _ => {
                    if let Some(field) = typed.next() {
                        input.set_value(&field.value);
                    }
                }
            }
        } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
            if let Some(field) = typed.next() {
                area.set_value(&field.value);
            }
        } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>()
            && let Some(field) = typed.next()
        {
            select.set_value(&field.value);
        }
    }
}
