//! `rename_all` rules, applied to Rust's snake_case method names.

// The variants are named after the rules' own names.
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RenameRule {
    CamelCase,
    PascalCase,
    SnakeCase,
    ScreamingSnakeCase,
    LowerCase,
    UpperCase,
}

impl RenameRule {
    pub(crate) const NAMES: &'static str =
        "`camelCase`, `PascalCase`, `snake_case`, `SCREAMING_SNAKE_CASE`, `lowercase`, `UPPERCASE`";

    pub(crate) fn from_str(s: &str) -> Option<Self> {
        Some(match s {
            "camelCase" => Self::CamelCase,
            "PascalCase" => Self::PascalCase,
            "snake_case" => Self::SnakeCase,
            "SCREAMING_SNAKE_CASE" => Self::ScreamingSnakeCase,
            "lowercase" => Self::LowerCase,
            "UPPERCASE" => Self::UpperCase,
            _ => return None,
        })
    }

    pub(crate) fn apply(self, snake: &str) -> String {
        match self {
            Self::SnakeCase => snake.to_owned(),
            Self::ScreamingSnakeCase => snake.to_ascii_uppercase(),
            Self::LowerCase => snake.replace('_', "").to_ascii_lowercase(),
            Self::UpperCase => snake.replace('_', "").to_ascii_uppercase(),
            Self::PascalCase | Self::CamelCase => {
                let mut out = String::with_capacity(snake.len());
                let mut upper = self == Self::PascalCase;
                for c in snake.chars() {
                    if c == '_' {
                        upper = !out.is_empty();
                    } else if upper {
                        out.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RenameRule;

    #[test]
    fn renames_snake_case() {
        let cases = [
            (RenameRule::CamelCase, "get_current_time", "getCurrentTime"),
            (RenameRule::CamelCase, "echo", "echo"),
            (RenameRule::PascalCase, "get_current_time", "GetCurrentTime"),
            (
                RenameRule::SnakeCase,
                "get_current_time",
                "get_current_time",
            ),
            (RenameRule::ScreamingSnakeCase, "get_time", "GET_TIME"),
            (RenameRule::LowerCase, "get_time", "gettime"),
            (RenameRule::UpperCase, "get_time", "GETTIME"),
            (
                RenameRule::CamelCase,
                "array_of_structs_test",
                "arrayOfStructsTest",
            ),
        ];
        for (rule, from, to) in cases {
            assert_eq!(rule.apply(from), to);
        }
    }
}
