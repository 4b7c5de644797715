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

/// A service's three entry points (its API, a learner's commands, its wake-ups) behind a
/// [`Slot`], in the module that invokes it: declares its `Behaviour` table, `LINKED` (its own
/// code), `install` and `is_ready` for the page, and the `dispatch`, `command` and `wake` the
/// registry routes to. Before its code has arrived a call is an error, never a guess (the page
/// installs the code before the first command that reaches the service); a wake-up comes only
/// from the service's own code, which has then run, so none is lost.
macro_rules! entry_points {
    ($service:literal, $Command:ty, $Wake:ty,
     dispatch: $dispatch:path, command: $command:path, wake: $wake:path $(,)?) => {
        #[derive(Clone, Copy)]
        pub struct Behaviour {
            dispatch: fn(
                &mut $crate::sim::Services,
                &mut $crate::sim::Ctx<'_>,
                &str,
                &str,
            ) -> Result<String, $crate::api::ApiError>,
            command: fn(
                &mut $crate::sim::Services,
                &mut $crate::sim::Ctx<'_>,
                &$Command,
            ) -> Result<String, $crate::api::ApiError>,
            wake: fn(&mut $crate::sim::Services, &mut $crate::sim::Ctx<'_>, $Wake),
        }

        /// The service's own code.
        pub const LINKED: Behaviour =
            Behaviour { dispatch: $dispatch, command: $command, wake: $wake };

        #[cfg(feature = "linked-services")]
        static SLOT: $crate::sim::on_demand::Slot<Behaviour> =
            $crate::sim::on_demand::Slot::linked(LINKED);
        #[cfg(not(feature = "linked-services"))]
        static SLOT: $crate::sim::on_demand::Slot<Behaviour> =
            $crate::sim::on_demand::Slot::empty();

        /// Hands the engine the service's code, once it has arrived.
        pub fn install(behaviour: Behaviour) {
            SLOT.install(behaviour)
        }

        pub fn is_ready() -> bool {
            SLOT.is_ready()
        }

        fn not_loaded() -> $crate::api::ApiError {
            $crate::api::ApiError::new(
                $crate::api::ErrorCode::ServiceUnavailable,
                concat!($service, " has not loaded yet: try again in a moment."),
            )
        }

        pub(crate) fn dispatch(
            services: &mut $crate::sim::Services,
            ctx: &mut $crate::sim::Ctx<'_>,
            action: &str,
            body: &str,
        ) -> Result<String, $crate::api::ApiError> {
            SLOT.get()
                .map_or_else(|| Err(not_loaded()), |b| (b.dispatch)(services, ctx, action, body))
        }

        pub(crate) fn command(
            services: &mut $crate::sim::Services,
            ctx: &mut $crate::sim::Ctx<'_>,
            command: &$Command,
        ) -> Result<String, $crate::api::ApiError> {
            SLOT.get().map_or_else(|| Err(not_loaded()), |b| (b.command)(services, ctx, command))
        }

        pub(crate) fn wake(
            services: &mut $crate::sim::Services,
            ctx: &mut $crate::sim::Ctx<'_>,
            wake: $Wake,
        ) {
            if let Some(b) = SLOT.get() {
                (b.wake)(services, ctx, wake)
            }
        }
    };
}
pub(crate) use entry_points;
