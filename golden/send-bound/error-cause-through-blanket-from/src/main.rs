// kata-containers/cgroups-rs#7: an error whose cause is `Box<dyn Error +
// Send>` is converted by `?` into an anyhow-like error, whose blanket From
// asks Send + Sync. The cause gets `+ Sync`, and so does the generic that
// fills it.
mod anyhow;
mod cgroups;

fn update(limit: i64) -> anyhow::Result<i64> {
    let tcp = cgroups::set_tcp_limit(limit)?;
    Ok(tcp * 2)
}

fn main() {
    for limit in [4096, -5] {
        match update(limit) {
            Ok(v) => println!("ok {v}"),
            Err(e) => println!("failed: {e}"),
        }
    }
}
