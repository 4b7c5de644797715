//! Widgets several views share: the chart panel and its canvas backend, and the preset kit.
//! `views/` holds views only.

pub mod chart_backend;
pub mod chart_panel;
pub mod preset_kit;
