//! Scenarios: (seed, command log, speed, view, preset) and their shareable codec.
