//! Where an application's code is compiled. With the `sql-compiler` feature (the default: the
//! tests, the endpoint, the benches) the engine calls the stream-sql compiler itself. The page
//! builds the engine without it: the compiler (sqlparser, about a quarter of the page's code)
//! is a module the page fetches the first time something needs it, which then [`install`]s it
//! here. The page installs it before any command that compiles SQL runs, so the same commands
//! give the same events either way.

use super::sql::{Catalog, Program, SqlError, Syntax};

/// The compiler's entry point: `stream_sql::Program::compile_with`.
pub type Compile = fn(&str, &Catalog, Syntax) -> Result<Program, SqlError>;

#[cfg(feature = "sql-compiler")]
mod linked {
    use super::*;

    /// Linked in: nothing to install.
    pub fn install(_compile: Compile) {}

    pub fn is_ready() -> bool {
        true
    }

    pub fn compile_with(
        code: &str,
        catalog: &Catalog,
        syntax: Syntax,
    ) -> Result<Program, SqlError> {
        Program::compile_with(code, catalog, syntax)
    }
}

#[cfg(not(feature = "sql-compiler"))]
mod linked {
    use super::*;
    use std::sync::OnceLock;

    static INSTALLED: OnceLock<Compile> = OnceLock::new();

    /// Hands the engine the compiler, once it has arrived.
    pub fn install(compile: Compile) {
        let _ = INSTALLED.set(compile);
    }

    pub fn is_ready() -> bool {
        INSTALLED.get().is_some()
    }

    /// Without a compiler the code cannot be checked: an error, never a guess. The page never
    /// gets here (it installs the compiler before such a command), so no link replays to it.
    pub fn compile_with(
        code: &str,
        catalog: &Catalog,
        syntax: Syntax,
    ) -> Result<Program, SqlError> {
        match INSTALLED.get() {
            Some(compile) => compile(code, catalog, syntax),
            None => Err(SqlError {
                message: "The SQL compiler has not loaded yet: try again in a moment.".into(),
                line: 0,
                column: 0,
            }),
        }
    }
}

pub use linked::{compile_with, install, is_ready};
