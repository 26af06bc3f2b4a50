use std::sync::{Mutex, PoisonError};

// Not switched: this lock is never held across an await.
pub fn count(m: &Mutex<u32>) -> u32 {
    *m.lock().unwrap_or_else(PoisonError::into_inner)
}
