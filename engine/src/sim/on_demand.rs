//! A service's code behind a table of entry points, so the page can fetch it when it is
//! first needed rather than with the page (`app/src/on_demand.rs` cuts the module there).
//! With the `linked-services` feature (the default: the tests, the endpoint, the benches) the
//! slot holds the service's own table from the start; the page builds the engine without it,
//! and installs the table from the module it fetches before the first command that reaches the
//! service runs, so the same commands give the same events either way.

/// Where a service's table of entry points is found (`B`: its `Behaviour`, a struct of `fn`s).
pub struct Slot<B: Copy + 'static> {
    #[cfg(feature = "linked-services")]
    linked: B,
    #[cfg(not(feature = "linked-services"))]
    installed: std::sync::OnceLock<B>,
}

impl<B: Copy + 'static> Slot<B> {
    /// The service's code linked in: always there.
    #[cfg(feature = "linked-services")]
    pub const fn linked(behaviour: B) -> Self {
        Slot { linked: behaviour }
    }

    /// Empty until [`Slot::install`]: naming no function of the service keeps its code out of
    /// the page's first module.
    #[cfg(not(feature = "linked-services"))]
    pub const fn empty() -> Self {
        Slot { installed: std::sync::OnceLock::new() }
    }

    /// The table, once it is there.
    pub fn get(&self) -> Option<B> {
        #[cfg(feature = "linked-services")]
        return Some(self.linked);
        #[cfg(not(feature = "linked-services"))]
        return self.installed.get().copied();
    }

    /// Hands the engine the service's code, once it has arrived (linked: nothing to do).
    pub fn install(&self, behaviour: B) {
        #[cfg(not(feature = "linked-services"))]
        let _ = self.installed.set(behaviour);
        #[cfg(feature = "linked-services")]
        let _ = behaviour;
    }

    pub fn is_ready(&self) -> bool {
        self.get().is_some()
    }
}
