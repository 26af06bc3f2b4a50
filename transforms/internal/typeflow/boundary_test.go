package typeflow

import "testing"

func TestSendBoundary(t *testing.T) {
	for src, want := range map[string]bool{
		"tokio::spawn(async move {})":                                         true,
		"fn f<T: Send>(t: T) {}":                                              true,
		"fn f<T>(t: T) where T: Clone + Send {}":                              true,
		"Box<dyn Error + Send + Sync>":                                        true,
		"Box<dyn Send>":                                                       true,
		"#[async_trait]\nimpl Handler for H {}":                               true,
		"let f = fut.boxed();":                                                true,
		"enum Direction { SendRecv, Recvonly }":                               false,
		"unsafe fn Send(&self, buf: *const u8) {}":                            false,
		"fn sender() -> Sender<u8> { todo!() }":                               false,
		"use core::marker::{Copy, Send, Sync};":                               false,
		"pub fn posix_spawn(pid: *mut pid_t);":                                false,
		"handle.spawn_blocking(move || work());":                              true,
		"tokio::task::spawn::<_>(fut);":                                       true,
		"pub fn spawn_thread(f: F) -> u32;":                                   false,
		"// sys/spawn.h: posix_spawn":                                         false,
		"unsafe impl Send for clockid_t {}":                                   false,
		"/// thread::spawn(move || run());\nfn f() {}":                        false,
		"    //! let s: Box<dyn Send> = x;\n":                                 false,
		"/// `Box<dyn Future>`\nfn f() -> BoxFuture<'static, ()> { todo!() }": true,
		"let url = \"http://x\"; tokio::spawn(get(url));":                     true,
		"// #[async_trait]\n":                                                 false,
	} {
		if got := SendBoundary([]byte(src)); got != want {
			t.Errorf("SendBoundary(%q) = %v, want %v", src, got, want)
		}
	}
}

func TestContainsCodeWord(t *testing.T) {
	for src, want := range map[string]bool{
		"use std::rc::Rc;":                        true,
		"/// An Rc would not do here.\nfn f() {}": false,
		"  // Rc\n":                               false,
		"let s = \"//\"; let r = Rc::new(1);":     true,
		"struct Rcx;":                             false,
	} {
		if got := ContainsCodeWord([]byte(src), "Rc"); got != want {
			t.Errorf("ContainsCodeWord(%q, Rc) = %v, want %v", src, got, want)
		}
	}
}
