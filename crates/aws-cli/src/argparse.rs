//! The slice of Python's `argparse` (3.11) that the AWS CLI's parsers rely on: long options
//! with unique-prefix abbreviation, `--opt=value`, `nargs` of one / `*` / `+` / none, unknown
//! options passed through as "remaining", and argparse's own error wording. The CLI runs three
//! of these parsers in a row (global options and service, then operation, then the operation's
//! arguments); each hands what it did not understand to the next.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nargs {
    /// `store_true` / `store_false`: no value.
    Zero,
    One,
    /// `nargs='*'`
    Star,
    /// `nargs='+'`
    Plus,
}

#[derive(Clone, Debug)]
pub struct OptSpec {
    /// Without the leading dashes: `stream-name`.
    pub name: String,
    pub nargs: Nargs,
    pub required: bool,
    /// Allowed values (the CLI's `--output` and `--color`), checked as argparse does.
    pub choices: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Flag,
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Options seen, by index into the spec list, in the order given (a repeat replaces).
    pub options: Vec<(usize, Value)>,
    /// The positional the parser declares (`command`, `operation`, or `help`), if given.
    pub positional: Option<String>,
    /// What the parser did not understand, in order.
    pub remaining: Vec<String>,
}

impl Parsed {
    pub fn get(&self, index: usize) -> Option<&Value> {
        self.options.iter().rev().find(|(i, _)| *i == index).map(|(_, v)| v)
    }
}

/// How one command-line string is classified, as argparse's `_parse_optional` does.
enum Kind {
    Positional,
    /// A known option (spec index), with an explicit `=value` if given.
    Known(usize, Option<String>),
    Unknown,
}

pub struct Parser<'a> {
    pub specs: &'a [OptSpec],
    /// Name of the single positional (`command`, `operation`, `help`); `None` for none.
    pub positional: Option<&'a str>,
    /// Whether the positional must be given (argparse's `nargs=None` vs `'?'`).
    pub positional_required: bool,
}

impl Parser<'_> {
    pub fn parse(&self, args: &[String]) -> Result<Parsed, String> {
        let kinds = args.iter().map(|a| self.classify(a)).collect::<Result<Vec<_>, _>>()?;
        let mut parsed = Parsed::default();
        let mut positional_done = self.positional.is_none();
        let mut i = 0;
        // argparse only fills positionals from a run of plain strings; an optional `?`
        // positional that meets an option first simply stays unset.
        while i < args.len() {
            match &kinds[i] {
                Kind::Positional => {
                    if !positional_done {
                        parsed.positional = Some(args[i].clone());
                        positional_done = true;
                    } else {
                        parsed.remaining.push(args[i].clone());
                    }
                    i += 1;
                }
                Kind::Unknown => {
                    parsed.remaining.push(args[i].clone());
                    i += 1;
                }
                Kind::Known(index, explicit) => {
                    let spec = &self.specs[*index];
                    let mut values = Vec::new();
                    let mut j = i + 1;
                    match spec.nargs {
                        Nargs::Zero => {
                            if let Some(v) = explicit {
                                return Err(format!(
                                    "argument --{}: ignored explicit argument '{}'",
                                    spec.name, v
                                ));
                            }
                        }
                        Nargs::One => {
                            if let Some(v) = explicit {
                                values.push(v.clone());
                            } else if j < args.len() && matches!(kinds[j], Kind::Positional) {
                                values.push(args[j].clone());
                                j += 1;
                            } else {
                                return Err(format!(
                                    "argument --{}: expected one argument",
                                    spec.name
                                ));
                            }
                        }
                        Nargs::Star | Nargs::Plus => {
                            if let Some(v) = explicit {
                                values.push(v.clone());
                            } else {
                                while j < args.len() && matches!(kinds[j], Kind::Positional) {
                                    values.push(args[j].clone());
                                    j += 1;
                                }
                            }
                            if spec.nargs == Nargs::Plus && values.is_empty() {
                                return Err(format!(
                                    "argument --{}: expected at least one argument",
                                    spec.name
                                ));
                            }
                        }
                    }
                    if !spec.choices.is_empty() {
                        for v in &values {
                            if !spec.choices.contains(v) {
                                let choices: Vec<String> =
                                    spec.choices.iter().map(|c| format!("'{c}'")).collect();
                                return Err(format!(
                                    "argument --{}: invalid choice: '{}' (choose from {})",
                                    spec.name,
                                    v,
                                    choices.join(", ")
                                ));
                            }
                        }
                    }
                    let value = match spec.nargs {
                        Nargs::Zero => Value::Flag,
                        Nargs::One => Value::One(values.pop().unwrap_or_default()),
                        Nargs::Star | Nargs::Plus => Value::Many(values),
                    };
                    parsed.options.push((*index, value));
                    i = j;
                }
            }
        }
        let mut missing: Vec<String> = self
            .specs
            .iter()
            .enumerate()
            .filter(|(i, s)| s.required && parsed.get(*i).is_none())
            .map(|(_, s)| format!("--{}", s.name))
            .collect();
        if self.positional_required && parsed.positional.is_none() {
            missing.extend(self.positional.map(String::from));
        }
        if !missing.is_empty() {
            return Err(format!("the following arguments are required: {}", missing.join(", ")));
        }
        Ok(parsed)
    }

    fn classify(&self, arg: &str) -> Result<Kind, String> {
        if !arg.starts_with('-') || arg == "-" {
            return Ok(Kind::Positional);
        }
        if let Some(index) = self.exact(arg) {
            return Ok(Kind::Known(index, None));
        }
        if arg.len() == 1 {
            return Ok(Kind::Positional);
        }
        if let Some((name, value)) = arg.split_once('=') {
            if let Some(index) = self.exact(name) {
                return Ok(Kind::Known(index, Some(value.to_string())));
            }
        }
        // Unique prefixes stand for the whole option (argparse's allow_abbrev).
        if arg.starts_with("--") {
            let (name, explicit) = match arg.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (arg, None),
            };
            let matches: Vec<usize> = self
                .specs
                .iter()
                .enumerate()
                .filter(|(_, s)| format!("--{}", s.name).starts_with(name))
                .map(|(i, _)| i)
                .collect();
            if matches.len() > 1 {
                let names: Vec<String> =
                    matches.iter().map(|i| format!("--{}", self.specs[*i].name)).collect();
                return Err(format!("ambiguous option: {} could match {}", name, names.join(", ")));
            }
            if let Some(index) = matches.first() {
                return Ok(Kind::Known(*index, explicit));
            }
        }
        if is_negative_number(arg) || arg.contains(' ') {
            return Ok(Kind::Positional);
        }
        Ok(Kind::Unknown)
    }

    fn exact(&self, arg: &str) -> Option<usize> {
        let name = arg.strip_prefix("--")?;
        self.specs.iter().position(|s| s.name == name)
    }
}

/// argparse's `^-\d+$|^-\d*\.\d+$`: such strings are values, not options.
fn is_negative_number(arg: &str) -> bool {
    let rest = &arg[1..];
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if all_digits(rest) {
        return true;
    }
    match rest.split_once('.') {
        Some((int, frac)) => (int.is_empty() || all_digits(int)) && all_digits(frac),
        None => false,
    }
}

/// The CLI's "Invalid choice" message (awscli/argparser.py `CLIArgParser._check_value`):
/// choices two to a line, padded to 40, and close matches from `difflib.get_close_matches`.
pub fn invalid_choice(action: &str, value: &str, choices: &[String]) -> String {
    let mut lines = vec!["Invalid choice, valid choices are:\n".to_string()];
    for pair in choices.chunks(2) {
        let cells: Vec<String> = pair.iter().map(|c| format!("{c:<40}")).collect();
        lines.push(cells.join(" | "));
    }
    let close = super::difflib::get_close_matches(value, choices, 3, 0.8);
    if !close.is_empty() {
        lines.push(format!("\n\nInvalid choice: {}, maybe you meant:\n", python_repr(value)));
        for word in close {
            lines.push(format!("  * {word}"));
        }
    }
    format!("argument {action}: {}", lines.join("\n"))
}

/// `repr(str)` for the simple strings that reach error messages.
pub fn python_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}
