//! The remote shell stays inside its directory: `..` stops at its root and
//! a symbolic link that leads out is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use examples::shell::{BAD_PATH, Shell, ShellClient};
use xmlrpc_core::MemoryTransport;

#[test]
fn paths_never_leave_the_root() {
    let base = std::env::temp_dir().join(format!("xmlrpc-shell-test-{}", std::process::id()));
    let root = base.join("root");
    let outside = base.join("outside");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "secret").unwrap();
    std::fs::write(root.join("a.txt"), "aaa").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();

    let sh = ShellClient::new(MemoryTransport::new(Shell::new(&root).unwrap()));
    futures_lite::future::block_on(async {
        assert_eq!(sh.pwd().await.unwrap(), "/");
        // `..` above the root is the root.
        assert_eq!(sh.cd("../../..".into()).await.unwrap(), "/");
        let mut names = sh.ls(Some("/..".into())).await.unwrap();
        names.retain(|n| n != "link");
        assert_eq!(names, ["a.txt"]);
        sh.mkdir("d".into()).await.unwrap();
        assert_eq!(sh.cp("a.txt".into(), "/../d".into()).await.unwrap(), 3);
        assert_eq!(
            std::fs::read_to_string(root.join("d/a.txt")).unwrap(),
            "aaa"
        );
        assert_eq!(sh.cd("d".into()).await.unwrap(), "/d");
        assert_eq!(sh.ls(None).await.unwrap(), ["a.txt"]);
        let fault = sh.cd("nope".into()).await.unwrap_err();
        assert_eq!(fault.fault().map(|f| f.code), Some(BAD_PATH));
        #[cfg(unix)]
        for attempt in [
            sh.ls(Some("/link".into())).await.map(|_| ()),
            sh.cd("/link".into()).await.map(|_| ()),
            sh.cp("/link/secret.txt".into(), "/".into())
                .await
                .map(|_| ()),
            sh.mkdir("/link/new".into()).await,
        ] {
            let fault = attempt.unwrap_err();
            let fault = fault.fault().unwrap();
            assert_eq!(fault.code, BAD_PATH, "{fault}");
            assert!(fault.string.contains("outside the shell"), "{fault}");
        }
    });
    assert!(!outside.join("new").exists());
    std::fs::remove_dir_all(&base).unwrap();
}
