//! `-u USER[:PASSWORD]` and `--password-stdin`: basic auth that need not
//! sit in the URL, in `ps` or in the shell's history.

use std::io::IsTerminal as _;

use crate::{Failure, Options};

/// The user and password the options give, asking for the password on
/// the terminal when `-u` names only the user.
///
/// # Errors
///
/// A usage failure when a password is given twice, when standard input
/// cannot be read, or when no password is given and there is no terminal
/// to ask on.
pub(crate) fn credentials(options: &Options) -> Result<Option<(String, String)>, Failure> {
    let Some(user) = &options.user else {
        return Ok(None);
    };
    if let Some((name, password)) = user.split_once(':') {
        if options.password_stdin {
            return Err(Failure::usage(
                "-u USER:PASSWORD and --password-stdin both give a password",
            ));
        }
        return Ok(Some((name.to_owned(), password.to_owned())));
    }
    let password = if options.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| Failure::usage(format!("--password-stdin: {e}")))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Password for {user}: "))
            .map_err(|e| Failure::usage(format!("cannot read the password: {e}")))?
    } else {
        return Err(Failure::usage(format!(
            "-u {user}: no password given and no terminal to ask for it; \
             pass it with --password-stdin (or as -u {user}:PASSWORD)"
        )));
    };
    Ok(Some((user.clone(), password)))
}
