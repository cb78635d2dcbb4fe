//! A Rust guest for Wisp's WASI tests: arguments, environment, and files and directories under the
//! directory named by its first argument, through Rust's standard library. Prints one line per step and
//! exits with the number of failed steps.

use std::env;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::exit;

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    println!("args {:?}", args);
    let mut vars: Vec<(String, String)> = env::vars().collect();
    vars.sort();
    for (name, value) in &vars {
        println!("env {}={}", name, value);
    }
    let root = match args.first() {
        Some(root) => Path::new(root).join("rust-files"),
        None => {
            eprintln!("usage: files.wasm DIRECTORY");
            exit(2);
        }
    };
    let failures = match work_in(&root) {
        Ok(failures) => failures,
        Err(error) => {
            println!("FAIL unexpected error: {}", error);
            1
        }
    };
    println!("{} failures", failures);
    exit(failures);
}

fn work_in(root: &Path) -> io::Result<i32> {
    let mut failures = 0;
    let mut check = |what: &str, ok: bool| {
        println!("{} {}", if ok { "ok" } else { "FAIL" }, what);
        if !ok {
            failures += 1;
        }
    };

    fs::create_dir(root)?;
    let file = root.join("notes.txt");
    fs::write(&file, "hello from rust\n")?;
    writeln!(OpenOptions::new().append(true).open(&file)?, "second line")?;
    check("write, append, read back", fs::read_to_string(&file)? == "hello from rust\nsecond line\n");

    let mut opened = File::open(&file)?;
    opened.seek(SeekFrom::Start(6))?;
    let mut word = [0u8; 4];
    opened.read_exact(&mut word)?;
    check("seek then read", &word == b"from");
    check("metadata", opened.metadata()?.len() == 28 && opened.metadata()?.is_file());
    drop(opened);

    fs::create_dir_all(root.join("a/b/c"))?;
    fs::write(root.join("a/b/c/deep.txt"), [1u8, 2, 3])?;
    check("nested directories", fs::metadata(root.join("a/b/c"))?.is_dir() && fs::read(root.join("a/b/c/deep.txt"))? == [1, 2, 3]);

    fs::rename(&file, root.join("a/renamed.txt"))?;
    check("rename into a subdirectory", !file.exists() && root.join("a/renamed.txt").is_file());

    let mut names: Vec<String> = fs::read_dir(root.join("a"))?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<io::Result<_>>()?;
    names.sort();
    check("read_dir", names == ["b", "renamed.txt"]);

    check("open a missing file: NotFound", File::open(root.join("missing")).map_err(|e| e.kind()).err() == Some(ErrorKind::NotFound));
    check("create an existing directory: AlreadyExists", fs::create_dir(root.join("a")).map_err(|e| e.kind()).err() == Some(ErrorKind::AlreadyExists));
    check("remove a non-empty directory fails", fs::remove_dir(root.join("a")).is_err());
    check("a path outside the preopens fails", File::open("/etc/passwd").is_err());
    check("climbing out with .. fails", File::open(root.join("../../../../etc/passwd")).is_err());

    fs::remove_dir_all(root)?;
    check("remove_dir_all", !root.exists());
    Ok(failures)
}
