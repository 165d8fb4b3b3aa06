//! poh on a microcontroller: evaluates every golden case on an emulated Cortex-M4F
//! (QEMU `mps2-an386`) or Cortex-M0 (QEMU `microbit`) and streams each assessment JSON to
//! the host over semihosting, framed as
//!
//! ```text
//! == <case file stem>
//! <assessment JSON>
//! ```
//!
//! then measurement lines starting with `## ` (stack high-water marks, SysTick counts under
//! `-icount`). `tests/firmware/run.sh` compares the JSON with the host's byte for byte.
//! Exit status (semihosting): 0 when every case evaluated, 1 on any failure (an error from
//! the core, a failed host write, a stack overflow, a panic).
//!
//! No heap: nothing here or in poh-core uses `alloc`, and no global allocator is linked.
//! `Findings` and `Assessment` live in static RAM (one of each), so the stack holds only the
//! core's own frames.
#![no_std]
#![no_main]

use core::ptr::{addr_of, read_volatile, write_volatile};

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::SYST;
use cortex_m_rt::{entry, STACK_PAINT_VALUE};
use cortex_m_semihosting::debug::{self, EXIT_FAILURE, EXIT_SUCCESS};
use cortex_m_semihosting::hio::{self, HostStream};
use poh_core::json::{parse_findings, write_assessment_to, Sink};
use poh_core::{evaluate, Assessment, Error, Findings};

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

/// A scripted kiosk session (tests/questionnaire/*.json): the replies a family gives.
#[cfg(poh_kiosk_sessions)]
struct Script {
    name: &'static str,
    age_months: Option<u16>,
    /// 0 unknown, 1 female, 2 male.
    sex: u8,
    /// (HPO number, 1 yes / 2 no); questions not listed are answered "don't know".
    replies: &'static [(u32, u8)],
}

#[cfg(poh_kiosk_sessions)]
include!(concat!(env!("OUT_DIR"), "/scripts.rs"));

/// The case measured for instructions and stack per evaluation: a full POH presentation
/// (all criteria and all six supporting findings exercised).
const TYPICAL: &str = "typical_poh_toddler";

#[cfg(target_arch = "arm")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // No formatting of the panic message: that would link core::fmt into the image and
    // skew the footprint. The core has no panic paths; this is the harness's safety net.
    if let Ok(mut out) = hio::hstdout() {
        let _ = out.write_all(b"\n## panic\n");
    }
    debug::exit(EXIT_FAILURE);
    loop {
        cortex_m::asm::bkpt();
    }
}

#[entry]
fn main() -> ! {
    let ok = match hio::hstdout() {
        Ok(stream) => run(&mut Out::new(stream)),
        Err(()) => false,
    };
    debug::exit(if ok { EXIT_SUCCESS } else { EXIT_FAILURE });
    loop {
        cortex_m::asm::bkpt();
    }
}

fn run(out: &mut Out) -> bool {
    let mut ok = true;
    let (Some(mut syst), Some(mut st)) = (cortex_m::Peripherals::take().map(|p| p.SYST), state())
    else {
        out.str("## error peripherals or state already taken\n");
        return false;
    };
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(0x00FF_FFFF);
    syst.clear_current();
    syst.enable_counter();

    out.str("## target ");
    out.str(TARGET);
    out.str("\n## stack_size_bytes ");
    out.num(stack_size() as u32);
    out.str("\n## sizeof findings ");
    out.num(core::mem::size_of::<Findings>() as u32);
    out.str(" assessment ");
    out.num(core::mem::size_of::<Assessment>() as u32);
    out.str("\n");

    // 1. Every golden case, streamed to the host; the worst stack of any of them.
    let mut worst = (0usize, "");
    let mut passed = 0u32;
    for (name, input) in CASES.iter() {
        out.str("== ");
        out.str(name);
        out.str("\n");
        repaint_stack();
        let r = stream_case(input, out, &mut st);
        let used = stack_high_water();
        match r {
            Ok(()) => {
                out.str("\n");
                passed += 1;
            }
            Err(e) => {
                out.str("\n## error ");
                out.str(name);
                out.str(" ");
                out.num(u32::from(e.code()));
                out.str(" ");
                out.str(e.kind());
                out.str("\n");
                ok = false;
            }
        }
        if used > worst.0 {
            worst = (used, name);
        }
    }
    // 2. The scripted kiosk sessions: every step's JSON, as the host prints it
    // (`poh --questionnaire`), framed `== questionnaire:<name>:<step>`.
    #[cfg(poh_kiosk_sessions)]
    for script in SCRIPTS.iter() {
        if run_script(script, out).is_err() || out.failed {
            out.str("\n## error questionnaire ");
            out.str(script.name);
            out.str("\n");
            ok = false;
        }
    }

    out.str("## cases ");
    out.num(passed);
    out.str(" of ");
    out.num(CASES.len() as u32);
    out.str("\n## stack_max_bytes ");
    out.num(worst.0 as u32);
    out.str(" ");
    out.str(worst.1);
    out.str("\n");

    // 2. One evaluation of the typical case, measured phase by phase. SysTick counts core
    // clock ticks; under `-icount shift=0` one instruction is one nanosecond of virtual
    // time, and the calibration loop below lets the host turn ticks into instructions.
    let calib_iters = 100_000u32;
    let t = ticks(&syst, || spin(calib_iters));
    out.str("## calibration_loop_instructions ");
    out.num(2 * calib_iters);
    out.str(" ticks ");
    out.num(t);
    out.str("\n");
    match measure_typical(&syst, out, &mut st) {
        Ok(()) => {}
        Err(()) => ok = false,
    }

    // A scrubbed bottom word means the stack ran into static RAM: fail loudly.
    if worst.0 >= stack_size() || stack_high_water() >= stack_size() {
        out.str("## error stack overflow\n");
        ok = false;
    }
    if !out.flush() {
        return false;
    }
    ok
}

fn measure_typical(syst: &SYST, out: &mut Out, st: &mut State) -> Result<(), ()> {
    let Some((_, input)) = CASES.iter().find(|(n, _)| *n == TYPICAL) else {
        out.str("## error typical case ");
        out.str(TYPICAL);
        out.str(" missing\n");
        return Err(());
    };
    // Each phase on a freshly painted stack, so that each mark is that phase's own.
    let mut r: Result<(), Error> = Ok(());
    let mut len = 0usize;
    repaint_stack();
    let t_parse = ticks(syst, || r = r.and(parse_findings(input, st.findings)));
    let s_parse = stack_high_water();
    repaint_stack();
    let t_eval = ticks(syst, || r = r.and(evaluate(st.findings, st.assessment)));
    let s_eval = stack_high_water();
    repaint_stack();
    let t_write = ticks(syst, || {
        let mut sink = CountingSink(0);
        r = r.and(write_assessment_to(st.assessment, &mut sink as &mut dyn Sink));
        len = sink.0;
    });
    let s_write = stack_high_water();
    repaint_stack();
    let one = evaluate_one(input, st);
    let s_one = stack_high_water();
    if let Err(e) = r.and(one.map(|_| ())) {
        out.str("## error typical ");
        out.num(u32::from(e.code()));
        out.str("\n");
        return Err(());
    }
    out.str("## typical ");
    out.str(TYPICAL);
    out.str(" input_bytes ");
    out.num(input.len() as u32);
    out.str(" output_bytes ");
    out.num(len as u32);
    out.str("\n## ticks parse ");
    out.num(t_parse);
    out.str(" evaluate ");
    out.num(t_eval);
    out.str(" write ");
    out.num(t_write);
    out.str("\n## stack_phase_bytes parse ");
    out.num(s_parse as u32);
    out.str(" evaluate ");
    out.num(s_eval as u32);
    out.str(" write ");
    out.num(s_write as u32);
    out.str("\n## stack_one_evaluation_bytes ");
    out.num(s_one as u32);
    out.str("\n");

    // The same evaluation with `Findings` and `Assessment` on the stack, as
    // `poh_core::json::evaluate_json` does. Only where RAM allows: on the 16 KiB Cortex-M0
    // it would overflow into static RAM, and there is no MPU on this board to catch that.
    #[cfg(target_has_atomic = "32")]
    {
        repaint_stack();
        let r = evaluate_one_on_stack(input);
        let s = stack_high_water();
        if r.is_err() {
            out.str("## error typical on stack\n");
            return Err(());
        }
        out.str("## stack_one_evaluation_on_stack_bytes ");
        out.num(s as u32);
        out.str("\n");
    }
    Ok(())
}

/// The state of one evaluation. It lives in static RAM (see [`state`]), so the stack
/// figures are the core's own frames.
struct State {
    findings: &'static mut Findings,
    assessment: &'static mut Assessment,
}

/// The one `State`; call once.
#[inline(never)]
fn state() -> Option<State> {
    use core::mem::MaybeUninit;
    use core::sync::atomic::{compiler_fence, Ordering};
    static mut TAKEN: bool = false;
    static mut FINDINGS: MaybeUninit<Findings> = MaybeUninit::uninit();
    static mut ASSESSMENT: MaybeUninit<Assessment> = MaybeUninit::uninit();
    // SAFETY: single core, no interrupts, and `TAKEN` makes the `&'static mut`s unique.
    unsafe {
        if TAKEN {
            return None;
        }
        TAKEN = true;
        compiler_fence(Ordering::SeqCst);
        let f = (*core::ptr::addr_of_mut!(FINDINGS)).write(Findings::new());
        let a = (*core::ptr::addr_of_mut!(ASSESSMENT)).write(Assessment::default());
        Some(State { findings: f, assessment: a })
    }
}

/// One evaluation as a kiosk would run it: parse, evaluate, serialise (into a sink that
/// only counts).
#[inline(never)]
fn evaluate_one(input: &[u8], st: &mut State) -> Result<usize, Error> {
    parse_findings(input, st.findings)?;
    evaluate(st.findings, st.assessment)?;
    let mut sink = CountingSink(0);
    write_assessment_to(st.assessment, &mut sink as &mut dyn Sink)?;
    Ok(sink.0)
}

#[cfg(target_has_atomic = "32")]
#[inline(never)]
fn evaluate_one_on_stack(input: &[u8]) -> Result<usize, Error> {
    let mut f = Findings::new();
    let mut a = Assessment::default();
    parse_findings(input, &mut f)?;
    evaluate(&f, &mut a)?;
    let mut sink = CountingSink(0);
    write_assessment_to(&a, &mut sink as &mut dyn Sink)?;
    Ok(sink.0)
}

/// Parse, evaluate and stream one case's assessment to the host. Every sink is passed as
/// `dyn Sink`, so the image holds one copy of the JSON writer, as a product would.
#[inline(never)]
fn stream_case(input: &[u8], out: &mut Out, st: &mut State) -> Result<(), Error> {
    parse_findings(input, st.findings)?;
    evaluate(st.findings, st.assessment)?;
    write_assessment_to(st.assessment, out as &mut dyn Sink)?;
    if out.failed {
        return Err(Error::Internal);
    }
    Ok(())
}

/// Play one scripted session with the core's fixed-size `Session`.
#[inline(never)]
#[cfg(poh_kiosk_sessions)]
fn run_script(script: &Script, out: &mut Out) -> Result<(), Error> {
    use poh_core::questionnaire::{write_session_step, Reply, Session};
    let sex = match script.sex {
        1 => poh_core::Sex::Female,
        2 => poh_core::Sex::Male,
        _ => poh_core::Sex::Unknown,
    };
    let mut s = Session::new(script.age_months, sex);
    let mut step = 0u32;
    loop {
        out.str("== questionnaire:");
        out.str(script.name);
        out.str(":");
        out.num(step);
        out.str("\n");
        write_session_step(&s, out as &mut dyn Sink)?;
        out.str("\n");
        let Some(q) = s.next_question()? else { return Ok(()) };
        let reply = match script.replies.iter().find(|(id, _)| *id == q.term.0) {
            Some((_, 1)) => Reply::Yes,
            Some((_, 2)) => Reply::No,
            _ => Reply::DontKnow,
        };
        s.answer(usize::from(q.row), reply)?;
        step += 1;
    }
}

/// SysTick ticks spent in `f` (a 24-bit down-counter; every measured phase is far shorter
/// than one wrap, 2^24 ticks = 0.67 s of 25 MHz core clock).
fn ticks(syst: &SYST, f: impl FnOnce()) -> u32 {
    let _ = syst;
    let start = SYST::get_current();
    f();
    let end = SYST::get_current();
    start.wrapping_sub(end) & 0x00FF_FFFF
}

/// Exactly two instructions per iteration (`subs`, `bne`).
#[inline(never)]
fn spin(n: u32) {
    // SAFETY: register-only loop; touches no memory and no stack.
    unsafe {
        core::arch::asm!("2:", "subs {0}, #1", "bne 2b", inout(reg) n => _, options(nomem, nostack));
    }
}

// ---- painted stack ----

extern "C" {
    static _stack_start: u32;
    static _stack_end: u32;
}

fn stack_bounds() -> (usize, usize) {
    // Only the addresses of the linker-script symbols are taken, never their contents.
    (addr_of!(_stack_end) as usize, addr_of!(_stack_start) as usize)
}

fn stack_size() -> usize {
    let (bottom, top) = stack_bounds();
    top - bottom
}

/// Bytes of stack ever used since the last paint: from the top down to the lowest word that
/// no longer holds the paint value.
#[inline(never)]
fn stack_high_water() -> usize {
    let (bottom, top) = stack_bounds();
    let mut p = bottom;
    while p < top {
        // SAFETY: `p` is a word-aligned address inside the stack region of RAM.
        if unsafe { read_volatile(p as *const u32) } != STACK_PAINT_VALUE {
            break;
        }
        p += 4;
    }
    top - p
}

/// Paint the unused part of the stack again (cortex-m-rt painted all of it at reset), so
/// that the next high-water mark belongs to what runs next.
#[inline(never)]
fn repaint_stack() {
    let (bottom, _) = stack_bounds();
    // Stay 64 bytes clear of this function's own frame.
    let limit = (cortex_m::register::msp::read() as usize).saturating_sub(64) & !3;
    let mut p = bottom;
    while p < limit {
        // SAFETY: `[bottom, limit)` is below the live stack: no frame or interrupt uses it
        // (no interrupts are enabled), and it is inside the stack region of RAM.
        unsafe { write_volatile(p as *mut u32, STACK_PAINT_VALUE) };
        p += 4;
    }
}

// ---- output ----

struct CountingSink(usize);

impl Sink for CountingSink {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.0 += bytes.len();
        Ok(())
    }
}

/// Semihosting stdout with a small buffer: each semihosting call is a trap to the host, so
/// the JSON pieces are batched.
struct Out {
    stream: HostStream,
    buf: [u8; 128],
    len: usize,
    failed: bool,
}

impl Out {
    fn new(stream: HostStream) -> Out {
        Out { stream, buf: [0; 128], len: 0, failed: false }
    }
    fn bytes(&mut self, mut b: &[u8]) {
        while !b.is_empty() {
            if self.len == self.buf.len() && !self.flush() {
                return;
            }
            let n = b.len().min(self.buf.len() - self.len);
            self.buf[self.len..self.len + n].copy_from_slice(&b[..n]);
            self.len += n;
            b = &b[n..];
        }
    }
    fn flush(&mut self) -> bool {
        if self.len > 0 && self.stream.write_all(&self.buf[..self.len]).is_err() {
            self.failed = true;
        }
        self.len = 0;
        !self.failed
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn num(&mut self, mut n: u32) {
        let mut d = [0u8; 10];
        let mut i = d.len();
        loop {
            i -= 1;
            d[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.bytes(&d[i..]);
    }
}

impl Sink for Out {
    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.bytes(bytes);
        Ok(())
    }
}

#[cfg(target_has_atomic = "32")]
const TARGET: &str = "thumbv7em-none-eabihf (Cortex-M4F, QEMU mps2-an386)";
#[cfg(not(target_has_atomic = "32"))]
const TARGET: &str = "thumbv6m-none-eabi (Cortex-M0, QEMU microbit)";
