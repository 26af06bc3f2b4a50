// Stand-in for ev3dev-lang-rust: attributes keep their sysfs file in Rc<RefCell<File>>.
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

#[derive(Clone)]
pub struct Attribute {
    file: Rc<RefCell<Cursor<Vec<u8>>>>,
}

impl Attribute {
    pub fn from_value(v: &str) -> Self {
        Attribute { file: Rc::new(RefCell::new(Cursor::new(v.as_bytes().to_vec()))) }
    }
    pub fn get(&self) -> String {
        let mut f = self.file.borrow_mut();
        f.seek(SeekFrom::Start(0)).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        s
    }
}

pub struct ColorSensor {
    attributes: HashMap<String, Attribute>,
}

impl ColorSensor {
    pub fn find() -> Self {
        let mut attributes = HashMap::new();
        attributes.insert("value0".to_string(), Attribute::from_value("17"));
        attributes.insert("mode".to_string(), Attribute::from_value("COL-REFLECT"));
        ColorSensor { attributes }
    }
    pub fn get_color(&self) -> i32 {
        self.attributes["value0"].get().parse().unwrap()
    }
    pub fn mode(&self) -> String {
        self.attributes["mode"].get()
    }
}
