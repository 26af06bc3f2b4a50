// minimap2-rs#2: an FFI index (a raw pointer) borrowed by a rayon closure,
// and the same aligner moved in an Arc into a thread. No bound makes a raw
// pointer Send or Sync: both are reported, with the remedy only the author
// can choose. The reference genome's type says `unsafe impl Send`/`Sync`
// itself: it is not reported.
use rayon::prelude::*;
use std::sync::Arc;

struct Aligner {
    idx: *mut u8,
    len: usize,
}

impl Aligner {
    fn map(&self, q: u8) -> usize {
        let s = unsafe { std::slice::from_raw_parts(self.idx, self.len) };
        s.iter().filter(|b| **b == q).count()
    }
}

struct Genome {
    bases: *const u8,
    len: usize,
}

unsafe impl Send for Genome {}
unsafe impl Sync for Genome {}

impl Genome {
    fn gc(&self) -> usize {
        let s = unsafe { std::slice::from_raw_parts(self.bases, self.len) };
        s.iter().filter(|b| **b == b'G' || **b == b'C').count()
    }
}

struct Key {
    ptr: *const u8,
    len: usize,
}

unsafe impl Sync for Key {}

impl Key {
    fn as_str(&self) -> &str {
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(self.ptr, self.len)) }
    }
}

fn main() {
    let idx = Box::into_raw(b"ACGTACGGT".to_vec().into_boxed_slice()) as *mut u8;
    let aligner = Aligner { idx, len: 9 };
    let hits: usize = b"ACG".par_iter().map(|q| aligner.map(*q)).sum();
    println!("{hits}");

    let shared = Arc::new(aligner);
    let a2 = shared.clone();
    let h = std::thread::spawn(move || a2.map(b'T'));
    println!("{}", h.join().unwrap() + shared.map(b'A'));

    let genome = Arc::new(Genome { bases: b"GGCATC".as_ptr(), len: 6 });
    let g2 = genome.clone();
    let gc: usize = [0, 1].par_iter().map(|_| g2.gc()).sum();
    println!("{gc}");

    let key = Key { ptr: "name".as_ptr(), len: 4 };
    let h = std::thread::spawn(move || key.as_str().len());
    println!("{}", h.join().unwrap());
}
