//! Rendering pages: one minijinja environment with every template compiled in (HTML
//! auto-escaped by file name), and [`Page`], a template plus its context, which always carries
//! the viewer (for the navigation and the forms' CSRF token).

use axum::response::Html;
use minijinja::{Environment, Value};
use serde::Serialize;

use super::{Viewer, WebState};

/// Every template, by name: `include_str!` keeps them in the binary.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("error.html", include_str!("../../templates/error.html")),
    ("login.html", include_str!("../../templates/login.html")),
    ("tokens.html", include_str!("../../templates/tokens.html")),
    (
        "filter_fields.html",
        include_str!("../../templates/filter_fields.html"),
    ),
    ("devices.html", include_str!("../../templates/devices.html")),
    ("device.html", include_str!("../../templates/device.html")),
    ("toolkit.html", include_str!("../../templates/toolkit.html")),
    (
        "postprocessing.html",
        include_str!("../../templates/postprocessing.html"),
    ),
    (
        "run_result.html",
        include_str!("../../templates/run_result.html"),
    ),
    ("configs.html", include_str!("../../templates/configs.html")),
    (
        "device_compliance.html",
        include_str!("../../templates/device_compliance.html"),
    ),
    ("golden.html", include_str!("../../templates/golden.html")),
    (
        "compliance.html",
        include_str!("../../templates/compliance.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("jobs.html", include_str!("../../templates/jobs.html")),
    ("job.html", include_str!("../../templates/job.html")),
    ("log.html", include_str!("../../templates/log.html")),
    (
        "log_entry.html",
        include_str!("../../templates/log_entry.html"),
    ),
    (
        "settings.html",
        include_str!("../../templates/settings.html"),
    ),
    ("plans.html", include_str!("../../templates/plans.html")),
    ("plan.html", include_str!("../../templates/plan.html")),
    (
        "device_plans.html",
        include_str!("../../templates/device_plans.html"),
    ),
];

/// The environment with every template and the filters they use.
pub(crate) fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .unwrap_or_else(|e| panic!("template {name} does not compile: {e}"));
    }
    env.add_filter("when", format_time);
    env
}

/// Epoch milliseconds as `YYYY-MM-DD HH:MM:SS` UTC; none as a dash.
fn format_time(value: Value) -> String {
    let Some(ms) = i64::try_from(value).ok() else {
        return "—".to_string();
    };
    let time = aurum_config::UtcTime::from_millis(ms);
    format!(
        "{} {:02}:{:02}:{:02}",
        time.date(),
        time.hour,
        time.minute,
        time.second
    )
}

/// A template and its context.
pub(crate) struct Page {
    template: &'static str,
    context: Vec<(&'static str, Value)>,
}

impl Page {
    /// A page for `viewer` (none on the login page).
    pub fn new(template: &'static str, viewer: Option<&Viewer>) -> Page {
        let mut context = Vec::new();
        if let Some(viewer) = viewer {
            context.push(("user", Value::from(viewer.principal.name.clone())));
            context.push(("superuser", Value::from(viewer.principal.superuser)));
            context.push(("csrf_token", Value::from(viewer.csrf_token.clone())));
        }
        Page { template, context }
    }

    pub fn with(mut self, key: &'static str, value: impl Serialize) -> Page {
        self.context.push((key, Value::from_serialize(value)));
        self
    }

    /// The rendered HTML; a template error is a bug, logged and shown as such.
    pub fn render(self, state: &WebState) -> Html<String> {
        let mut context: std::collections::BTreeMap<&str, Value> =
            self.context.into_iter().collect();
        // What `[features]` switched on, for the navigation and the pages' links and forms.
        // (`switches`, not `features`: the compliance pages' features are their own.)
        debug_assert!(
            !context.contains_key("switches") && !context.contains_key("golden_jobs"),
            "{}: `switches` and `golden_jobs` are every page's",
            self.template
        );
        context.insert(
            "switches",
            Value::from_serialize(&state.services.config.features),
        );
        let golden_jobs = state.services.golden.any_job_enabled();
        context.insert("golden_jobs", Value::from(golden_jobs));
        let rendered = state
            .templates
            .get_template(self.template)
            .and_then(|t| t.render(&context));
        match rendered {
            Ok(html) => Html(html),
            Err(error) => {
                tracing::error!(template = self.template, %error, "template failed");
                Html("<!doctype html><title>Error</title><p>internal error rendering this page; the server log has the details</p>".to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_utc_and_missing_ones_as_a_dash() {
        assert_eq!(format_time(Value::from(0)), "1970-01-01 00:00:00");
        assert_eq!(
            format_time(Value::from(1_709_251_199_000_i64)),
            "2024-02-29 23:59:59"
        );
        assert_eq!(format_time(Value::from(())), "—");
    }

    #[test]
    fn every_template_compiles_and_html_is_escaped() {
        let env = environment();
        let html = env
            .render_str("{{ x }}", minijinja::context! { x => "<b>" })
            .unwrap();
        assert_eq!(html, "<b>", "render_str has no .html name, so no escaping");
        let t = env.get_template("error.html").unwrap();
        let page = t
            .render(minijinja::context! { status => 400, message => "<script>x</script>" })
            .unwrap();
        assert!(page.contains("&lt;script&gt;"), "{page}");
    }
}
