//! Stand-in for libbpf-rs: an attached program is a handle to a C object;
//! dropping it detaches the program.
use std::ptr::NonNull;

pub struct BpfLink {
    pub ifindex: i32,
}

pub struct Link {
    ptr: NonNull<BpfLink>,
}

impl Link {
    pub fn attach_xdp(ifindex: i32) -> Link {
        Link { ptr: NonNull::new(Box::into_raw(Box::new(BpfLink { ifindex }))).unwrap() }
    }

    pub fn ifindex(&self) -> i32 {
        unsafe { self.ptr.as_ref() }.ifindex
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let link = unsafe { Box::from_raw(self.ptr.as_ptr()) };
        println!("detached from {}", link.ifindex);
    }
}
