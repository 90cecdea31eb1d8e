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

/// The three ways a symbolic link once let `cp` write outside the root:
/// onto a dangling link, into a directory whose entry of that name is a
/// link, and a folder swapped for a link while calls are running.
#[cfg(unix)]
#[test]
fn cp_never_writes_outside_the_root_through_a_link() {
    use std::os::unix::fs::symlink;

    let base = tempfile::tempdir().unwrap();
    let (root, outside) = (base.path().join("root"), base.path().join("outside"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(root.join("a.txt"), "aaa").unwrap();
    let shell = Shell::new(&root).unwrap();
    let refused = |result: Result<i64, xmlrpc_core::Fault>| {
        let fault = result.unwrap_err();
        assert_eq!(fault.code, BAD_PATH, "{fault}");
    };

    // A dangling link whose target is outside.
    symlink(outside.join("created.txt"), root.join("dangling")).unwrap();
    refused(shell.cp("a.txt".into(), "dangling".into()));
    assert!(!outside.join("created.txt").exists());

    // `cp a.txt d` where `d/a.txt` is a link to a file outside.
    std::fs::write(outside.join("victim.txt"), "victim").unwrap();
    std::fs::create_dir(root.join("d")).unwrap();
    symlink(outside.join("victim.txt"), root.join("d/a.txt")).unwrap();
    refused(shell.cp("a.txt".into(), "d".into()));
    assert_eq!(
        std::fs::read_to_string(outside.join("victim.txt")).unwrap(),
        "victim"
    );

    // A folder swapped for a link to the outside, over and over (atomic
    // renames), while copies into it run: up to 20 000, or 3 s.
    std::fs::create_dir(root.join("x_dir")).unwrap();
    symlink(&outside, root.join("x_link")).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            let (folder, dir, link) = (root.join("x"), root.join("x_dir"), root.join("x_link"));
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::rename(&dir, &folder);
                let _ = std::fs::rename(&folder, &dir);
                let _ = std::fs::rename(&link, &folder);
                let _ = std::fs::rename(&folder, &link);
            }
        })
    };
    let started = std::time::Instant::now();
    let mut copied = 0;
    for _ in 0..20_000 {
        if shell.cp("a.txt".into(), "x/copy.txt".into()).is_ok() {
            copied += 1;
        }
        if outside.join("copy.txt").exists() || started.elapsed().as_secs() >= 3 {
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
    assert!(
        !outside.join("copy.txt").exists(),
        "a copy landed outside ({copied} succeeded inside)"
    );
}

/// The file store writes beneath its folder: a planted link named like the
/// stored image is refused, and the file it points to is left alone.
#[cfg(unix)]
#[test]
fn the_file_store_never_writes_through_a_link_out_of_its_folder() {
    use examples::files::{Files, IMAGE};

    let base = tempfile::tempdir().unwrap();
    let (dir, outside) = (base.path().join("store"), base.path().join("victim"));
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(&outside, "victim").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join(IMAGE)).unwrap();
    let files = Files::new(&dir).unwrap();
    assert!(
        files
            .image_put(xmlrpc_core::Binary::new(b"new".to_vec()))
            .is_err()
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "victim");
    assert!(files.image_get().is_err());
}
