//! A fence around calamine: a panic inside it becomes an error, not a crash.
//!
//! calamine parses bytes from strangers, and some malformed files make it panic: fuzzing found
//! that an `.xls` cut short (the first 64 kB of `so-xay-dung-2024.xls`) makes its OLE reader
//! slice past the end of its buffer (`cfb.rs`, calamine 0.38). Such a file is damaged, and the
//! caller must hear so like any other damaged file. This crate cannot fix calamine, so every
//! call into it goes through [`guarded`].
//!
//! The panic hook is process-wide; the one installed here hands every panic to the hook that
//! was there before, except those raised inside [`guarded`] on the same thread, which it keeps
//! quiet because they are reported as errors.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`guarded`], so its panics are expected and reported.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`; a panic inside it is caught and returned as its message.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let outer = GUARDED.with(|g| g.replace(true));
    // Nothing `f` touched is used after a panic: the parser and its buffers are dropped.
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_other_panics_still_reach_the_old_hook() {
        assert_eq!(guarded(|| 2 + 2), Ok(4));
        let caught = guarded(|| -> u8 { panic!("slice index starts at 9 but ends at 3") });
        assert_eq!(caught, Err("slice index starts at 9 but ends at 3".into()));
        // Outside `guarded`, panics unwind as before.
        assert!(std::panic::catch_unwind(|| panic!("outside")).is_err());
    }
}
