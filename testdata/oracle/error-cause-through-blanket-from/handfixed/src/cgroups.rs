//! cgroups-rs 0.1's error keeps its cause as `Box<dyn Error + Send>`: not
//! Sync, so `?` cannot turn it into the anyhow-like error.
use std::error::Error as StdError;
use std::fmt;

pub mod error {
    use super::*;

    #[derive(Debug)]
    pub struct Error {
        cause: Option<Box<dyn StdError + Send + Sync>>,
    }

    impl Error {
        pub fn with_cause<E>(cause: E) -> Self
        where
            E: 'static + Send + Sync + StdError,
        {
            Error { cause: Some(Box::new(cause)) }
        }
    }

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "unable to write to a control file")
        }
    }

    impl StdError for Error {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            match self.cause {
                Some(ref x) => Some(&**x),
                None => None,
            }
        }
    }

    pub type Result<T> = ::std::result::Result<T, Error>;
}

use error::{Error, Result};

pub fn set_tcp_limit(limit: i64) -> Result<i64> {
    if limit < 0 {
        return Err(Error::with_cause(std::io::Error::new(std::io::ErrorKind::InvalidInput, "invalid argument")));
    }
    Ok(limit)
}
