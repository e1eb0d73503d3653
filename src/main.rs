//! The `arenascope` binary: everything happens in the library.

fn main() -> std::process::ExitCode {
    arenascope::cli::main()
}
