/// The name the service logs under.
pub fn service() -> &'static str {
    "web"
}
