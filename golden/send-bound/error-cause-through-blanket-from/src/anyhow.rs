//! An anyhow-like error: its blanket From asks Send + Sync of what `?`
//! converts into it.
use std::error::Error as StdError;
use std::fmt;

pub struct Error {
    inner: Box<dyn StdError + Send + Sync + 'static>,
}

impl<E> From<E> for Error
where
    E: StdError + Send + Sync + 'static,
{
    fn from(error: E) -> Self {
        Error { inner: Box::new(error) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}", self.inner)?;
        if let Some(cause) = self.inner.source() {
            write!(f, ": {}", cause)?;
        }
        Ok(())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
