//! A usage error (`konbit init --bogus`) in the operator's language: clap's own formatter
//! speaks English only, so each kind of error is said again from its context (the
//! argument, the value, the values accepted, the usage line) with the language's
//! sentences (`ErrorTexts`, in `fr.rs`). Help and version output are not errors and never
//! come here.

use clap::error::{ContextKind, ContextValue, Error, ErrorFormatter, ErrorKind};

use super::fr;
use super::localize::Translation;

/// What a language says of a usage error. `{arg}`, `{value}`, `{values}`, `{other}`,
/// `{count}` and `{actual}` are replaced by the error's context.
pub(super) struct ErrorTexts {
    /// Before every error: `error: `.
    pub prefix: &'static str,
    pub unknown_argument: &'static str,
    pub unknown_subcommand: &'static str,
    pub invalid_value: &'static str,
    /// An option given without its value.
    pub value_required: &'static str,
    pub possible_values: &'static str,
    pub invalid_value_because: &'static str,
    pub missing_arguments: &'static str,
    pub missing_subcommand: &'static str,
    pub subcommands: &'static str,
    pub conflict: &'static str,
    pub conflict_unnamed: &'static str,
    pub no_equals: &'static str,
    pub too_many_values: &'static str,
    pub wrong_number_of_values: &'static str,
    pub invalid_utf8: &'static str,
    /// Anything else clap may report.
    pub other: &'static str,
    pub similar_argument: &'static str,
    pub similar_subcommand: &'static str,
    pub similar_value: &'static str,
    /// After the usage line.
    pub more: &'static str,
}

/// clap's formatter for French.
pub(super) struct French;

impl ErrorFormatter for French {
    fn format_error(error: &Error<Self>) -> clap::builder::StyledStr {
        format(error, &fr::TRANSLATION).into()
    }
}

/// A context value as text: a list joined by commas.
fn said(error: &Error<impl ErrorFormatter>, kind: ContextKind) -> Option<String> {
    error.get(kind).map(|value| match value {
        ContextValue::Strings(values) => values.join(", "),
        other => other.to_string(),
    })
}

fn format(error: &Error<impl ErrorFormatter>, tr: &Translation) -> String {
    let texts = &tr.errors;
    let arg = said(error, ContextKind::InvalidArg).unwrap_or_default();
    let value = said(error, ContextKind::InvalidValue).unwrap_or_default();
    let fill = |template: &str| {
        template
            .replace("{arg}", &arg)
            .replace("{value}", &value)
            .replace("{values}", &said(error, ContextKind::ValidValue).unwrap_or_default())
            .replace("{other}", &said(error, ContextKind::PriorArg).unwrap_or_default())
            .replace(
                "{count}",
                &said(error, ContextKind::ExpectedNumValues)
                    .or_else(|| said(error, ContextKind::MinValues))
                    .unwrap_or_default(),
            )
            .replace(
                "{actual}",
                &said(error, ContextKind::ActualNumValues).unwrap_or_default(),
            )
    };
    let mut out = texts.prefix.to_owned();
    match error.kind() {
        ErrorKind::UnknownArgument => out.push_str(&fill(texts.unknown_argument)),
        ErrorKind::InvalidSubcommand => out.push_str(&texts.unknown_subcommand.replace(
            "{value}",
            &said(error, ContextKind::InvalidSubcommand).unwrap_or_default(),
        )),
        ErrorKind::InvalidValue if value.is_empty() => out.push_str(&fill(texts.value_required)),
        ErrorKind::InvalidValue => {
            out.push_str(&fill(texts.invalid_value));
            if error.get(ContextKind::ValidValue).is_some() {
                out.push_str("\n  ");
                out.push_str(&fill(texts.possible_values));
            }
        }
        ErrorKind::ValueValidation => {
            out.push_str(&fill(texts.invalid_value));
            if let Some(source) = std::error::Error::source(error) {
                out.push_str(&texts.invalid_value_because.replace("{reason}", &source.to_string()));
            }
        }
        ErrorKind::MissingRequiredArgument => {
            out.push_str(&fill(texts.missing_arguments));
            if let Some(ContextValue::Strings(missing)) = error.get(ContextKind::InvalidArg) {
                for m in missing {
                    out.push_str("\n  ");
                    out.push_str(m);
                }
            }
        }
        ErrorKind::MissingSubcommand => {
            let name = said(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            out.push_str(&texts.missing_subcommand.replace("{value}", &name));
            if let Some(valid) = said(error, ContextKind::ValidSubcommand) {
                out.push_str("\n  ");
                out.push_str(&texts.subcommands.replace("{values}", &valid));
            }
        }
        ErrorKind::ArgumentConflict if error.get(ContextKind::PriorArg).is_some() => {
            out.push_str(&fill(texts.conflict))
        }
        ErrorKind::ArgumentConflict => out.push_str(&fill(texts.conflict_unnamed)),
        ErrorKind::NoEquals => out.push_str(&fill(texts.no_equals)),
        ErrorKind::TooManyValues => out.push_str(&fill(texts.too_many_values)),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => out.push_str(&fill(texts.wrong_number_of_values)),
        ErrorKind::InvalidUtf8 => out.push_str(texts.invalid_utf8),
        _ => out.push_str(texts.other),
    }
    let similar = [
        (ContextKind::SuggestedSubcommand, texts.similar_subcommand),
        (ContextKind::SuggestedArg, texts.similar_argument),
        (ContextKind::SuggestedValue, texts.similar_value),
    ];
    let mut first = true;
    for (kind, text) in similar {
        if let Some(values) = said(error, kind) {
            out.push_str(if first { "\n\n  " } else { "\n  " });
            first = false;
            out.push_str(&text.replace("{values}", &values));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        // clap's usage line begins with its English heading.
        let usage = usage.to_string();
        let line = usage.strip_prefix("Usage:").map_or(usage.as_str(), str::trim_start);
        out.push_str("\n\n");
        out.push_str(tr.usage_heading);
        out.push(' ');
        out.push_str(line);
    }
    out.push_str("\n\n");
    out.push_str(texts.more);
    out.push('\n');
    out
}
