//! Streaming output: documents written piece by piece to a caller's function instead of
//! into one buffer. An assessment JSON is tens of KiB, more than the RAM of a Cortex-M0
//! kiosk (16 KiB); streamed, it needs no buffer at all (a UART takes it byte by byte).

use core::ffi::{c_char, c_void};

use poh_core::json::Sink;
use poh_core::Error;

/// A writer: called with consecutive pieces of a document (`len` bytes at `bytes`, not
/// NUL-terminated, valid only during the call) and the `context` the caller passed. It
/// cannot fail: a writer that can buffers or drops on its side and says so itself.
pub type poh_write_fn =
    Option<unsafe extern "C" fn(context: *mut c_void, bytes: *const c_char, len: usize)>;

/// The core's `Sink` over a C writer.
pub(crate) struct WriterSink {
    pub(crate) write: unsafe extern "C" fn(*mut c_void, *const c_char, usize),
    pub(crate) context: *mut c_void,
}

impl Sink for WriterSink {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        if !bytes.is_empty() {
            // SAFETY: the writer's contract (poh_write_fn): the bytes are valid for the call.
            unsafe { (self.write)(self.context, bytes.as_ptr().cast(), bytes.len()) };
        }
        Ok(())
    }
}
