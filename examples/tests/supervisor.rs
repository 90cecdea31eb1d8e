//! A real foreign server: Supervisor. The `supervisor` example against a
//! supervisord of its own, and the clients' ways with what Supervisor
//! answers (unwrapped multicall results, ANSI escapes in logs, a Unix
//! socket, basic auth).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

use xmlrpc_client::{Client, Error};
use xmlrpc_core::{Struct, Value};

#[test]
fn the_example_lists_stops_starts_reads_and_batches() {
    // The example starts its own supervisord; see that one can start here.
    if support::supervisord().is_none() {
        return;
    }
    let out = Command::new(support::built("examples/supervisor"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "supervisord 4.",
        " is RUNNING\n",
        "\nsleeper RUNNING (pid ",
        "\nticker RUNNING (pid ",
        "\nstopProcess(ticker) = true: STOPPED\n",
        "\nstartProcess(ticker) = true: RUNNING\n",
        "\nticker's log starts with \"\\u{1b}[32mtick 1\\u{1b}[0m\"\n",
        "\nbatch: getPID = ",
        "\nbatch: getProcessInfo(no-such-program) failed: fault 10: BAD_NAME: no-such-program\n",
        "/supervisor.sock: RUNNING\n",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn supervisors_answers_are_read_over_http_and_the_unix_socket() {
    let Some(supervisor) = support::supervisord() else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(read_supervisor(&supervisor));
}

async fn read_supervisor(supervisor: &examples::supervisord::Supervisord) {
    for url in [supervisor.http_url(), supervisor.unix_url()] {
        let client = Client::builder(&url).no_proxy().build().unwrap();
        let state: Struct = client.call("supervisor.getState", ()).await.unwrap();
        assert_eq!(
            state.get("statename"),
            Some(&Value::from("RUNNING")),
            "{url}"
        );

        // Supervisor's multicall answer is not wrapped; the default reads it.
        let mut batch = client.multicall();
        let pid = batch.add::<i32>("supervisor.getPID", ()).unwrap();
        let bad = batch
            .add::<Struct>("supervisor.getProcessInfo", ("nope",))
            .unwrap();
        let all = batch
            .add::<Vec<Struct>>("supervisor.getAllProcessInfo", ())
            .unwrap();
        let replies = batch.send().await.unwrap();
        assert!(replies.get(&pid).unwrap() > 0);
        assert_eq!(
            replies.get(&bad).unwrap_err().fault().map(|f| f.code),
            Some(10)
        );
        assert_eq!(replies.get(&all).unwrap().len(), 2);

        // A log with ANSI escapes: refused by default, kept when asked.
        let log = ("ticker", 0, 100);
        let err = client
            .call::<String>("supervisor.readProcessStdoutLog", log)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Malformed { .. }), "{err:?}");
        let lenient = Client::builder(&url)
            .no_proxy()
            .control_characters(true)
            .build()
            .unwrap();
        let text: String = lenient
            .call("supervisor.readProcessStdoutLog", log)
            .await
            .unwrap();
        assert!(text.starts_with("\u{1b}[32mtick 1\u{1b}[0m\n"), "{text:?}");
    }
    // Wrong credentials: HTTP 401, kept as a status.
    let wrong = supervisor
        .http_url()
        .replace(examples::supervisord::PASSWORD, "nope");
    let err = Client::builder(&wrong)
        .no_proxy()
        .build()
        .unwrap()
        .call::<Struct>("supervisor.getState", ())
        .await
        .unwrap_err();
    assert!(err.status().map(|s| s.as_u16()) == Some(401), "{err:?}");
}

/// What Python's own client makes of the same answer: its `MultiCall`
/// expects each result wrapped and fails.
#[test]
fn pythons_multicall_cannot_read_supervisors_answer() {
    let Some(supervisor) = support::supervisord() else {
        return;
    };
    let script = r#"
import sys, xmlrpc.client
proxy = xmlrpc.client.ServerProxy(sys.argv[1])
batch = xmlrpc.client.MultiCall(proxy)
batch.supervisor.getPID()
batch.supervisor.getState()
try:
    print(list(batch()))
except Exception as e:
    print("failed:", type(e).__name__)
"#;
    let out = match Command::new("python3")
        .args(["-c", script, &supervisor.http_url()])
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available here ({e})");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("failed: "), "{text}");
}
