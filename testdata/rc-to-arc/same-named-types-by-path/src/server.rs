pub struct State {
    pub port: u16,
}

impl State {
    pub fn len(&self) -> usize {
        self.port as usize
    }
}
