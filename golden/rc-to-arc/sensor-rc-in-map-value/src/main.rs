// A HashMap filled with insert() before its type is known (the field it
// fills says it) passes a thread's Send requirement on to its values.
use std::collections::HashMap;
use std::sync::Arc;

pub struct Attribute {
    file: Arc<String>,
}

pub struct Sensor {
    attributes: HashMap<String, Attribute>,
}

impl Sensor {
    pub fn find() -> Self {
        let mut attributes = HashMap::new();
        attributes.insert("a".to_string(), Attribute { file: Arc::new("x".into()) });
        Sensor { attributes }
    }
    pub fn get(&self) -> usize {
        self.attributes["a"].file.len()
    }
}

fn main() {
    let sensor = Sensor::find();
    let h = std::thread::spawn(move || sensor.get());
    println!("{}", h.join().unwrap());
}
