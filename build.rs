//! Compiles the canonical feed API with protox, a pure-Rust protobuf compiler, so a fresh machine
//! needs no system `protoc`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    let files = [
        "proto/feedguard/v1/feed.proto",
        "proto/feedguard/v1/feedback.proto",
        "proto/feedguard/v1/record.proto",
    ];
    let fds = protox::compile(files, ["proto"])?;
    // The descriptors go into the binary too: replay reads and writes the proto3 JSON mapping
    // of these messages through prost-reflect.
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out.join("feedguard_descriptor.bin"),
        prost::Message::encode_to_vec(&fds),
    )?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        .compile_fds(fds)?;
    Ok(())
}
