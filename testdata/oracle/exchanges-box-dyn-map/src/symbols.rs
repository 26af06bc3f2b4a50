pub trait WsSymbols {
    fn exchange(&self) -> &str;
    fn symbols(&self) -> Vec<String>;
    fn on_tick(&mut self, symbol: &str, price: u64);
    fn last(&self, symbol: &str) -> Option<u64>;
}

pub struct Binance {
    pub last: std::collections::BTreeMap<String, u64>,
}

impl WsSymbols for Binance {
    fn exchange(&self) -> &str { "binance" }
    fn symbols(&self) -> Vec<String> { vec!["BTCUSDT".into(), "ETHUSDT".into()] }
    fn on_tick(&mut self, symbol: &str, price: u64) { self.last.insert(symbol.to_string(), price); }
    fn last(&self, symbol: &str) -> Option<u64> { self.last.get(symbol).copied() }
}

pub struct Okx {
    pub ticks: Vec<(String, u64)>,
}

impl WsSymbols for Okx {
    fn exchange(&self) -> &str { "okx" }
    fn symbols(&self) -> Vec<String> { vec!["BTC-USDT".into()] }
    fn on_tick(&mut self, symbol: &str, price: u64) { self.ticks.push((symbol.to_string(), price)); }
    fn last(&self, symbol: &str) -> Option<u64> {
        self.ticks.iter().rev().find(|(s, _)| s == symbol).map(|(_, p)| *p)
    }
}
