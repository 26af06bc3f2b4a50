//! The job queue's shared state: tokio locks, whose guards are Send.
use tokio::sync::Mutex;

#[derive(Default)]
pub struct Stats {
    pub busy: u32,
    pub peak: u32,
}

pub struct Queue {
    pub stats: Mutex<Stats>,
}
