//! Writing a caller-allocated output struct in place, field by field.
//!
//! The caller's memory may be uninitialised and the output structs hold enums and bools, so
//! no `&mut` to the struct itself may exist before every field is written. Building the
//! whole value on the stack and copying it out costs a copy of every byte (2.7 KiB for a
//! `poh_assessment`), so each field is written where it lives instead:
//!
//! * `out_slot(p)` (unsafe, once per entry point) turns the caller's pointer into a
//!   `&mut MaybeUninit<S>`, valid whatever the memory holds;
//! * `field!(slot, a.b)` (safe) borrows the slot of one field from it, and `slots` splits
//!   an array field's slot into one slot per element.

use core::mem::MaybeUninit;

/// The caller's output struct at `p` as a slot.
///
/// # Safety
/// `p` must be non-NULL, aligned, valid for writes of one `S` and not used by anything
/// else while the slot lives.
pub(crate) unsafe fn out_slot<'a, S>(p: *mut S) -> &'a mut MaybeUninit<S> {
    // SAFETY: MaybeUninit<S> has the layout of S and every content is valid for it;
    // validity for writes and exclusivity are the caller's contract.
    unsafe { &mut *p.cast::<MaybeUninit<S>>() }
}

/// The slot of a field, borrowed from its struct's slot (while it lives, nothing else can
/// reach the struct). Used only by `field!`: `place` maps the struct's pointer to the
/// field's (`addr_of_mut!`).
///
/// The field pointer is derived here, from `owner` as this function received it, not by
/// the caller before the call: passing `owner` re-borrows it uniquely, which (under
/// Stacked Borrows, as Miri checks it) invalidates any pointer taken from it earlier.
///
/// # Safety
/// `place` must return a pointer to a field inside the struct it is given.
pub(crate) unsafe fn field_slot<S, T>(
    owner: &mut MaybeUninit<S>,
    place: impl FnOnce(*mut S) -> *mut T,
) -> &mut MaybeUninit<T> {
    let p = place(owner.as_mut_ptr());
    // SAFETY: p lies inside `owner` (the caller's contract), which the returned borrow
    // holds exclusively, and MaybeUninit<T> is valid for any content.
    unsafe { &mut *p.cast::<MaybeUninit<T>>() }
}

/// `place`, typed by the struct of `owner` (so that `field!`'s closure can name a field of
/// `*p` before it is passed to `field_slot`, outside its `unsafe` block).
pub(crate) fn place_of<S, T, F: FnOnce(*mut S) -> *mut T>(_owner: &MaybeUninit<S>, place: F) -> F {
    place
}

/// One slot per element of an array slot.
pub(crate) fn slots<T, const N: usize>(
    array: &mut MaybeUninit<[T; N]>,
) -> &mut [MaybeUninit<T>; N] {
    // SAFETY: MaybeUninit<[T; N]> and [MaybeUninit<T>; N] have the same layout and every
    // content is valid for both; the borrow is carried over.
    unsafe { &mut *array.as_mut_ptr().cast::<[MaybeUninit<T>; N]>() }
}

/// Write `empty` into every slot of `tail` (the entries past a count).
pub(crate) fn clear<T: Copy>(tail: &mut [MaybeUninit<T>], empty: T) {
    for s in tail {
        s.write(empty);
    }
}

/// `field!(slot, path)`: the slot of `path` within the struct slot `slot`
/// (`&mut MaybeUninit<S>`), borrowed from it.
macro_rules! field {
    ($slot:expr, $($path:tt)+) => {{
        let owner: &mut core::mem::MaybeUninit<_> = $slot;
        let place = $crate::slot::place_of(owner, |p| {
            // SAFETY: p is the struct's pointer, from a live exclusive borrow;
            // addr_of_mut! reads nothing and forms no reference.
            unsafe { core::ptr::addr_of_mut!((*p).$($path)+) }
        });
        // SAFETY: `place` gives the address of a field of the struct it is given, inside
        // `owner`, whose exclusive borrow the slot takes over.
        unsafe { $crate::slot::field_slot(owner, place) }
    }};
}
pub(crate) use field;

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[repr(C)]
    struct Inner {
        n: u32,
    }

    #[repr(C)]
    struct Outer {
        flag: bool,
        items: [u16; 3],
        inner: Inner,
    }

    #[test]
    fn fields_are_written_in_place() {
        let mut m = MaybeUninit::<Outer>::uninit();
        // SAFETY: m is a local, valid for writes of one Outer, used by nothing else.
        let out = unsafe { out_slot(m.as_mut_ptr()) };
        field!(out, flag).write(true);
        for (i, s) in slots(field!(out, items)).iter_mut().enumerate() {
            s.write(u16::try_from(i).unwrap() + 7);
        }
        field!(out, inner.n).write(42);
        // SAFETY: every field was written above.
        let o = unsafe { m.assume_init() };
        assert!(o.flag);
        assert_eq!(o.items, [7, 8, 9]);
        assert_eq!(o.inner.n, 42);
    }
}
