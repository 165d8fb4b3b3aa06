#!/usr/bin/env python3
"""Drive the C kiosk (examples/kiosk) under QEMU through its emulated UART with the
scripted answers of tests/questionnaire, and check the transcript against the host.

usage: kiosk_session.py POH_CLI BOARD KIOSK_ELF SCRIPT.json [SCRIPT.json ...]

For each script the host's questionnaire (`poh --questionnaire SCRIPT`) gives the
questions in order and the final outcome. The kiosk is started under qemu-system-arm
(`-serial stdio`, pipes), and each prompt is answered as a person would: the age (in
months, "18m"), the sex (f / m / Enter) and, per question, y / n / ? from the script
(questions it does not list: ?). Checked: every question the kiosk asks is the host's
question at that step (the same lay name, in the same order), the session ends after as
many questions, the message and reasons are the host's outcome, the final `referral:`
line names the host's level and the flag the host's evaluation of the same answers gives
(`poh --json` of their findings), and nothing printed claims a diagnosis. Transcripts go to
target/kiosk/<board>/<script>.txt. Prints `N passed, M failed`.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

BOARD = {
    "m0": ["-machine", "microbit", "-cpu", "cortex-m0"],
    "m4": ["-machine", "mps2-an386", "-cpu", "cortex-m4"],
}
WORD = {"yes": "y", "no": "n", "dont_know": "?"}


def host_session(cli, script):
    out = subprocess.run([cli, "--questionnaire", str(script)], capture_output=True, text=True, check=True).stdout
    steps = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return [s["next"] for s in steps if s["next"]], steps[-1]["outcome"]


def host_flag(cli, doc, answered):
    """The flag of the host's evaluation of the findings the answers amount to (yes:
    present, no: excluded, don't know: not given), as the session builds them."""
    findings = {"age_months": doc.get("age_months"), "sex": doc.get("sex") or "unknown",
                "phenotypes": [{"id": i, "excluded": r == "no"} for i, r in answered if r != "dont_know"]}
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(findings, f)
        f.flush()
        out = subprocess.run([cli, "--json", f.name], capture_output=True, text=True, check=True).stdout
    return json.loads(out)["flag"]["level"]


class Kiosk:
    def __init__(self, board, elf, log):
        cmd = ["qemu-system-arm", *BOARD[board], "-display", "none", "-monitor", "none", "-serial", "stdio",
               "-semihosting-config", "enable=on,target=native", "-kernel", str(elf)]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.log = log
        self.text = b""

    def until_prompt(self):
        """Read up to the next "> " prompt; None when the kiosk ended first."""
        start = len(self.text)
        while True:
            b = self.p.stdout.read1(4096) if hasattr(self.p.stdout, "read1") else self.p.stdout.read(1)
            if not b:
                return None
            self.text += b
            if self.text.endswith(b"> "):
                return self.text[start:].decode("utf-8", "replace")

    def send(self, line):
        self.p.stdin.write(line.encode() + b"\r")
        self.p.stdin.flush()

    def finish(self):
        try:
            rest, _ = self.p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rest, _ = self.p.communicate()
        self.text += rest
        self.log.write_bytes(self.text)
        return self.text.decode("utf-8", "replace"), self.p.returncode


def run(cli, board, elf, script, out_dir):
    doc = json.loads(script.read_text())
    questions, outcome = host_session(cli, script)
    problems = []
    k = Kiosk(board, elf, out_dir / f"{script.stem}.txt")
    asked = 0
    answered = []
    try:
        while True:
            chunk = k.until_prompt()
            if chunk is None:
                break
            if "How old" in chunk:
                age = doc.get("age_months")
                k.send("" if age is None else f"{age}m")
            elif "Their sex" in chunk:
                k.send({"female": "f", "male": "m"}.get(doc.get("sex"), ""))
            else:
                m = re.search(r"Question (\d+): (.*)\?\n", chunk)
                if not m:
                    problems.append(f"unexpected prompt: {chunk[-200:]!r}")
                    k.send("?")
                    continue
                if asked >= len(questions):
                    problems.append(f"question {m.group(1)} asked after the host's session ended")
                    k.send("?")
                    continue
                want = questions[asked]
                text = m.group(2)
                if not text.endswith(want["lay_name"]) or want["text"] != text + "?":
                    problems.append(f"question {asked + 1}: kiosk asked {text!r}, host asks {want['text']!r}")
                reply = doc["replies"].get(want["id"], "dont_know")
                answered.append((want["id"], reply))
                k.send(WORD[reply])
                asked += 1
    finally:
        transcript, rc = k.finish()
    if rc != 0:
        problems.append(f"kiosk exited {rc}")
    if asked != len(questions):
        problems.append(f"kiosk asked {asked} questions, the host {len(questions)}")
    if outcome["message"] not in transcript:
        problems.append("the host's referral message is not in the transcript")
    for r in outcome["reasons"]:
        if f"  - {r}\n" not in transcript:
            problems.append(f"reason {r!r} missing")
    shown = re.findall(r"^  - (.*)$", transcript, re.M)
    if shown != outcome["reasons"]:
        problems.append(f"reasons {shown} != host {outcome['reasons']}")
    last = transcript.rstrip("\n").splitlines()[-1] if transcript.strip() else ""
    flag = host_flag(cli, doc, answered)
    if not re.match(rf"referral: {outcome['level']} flag: {flag}( reasons: |$)", last):
        problems.append(f"last line {last!r} does not name the host's level {outcome['level']} and flag {flag}")
    said = re.sub(r"not a diagnosis|does not diagnose", "", transcript, flags=re.I)
    if re.search(r"diagnos", said, re.I):
        problems.append("the transcript uses the word diagnosis other than to say it is none")
    return problems


def main():
    cli, board, elf, scripts = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    out_dir = pathlib.Path(elf).parent
    passed = failed = 0
    for s in map(pathlib.Path, scripts):
        problems = run(cli, board, elf, s, out_dir)
        if problems:
            failed += 1
            print(f"FAIL kiosk {board} {s.stem}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"ok   kiosk {board} {s.stem}: the host's questions and referral")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
