//! The two dialects of the sandbox's SQL: where a table name leads (a Redshift JDBC URL, or an
//! RDS instance's database) and the words of each engine's answers and errors.

use super::words::syntax_error;

/// Whose words the answers and errors use, and where unqualified names live.
#[derive(Clone, Copy, Debug)]
pub enum Dialect<'a> {
    /// Redshift (PostgreSQL's texts); the tables of one JDBC URL.
    Redshift { url: &'a str },
    /// RDS MySQL: `instance`'s databases; `database` is the connection's default one.
    MySql { instance: &'a str, database: Option<&'a str> },
}

/// The namespace of an RDS instance's database in [`Tables`].
pub fn mysql_namespace(instance: &str, database: &str) -> String {
    format!("mysql://{instance}/{database}")
}

/// Where a name used in a statement is looked up.
#[derive(Clone, Copy)]
pub(super) enum Clause {
    Where,
    FieldList,
}

impl Dialect<'_> {
    pub(super) fn mysql(&self) -> bool {
        matches!(self, Dialect::MySql { .. })
    }

    /// The key of table `name`. MySQL reads `db.table` as a table of another database, and
    /// an unqualified name without a default database is its "No database selected".
    pub(super) fn key(&self, name: &str) -> Result<(String, String), String> {
        match *self {
            Dialect::Redshift { url } => Ok((url.to_string(), name.to_string())),
            Dialect::MySql { instance, database } => match name.split_once('.') {
                Some((db, table)) => Ok((mysql_namespace(instance, db), table.to_string())),
                None => {
                    let db = database.ok_or("No database selected")?;
                    Ok((mysql_namespace(instance, db), name.to_string()))
                }
            },
        }
    }

    /// `db.table` as MySQL names it in its errors.
    pub(super) fn qualified(&self, name: &str) -> String {
        match *self {
            Dialect::MySql { database: Some(db), .. } if !name.contains('.') => {
                format!("{db}.{name}")
            }
            _ => name.to_string(),
        }
    }

    pub(super) fn no_table(&self, name: &str) -> String {
        match self {
            Dialect::Redshift { .. } => format!("ERROR: relation \"{name}\" does not exist"),
            Dialect::MySql { .. } => format!("Table '{}' doesn't exist", self.qualified(name)),
        }
    }

    pub(super) fn no_column(&self, column: &str, table: &str, clause: Clause) -> String {
        match (self, clause) {
            (Dialect::Redshift { .. }, Clause::Where) => {
                format!("ERROR: column \"{column}\" does not exist")
            }
            (Dialect::Redshift { .. }, Clause::FieldList) => {
                format!("ERROR: column \"{column}\" of relation \"{table}\" does not exist")
            }
            (Dialect::MySql { .. }, Clause::Where) => {
                format!("Unknown column '{column}' in 'where clause'")
            }
            (Dialect::MySql { .. }, Clause::FieldList) => {
                format!("Unknown column '{column}' in 'field list'")
            }
        }
    }

    /// A statement the interpreter cannot read.
    pub fn syntax(&self, statement: &str) -> String {
        match self {
            Dialect::Redshift { .. } => syntax_error(statement),
            Dialect::MySql { .. } => format!("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{statement}' at line 1"),
        }
    }

    /// What the client prints for a statement that changed `n` rows (`what` is psql's tag).
    pub(super) fn done(&self, what: &str, n: usize) -> String {
        match self {
            Dialect::Redshift { .. } => what.to_string(),
            Dialect::MySql { .. } if n == 1 => "Query OK, 1 row affected".into(),
            Dialect::MySql { .. } => format!("Query OK, {n} rows affected"),
        }
    }
}
