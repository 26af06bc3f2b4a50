mod ev3dev;

use ev3dev::ColorSensor;
use std::sync::mpsc;
use std::thread;

fn main() {
    let sensor = ColorSensor::find();
    let (tx, rx) = mpsc::channel();

    let h = thread::spawn(move || {
        for i in 0..3 {
            let reading = sensor.get_color() + i;
            tx.send(format!("{} reading {}", sensor.mode(), reading)).unwrap();
        }
    });

    h.join().unwrap();
    for line in rx.iter() {
        println!("{}", line);
    }
}
