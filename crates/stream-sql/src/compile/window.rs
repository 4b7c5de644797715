//! Flink's window table functions in FROM: `TUMBLE(TABLE t, DESCRIPTOR(rowtime), size)` and
//! `HOP(TABLE t, DESCRIPTOR(rowtime), slide, size)`.

use sqlparser::ast::{self as ast, FunctionArg, FunctionArgExpr};
use sqlparser::tokenizer::Location;

use super::syntax::{err_at, func_args, func_name, interval_ms, is_rowtime, loc_of, norm};
use super::Compiler;
use crate::program::Windowing;
use crate::SqlError;

impl Compiler {
    /// The stream a window table function reads and its windows (the pre-pass already
    /// removed `TABLE`).
    pub(super) fn window_tvf(
        &self,
        fname: &str,
        args: &[FunctionArg],
        at: Location,
    ) -> Result<(usize, Windowing), SqlError> {
        let exprs: Vec<&ast::Expr> = args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                FunctionArg::Named { arg: FunctionArgExpr::Expr(e), .. } => Some(e),
                _ => None,
            })
            .collect();
        let kind = fname.to_ascii_uppercase();
        let want = match kind.as_str() {
            "TUMBLE" => 3,
            "HOP" => 4,
            "CUMULATE" | "SESSION" => {
                return Err(err_at(
                    format!(
                        "{kind} windows are not supported in the sandbox yet: use TUMBLE or HOP"
                    ),
                    at,
                ));
            }
            _ => return Err(err_at(format!("No match found for function signature {kind}"), at)),
        };
        if exprs.len() != want {
            return Err(err_at(
                match want {
                    3 => "TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL 'n' UNIT)".to_string(),
                    _ => "HOP(TABLE t, DESCRIPTOR(rowtime), INTERVAL slide, INTERVAL size)"
                        .to_string(),
                },
                at,
            ));
        }
        let source = self.windowed_table(exprs[0], at)?;
        descriptor_is_rowtime(exprs[1])?;
        let ms = |e: &ast::Expr| {
            interval_ms(e)
                .filter(|m| *m > 0)
                .ok_or_else(|| err_at("Expected an INTERVAL, e.g. INTERVAL '1' MINUTE", loc_of(e)))
        };
        let w = if want == 3 {
            Windowing::Tumbling { size: ms(exprs[2])? }
        } else {
            let (slide, size) = (ms(exprs[2])?, ms(exprs[3])?);
            if size / slide > 1000 {
                return Err(err_at("HOP's size may be at most 1000 slides", loc_of(exprs[3])));
            }
            Windowing::Hop { slide, size }
        };
        Ok((source, w))
    }

    /// The stream named as the function's first argument (`source` is the input stream).
    fn windowed_table(&self, e: &ast::Expr, at: Location) -> Result<usize, SqlError> {
        let (tname, tat) = match e {
            ast::Expr::Identifier(id) => (norm(id), id.span.start),
            ast::Expr::CompoundIdentifier(ids) => match ids.last() {
                Some(id) => (norm(id), id.span.start),
                None => return Err(err_at("Expected a table name", at)),
            },
            other => return Err(err_at("Expected TABLE <name>", loc_of(other))),
        };
        self.find_stream(&tname)
            .or_else(|| tname.eq_ignore_ascii_case("source").then_some(0))
            .filter(|s| *s < self.program.streams.len())
            .ok_or_else(|| err_at(format!("Object '{tname}' not found"), tat))
    }
}

/// DESCRIPTOR(rowtime): the sandbox's time attribute is the arrival time.
fn descriptor_is_rowtime(e: &ast::Expr) -> Result<(), SqlError> {
    match e {
        ast::Expr::Function(f) if func_name(f) == "DESCRIPTOR" => {
            let ok =
                func_args(f).iter().all(|a| matches!(a, FunctionArgExpr::Expr(e) if is_rowtime(e)));
            if ok {
                Ok(())
            } else {
                Err(err_at(
                    "The time attribute here is the row's arrival time: DESCRIPTOR(rowtime)",
                    loc_of(e),
                ))
            }
        }
        other => Err(err_at("Expected DESCRIPTOR(rowtime)", loc_of(other))),
    }
}
