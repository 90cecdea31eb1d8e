//! The standard library's demo pair, `python -m xmlrpc.server` and
//! `python -m xmlrpc.client`: `pow`, `add`, `getData` and the dotted
//! `currentTime.getCurrentTime`, with multicall and introspection on.

use xmlrpc_core::{Fault, Value, rpc_service};
use xmlrpc_server::Server;

use crate::conformance::CurrentTime;

/// Python's `ExampleService`: `getData` and the nested `currentTime`.
#[derive(Debug, Default)]
pub struct ExampleService {
    time: CurrentTime,
}

#[rpc_service(rename_all = "camelCase")]
impl ExampleService {
    /// Answers the string `"42"`.
    pub fn get_data(&self) -> String {
        "42".to_owned()
    }

    /// `currentTime.getCurrentTime`: the server's time (UTC).
    #[rpc(nested)]
    pub fn current_time(&self) -> &CurrentTime {
        &self.time
    }
}

/// `x` to the power `y`, as Python's `pow` on ints; a fault when the
/// result does not fit 64 bits.
fn pow(x: i64, y: u32) -> Result<Value, Fault> {
    x.checked_pow(y)
        .map(crate::int)
        .ok_or_else(|| Fault::invalid_params("pow: the result does not fit 64 bits"))
}

/// The demo server's table, as `python -m xmlrpc.server` builds it.
#[must_use]
pub fn server() -> Server {
    Server::new()
        .register_function(pow)
        .register_function_as("add", crate::conformance::sum)
        .register_instance(ExampleService::default())
}

/// What `python -m xmlrpc.client` prints, line by line: the server's time,
/// then the answers of one multicall of `getData()`, `pow(2, 9)` and
/// `add(1, 2)` (or `ERROR` and the reason, as Python prints it).
///
/// # Errors
///
/// When `url` is not an http(s) URL.
pub async fn client_lines(url: &str) -> Result<Vec<String>, xmlrpc_client::Error> {
    let server = crate::client(url)?;
    let mut lines = Vec::new();
    match server
        .call::<xmlrpc_core::DateTime>("currentTime.getCurrentTime", ())
        .await
    {
        Ok(now) => lines.push(now.to_string()),
        Err(e) => lines.push(format!("ERROR {e}")),
    }
    let mut multi = server.multicall();
    let data = multi.add::<Value>("getData", ())?;
    let power = multi.add::<Value>("pow", (2, 9))?;
    let sum = multi.add::<Value>("add", (1, 2))?;
    match multi.send().await {
        Ok(replies) => {
            for slot in [&data, &power, &sum] {
                match replies.get(slot) {
                    Ok(value) => lines.push(crate::show(&value)),
                    Err(e) => {
                        // Python stops at the first fault in a multicall.
                        lines.push(format!("ERROR {e}"));
                        break;
                    }
                }
            }
        }
        Err(e) => lines.push(format!("ERROR {e}")),
    }
    Ok(lines)
}
