use std::error::Error;
use std::time::Duration;

use crate::error::{BadRequest, Result};

fn parse_port(raw: &str) -> Result<u16> {
    let port: u16 = raw.trim().parse()?;
    if port < 1024 {
        return Err(Box::new(BadRequest(format!("port {port} is privileged"))));
    }
    Ok(port)
}

async fn lookup_service(port: u16) -> std::result::Result<String, Box<dyn Error>> {
    tokio::time::sleep(Duration::from_millis(1)).await;
    match port {
        8080 => Ok("http-alt".to_string()),
        5432 => Ok("postgres".to_string()),
        _ => Err(format!("no service on {port}").into()),
    }
}

pub async fn handle(request: String) -> Result<String> {
    let port = parse_port(&request);
    tokio::time::sleep(Duration::from_millis(1)).await;
    let service = lookup_service(port?).await?;
    Ok(format!("{request} -> {service}"))
}
