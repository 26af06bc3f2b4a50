use async_trait::async_trait;
use std::collections::BTreeMap;
use tokio::sync::Mutex;

pub type Result<T> = std::result::Result<T, String>;

#[async_trait]
pub trait Store {
    async fn get_registration_id(&self) -> Result<Option<u32>>;
    async fn set_registration_id(&self, registration_id: u32) -> Result<()>;
    async fn save_key(&self, id: u32, key: String) -> Result<()>;
    async fn keys(&self) -> Result<Vec<(u32, String)>>;
}

#[derive(Default)]
pub struct FfiStore {
    registration: Mutex<Option<u32>>,
    keys: Mutex<BTreeMap<u32, String>>,
}

#[async_trait]
impl Store for FfiStore {
    async fn get_registration_id(&self) -> Result<Option<u32>> {
        tokio::task::yield_now().await;
        Ok(*self.registration.lock().await)
    }
    async fn set_registration_id(&self, registration_id: u32) -> Result<()> {
        let mut r = self.registration.lock().await;
        if r.is_some() {
            return Err(format!("already registered as {:?}", *r));
        }
        *r = Some(registration_id);
        Ok(())
    }
    async fn save_key(&self, id: u32, key: String) -> Result<()> {
        tokio::task::yield_now().await;
        self.keys.lock().await.insert(id, key);
        Ok(())
    }
    async fn keys(&self) -> Result<Vec<(u32, String)>> {
        Ok(self.keys.lock().await.iter().map(|(k, v)| (*k, v.clone())).collect())
    }
}
