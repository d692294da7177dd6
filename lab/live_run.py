#!/usr/bin/env python3
"""Live checks on a real Asterisk 22 (shared/asterisk-lab) with `engine run` and `engine fake-portal`.

Sits between the engine and Asterisk as two recording TCP proxies:
  AMI      127.0.0.1:5039 (the engine's ami.port) -> Asterisk 127.0.0.1:5038
  FastAGI  127.0.0.1:4573 (what the dialplan asks)  -> the engine's agi.listen 127.0.0.1:4574
and places calls through the simulated PSTN (AMI Originate Local/<number>@incoming, Context caller-sim) on its own
AMI connection, with the operators' behaviour set by Setvar of globals. Per scenario it writes, in --out:
  <name>.ami        what the engine received on its AMI connection while the call ran (banner first)
  <name>.sent.ami   what the engine sent on it
  <name>-<n>.agi    what Asterisk sent on the n-th FastAGI session of the call; <name>-<n>.sent.agi the engine's side
  <name>.json       the manifest: linkedid, the AGI sessions with the number of AMI messages the engine had been sent
                    when each began, and the portal's journal entries of the call
usage: live_run.py --journal JOURNAL.jsonl --out DIR [--only NAME,...] [--list]
"""
import argparse
import json
import os
import socket
import threading
import time

AST_HOST, AST_AMI = "127.0.0.1", 5038
AMI_PROXY, AGI_PROXY, ENGINE_AGI = 5039, 4573, 4574
DEFAULTS = {
    "AGENT_201_ANSWER": "yes", "AGENT_201_RING": "2", "AGENT_201_TALK": "3",
    "AGENT_202_ANSWER": "no", "AGENT_202_RING": "60", "AGENT_202_TALK": "3",
    "AGENT_203_ANSWER": "yes", "AGENT_203_RING": "4", "AGENT_203_TALK": "5",
    "NOBODY_ANSWERS": "no", "CALLER_HOLD": "120",
}
# name, number dialled into [incoming], CLIENT_NUM, globals, what it checks
SCENARIOS = [
    ("live-routed-noanswer", "79161234567", "", {},
     "known client (responsible Petr 202, who does not answer) -> 202 first, then queue sales, Ivan answers"),
    ("live-routed-answered", "79161234567", "", {"AGENT_202_ANSWER": "yes", "AGENT_202_RING": "3"},
     "known client -> 202 first, Petr answers"),
    ("live-routed-missed", "79161234567", "", {"NOBODY_ANSWERS": "yes", "CALLER_HOLD": "35"},
     "known client -> 202, then sales; nobody answers, the caller hangs up: 304 for Petr"),
    ("live-unknown", "79990001122", "", {"AGENT_201_ANSWER": "no", "AGENT_202_ANSWER": "yes", "AGENT_202_RING": "3"},
     "unknown caller -> no route, queue sales, Petr answers: lead with Petr responsible"),
    ("live-queue-fair", "74951110000", "79161112233", {"AGENT_201_ANSWER": "no", "AGENT_202_ANSWER": "no"},
     "engine queue fair: Ivan (never answers), Petr (misses), Anna answers"),
    ("live-queue-overflow", "74951110000", "79161112244", {"NOBODY_ANSWERS": "yes"},
     "engine queue fair: nobody answers -> Ivan, Petr, Anna, Ivan, then the overflow (voicemail) at 40 s"),
    ("live-click-to-call", "click:12", "79169998877", {"AGENT_202_ANSWER": "yes", "AGENT_202_RING": "2"},
     "click-to-call: Petr (user 12) clicks 79169998877 in Bitrix24; his phone rings, he answers, the client answers"),
    ("live-click-noanswer", "click:12", "79169998878", {},
     "click-to-call: Petr clicks, his phone is not answered (Originate fails after ring_seconds)"),
    ("live-portal-down", "79165550000", "", {},
     "known client while the portal is down (stop the fake portal first): no route, queue sales"),
]


class Capture:
    """The current scenario's files; the proxies write to it under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.name = None
        self.out = None
        self.banner = b""
        self.ami_messages = 0
        self.ami_file = self.sent_file = None
        self.agi_sessions = []

    def start(self, name, out):
        with self.lock:
            self.name, self.out, self.ami_messages, self.agi_sessions = name, out, 0, []
            self.ami_file = open(os.path.join(out, name + ".ami"), "wb")
            self.ami_file.write(self.banner)
            self.sent_file = open(os.path.join(out, name + ".sent.ami"), "wb")

    def stop(self):
        with self.lock:
            for f in (self.ami_file, self.sent_file):
                if f:
                    f.close()
            self.ami_file = self.sent_file = None
            sessions, self.name = self.agi_sessions, None
            return sessions


CAPTURE = Capture()


def pump(src, dst, on_bytes):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            on_bytes(data)
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def ami_proxy():
    listener = socket.create_server(("127.0.0.1", AMI_PROXY), reuse_port=True)
    while True:
        engine, _ = listener.accept()
        asterisk = socket.create_connection((AST_HOST, AST_AMI))
        state = {"buffer": b"", "banner": True}

        def from_asterisk(data):
            with CAPTURE.lock:
                state["buffer"] += data
                if state["banner"] and b"\r\n" in state["buffer"]:
                    line, state["buffer"] = state["buffer"].split(b"\r\n", 1)
                    CAPTURE.banner, state["banner"] = line + b"\r\n", False
                while b"\r\n\r\n" in state["buffer"]:
                    message, state["buffer"] = state["buffer"].split(b"\r\n\r\n", 1)
                    if CAPTURE.ami_file:
                        CAPTURE.ami_file.write(message + b"\r\n\r\n")
                        CAPTURE.ami_file.flush()
                        CAPTURE.ami_messages += 1

        def from_engine(data):
            with CAPTURE.lock:
                if CAPTURE.sent_file:
                    CAPTURE.sent_file.write(data)
                    CAPTURE.sent_file.flush()

        threading.Thread(target=pump, args=(asterisk, engine, from_asterisk), daemon=True).start()
        threading.Thread(target=pump, args=(engine, asterisk, from_engine), daemon=True).start()


def agi_proxy():
    listener = socket.create_server(("127.0.0.1", AGI_PROXY), reuse_port=True)
    while True:
        asterisk, _ = listener.accept()
        began = time.time()
        with CAPTURE.lock:
            if CAPTURE.name is None:
                name = None
            else:
                index = len(CAPTURE.agi_sessions) + 1
                name = "%s-%d" % (CAPTURE.name, index)
                CAPTURE.agi_sessions.append({"file": name + ".agi", "sent": name + ".sent.agi",
                                             "after_ami_messages": CAPTURE.ami_messages, "began": began})
                session = CAPTURE.agi_sessions[-1]
                files = (open(os.path.join(CAPTURE.out, name + ".agi"), "wb"),
                         open(os.path.join(CAPTURE.out, name + ".sent.agi"), "wb"))
        try:
            engine = socket.create_connection(("127.0.0.1", ENGINE_AGI))
        except OSError:
            asterisk.close()  # the engine is down: AGI() ends with FAILURE, as without the proxy
            if name:
                session["engine_down"] = True
                for f in files:
                    f.close()
            continue

        def writer(f):
            def write(data):
                f.write(data)
                f.flush()
            return write

        def run(files=files if name else None, session=session if name else None):
            threads = [threading.Thread(target=pump, args=(asterisk, engine, writer(files[0]) if files else len)),
                       threading.Thread(target=pump, args=(engine, asterisk, writer(files[1]) if files else len))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if files:
                session["seconds"] = round(time.time() - session["began"], 3)
                for f in files:
                    f.close()
        threading.Thread(target=run, daemon=True).start()


class Driver:
    """The driver's own AMI connection: Setvar of globals, Originate, and the calls' channels."""

    def __init__(self):
        self.sock = socket.create_connection((AST_HOST, AST_AMI))
        self.buffer = b""
        self.cond = threading.Condition()
        self.events = []
        self.sock.recv(1024)  # banner
        self.send({"Action": "Login", "Username": "admin", "Secret": "amp111", "Events": "call"})
        threading.Thread(target=self.read, daemon=True).start()

    def send(self, fields):
        self.sock.sendall(("".join("%s: %s\r\n" % kv for kv in fields.items()) + "\r\n").encode())

    def read(self):
        while True:
            data = self.sock.recv(65536)
            if not data:
                return
            self.buffer += data
            while b"\r\n\r\n" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
                message = {}
                for line in raw.decode(errors="replace").split("\r\n"):
                    if ": " in line:
                        key, value = line.split(": ", 1)
                        message.setdefault(key, value)
                with self.cond:
                    self.events.append(message)
                    self.cond.notify_all()

    def wait_for(self, predicate, timeout):
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for message in self.events:
                    if predicate(message):
                        return message
                left = deadline - time.time()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def setvar(self, name, value):
        self.send({"Action": "Setvar", "Variable": name, "Value": value})

    def originate(self, number, client):
        action = "live-%d" % time.time_ns()
        fields = {"Action": "Originate", "ActionID": action, "Channel": "Local/%s@incoming" % number,
                  "Context": "caller-sim", "Exten": "s", "Priority": "1", "Async": "true",
                  "CallerID": "\"Client\" <%s>" % (client or number)}
        if client:
            fields["Variable"] = "CLIENT_NUM=%s" % client
        self.send(fields)
        started = self.wait_for(lambda m: m.get("Event") == "Newchannel" and m.get("Channel", "").startswith(
            "Local/%s@incoming" % number) and m.get("Channel", "").endswith(";1"), 10)
        return started and started.get("Linkedid")

    def wait_call_end(self, linkedid, timeout):
        """Every channel of the call hung up."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.cond:
                channels = {}
                for m in self.events:
                    if m.get("Linkedid") != linkedid:
                        continue
                    if m.get("Event") == "Newchannel":
                        channels[m["Uniqueid"]] = True
                    elif m.get("Event") == "Hangup":
                        channels[m["Uniqueid"]] = False
                if channels and not any(channels.values()):
                    return True
                self.cond.wait(1)
        return False


def click(webhook, user, phone, token):
    """What Bitrix24 does when a user clicks a number: register the outgoing call, then POST ONEXTERNALCALLSTART to
    the outbound webhook's handler (the engine's public listener). Returns the CALL_ID."""
    import urllib.parse
    import urllib.request
    body = urllib.parse.urlencode({"USER_ID": user, "PHONE_NUMBER": phone, "TYPE": 1, "CRM_CREATE": 0}).encode()
    with urllib.request.urlopen(webhook + "telephony.externalcall.register.json", body) as response:
        call_id = json.load(response)["result"]["CALL_ID"]
    form = urllib.parse.urlencode({
        "event": "ONEXTERNALCALLSTART", "data[PHONE_NUMBER]": phone, "data[PHONE_NUMBER_INTERNATIONAL]": "+" + phone,
        "data[EXTENSION]": "", "data[USER_ID]": user, "data[CALL_LIST_ID]": "0", "data[LINE_NUMBER]": "",
        "data[IS_MOBILE]": "0", "data[CALL_ID]": call_id, "data[CRM_ENTITY_TYPE]": "CONTACT",
        "data[CRM_ENTITY_ID]": "0", "ts": str(int(time.time())), "auth[domain]": "lab.bitrix24.ru",
        "auth[client_endpoint]": "https://lab.bitrix24.ru/rest/", "auth[member_id]": "lab",
        "auth[application_token]": token}).encode()
    request = urllib.request.Request("http://127.0.0.1:8080/bitrix24/events", form,
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request) as response:
        print("  ONEXTERNALCALLSTART %s -> %d %s" % (call_id, response.status, response.read()[:200]))
    return call_id


def journal_since(path, offset):
    with open(path) as f:
        f.seek(offset)
        return [json.loads(line) for line in f if line.strip()]


def call_entries(entries, linkedid, call_id=None):
    """The journal entries of the call registered with EXTERNAL_CALL_ID = linkedid, or of the clicked CALL_ID (and the
    CRM lookups)."""
    call_ids = {call_id} | {e["result"].get("CALL_ID") for e in entries if e["method"] == "telephony.externalcall.register"
                and isinstance(e.get("result"), dict) and str(e["params"].get("EXTERNAL_CALL_ID")).endswith(":" + linkedid)}
    return [e for e in entries if e["method"] != "batch" and (
        e["params"].get("CALL_ID") in call_ids or e["method"] in ("telephony.externalcall.searchcrmentities",
                                                                  "crm.lead.add", "crm.lead.update",
                                                                  "crm.duplicate.findbycomm")
        or (e["method"] == "telephony.externalcall.register"
            and str(e["params"].get("EXTERNAL_CALL_ID")).endswith(":" + linkedid)))]


def summary(entries):
    lines = []
    for e in entries:
        p = e["params"]
        users = p.get("USER_ID")
        what = {"telephony.externalcall.show": "show %s" % users, "telephony.externalcall.hide": "hide %s" % users,
                "telephony.externalcall.finish": "finish user=%s status=%s duration=%s" % (
                    users, p.get("STATUS_CODE"), p.get("DURATION")),
                "telephony.externalcall.register": "register phone=%s user=%s" % (p.get("PHONE_NUMBER"), users),
                "telephony.externalcall.searchcrmentities": "search %s -> %s" % (
                    p.get("PHONE_NUMBER"), json.dumps(e.get("result"))[:120]),
                "crm.lead.update": "lead.update %s" % json.dumps(p)[:120]}.get(e["method"], e["method"])
        lines.append("  %8.3f %s%s" % (e["at"], what, "" if e["status"] == 200 else " -> %d" % e["status"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--journal", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--webhook", default="/tmp/switchboard-lab/webhook", help="file with the portal's URL")
    parser.add_argument("--token", default="lab-token", help="bitrix24.application_token")
    parser.add_argument("--settle", type=float, default=8, help="seconds to wait for the finish after the call")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    threading.Thread(target=ami_proxy, daemon=True).start()
    threading.Thread(target=agi_proxy, daemon=True).start()
    driver = Driver()
    input_wait = time.time() + 60
    while not CAPTURE.banner and time.time() < input_wait:  # the engine connects to the proxy
        time.sleep(0.2)
    time.sleep(2)
    for name, number, client, overrides, what in SCENARIOS:
        if only and name not in only:
            continue
        print("== %s: %s" % (name, what), flush=True)
        with driver.cond:
            driver.events.clear()
        for key, value in {**DEFAULTS, **overrides}.items():
            driver.setvar(key, value)
        time.sleep(0.5)
        offset = os.path.getsize(args.journal) if os.path.exists(args.journal) else 0
        CAPTURE.start(name, args.out)
        began = time.time()
        if number.startswith("click:"):
            call_id = click(open(args.webhook).read().strip(), number.split(":")[1], client, args.token)
            # the engine's Originate: its first channel is the operator's Local/<ext>@agents;1
            started = driver.wait_for(lambda m: m.get("Event") == "Newchannel" and m.get("Channel", "").startswith(
                "Local/") and "@agents" in m.get("Channel", "") and m.get("Channel", "").endswith(";1"), 10)
            linkedid = started and started.get("Linkedid")
        else:
            call_id = None
            linkedid = driver.originate(number, client)
        ended = linkedid is not None and driver.wait_call_end(linkedid, 200)
        time.sleep(args.settle)
        sessions = CAPTURE.stop()
        entries = call_entries(journal_since(args.journal, offset), linkedid, call_id) \
            if os.path.exists(args.journal) else []
        for s in sessions:
            s["began"] = round(s["began"] - began, 3)
        manifest = {"scenario": name, "what": what, "number": number, "client": client or number,
                    "globals": {**DEFAULTS, **overrides}, "linkedid": linkedid, "ended": ended,
                    "seconds": round(time.time() - began, 1), "agi": sessions, "portal": entries}
        with open(os.path.join(args.out, name + ".json"), "w") as f:
            json.dump(manifest, f, indent=1)
        print("  linkedid=%s ended=%s agi sessions=%d" % (linkedid, ended, len(sessions)))
        for s in sessions:
            with open(os.path.join(args.out, s["sent"])) as f:
                sent = f.read().strip().replace("\n", " | ")
            print("  agi %s at +%ss, %ss: %s" % (s["file"], s["began"], s.get("seconds"), sent))
        print(summary(entries), flush=True)


if __name__ == "__main__":
    main()
