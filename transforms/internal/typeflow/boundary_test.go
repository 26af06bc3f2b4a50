package typeflow

import "testing"

func TestSendBoundary(t *testing.T) {
	for src, want := range map[string]bool{
		"tokio::spawn(async move {})":              true,
		"fn f<T: Send>(t: T) {}":                   true,
		"fn f<T>(t: T) where T: Clone + Send {}":   true,
		"Box<dyn Error + Send + Sync>":             true,
		"Box<dyn Send>":                            true,
		"#[async_trait]\nimpl Handler for H {}":    true,
		"let f = fut.boxed();":                     true,
		"enum Direction { SendRecv, Recvonly }":    false,
		"unsafe fn Send(&self, buf: *const u8) {}": false,
		"fn sender() -> Sender<u8> { todo!() }":    false,
		"use core::marker::{Copy, Send, Sync};":    false,
		"pub fn posix_spawn(pid: *mut pid_t);":     false,
		"handle.spawn_blocking(move || work());":   true,
		"tokio::task::spawn::<_>(fut);":            true,
		"pub fn spawn_thread(f: F) -> u32;":        false,
		"// sys/spawn.h: posix_spawn":              false,
		"unsafe impl Send for clockid_t {}":        false,
	} {
		if got := SendBoundary([]byte(src)); got != want {
			t.Errorf("SendBoundary(%q) = %v, want %v", src, got, want)
		}
	}
}
