#!/usr/bin/env python3
"""Frame and parse an AMI capture with panoramisk's parser, for a same-bytes speed comparison with
`engine bench ami`. Not part of CI.

    python3 -m venv /tmp/pano && /tmp/pano/bin/pip install --no-deps panoramisk
    /tmp/pano/bin/python bench/panoramisk_decode.py ../shared/ami-captures/asterisk22/answered.ami --repeat 200

It feeds the raw bytes through AMIProtocol.data_received in fixed-size chunks (no network, no user callbacks)
and counts the messages panoramisk frames and parses (Message.from_line: key/value split, duplicate keys as
lists). Note: panoramisk decodes each chunk before framing and drops lines without ": ", so its output is less
complete than Switchboard's decoder on the same bytes.
"""
import argparse
import time

from panoramisk.ami_protocol import AMIProtocol


class CountingProtocol(AMIProtocol):
    """AMIProtocol whose message handler only counts what was framed and parsed."""

    def __init__(self):
        super().__init__()
        self.messages = 0
        self.events = 0
        self.headers = 0

    def handle_message(self, message):
        self.messages += 1
        self.headers += len(message)
        if 'event' in message:
            self.events += 1


def one_pass(data, chunk):
    protocol = CountingProtocol()
    protocol.connection_made(None)
    protocol.encoding = 'utf8'
    for offset in range(0, len(data), chunk):
        protocol.data_received(data[offset:offset + chunk])
    return protocol


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('capture')
    parser.add_argument('--repeat', type=int, default=200)
    parser.add_argument('--chunk', type=int, default=64 * 1024)
    args = parser.parse_args()
    with open(args.capture, 'rb') as handle:
        data = handle.read()
    one_pass(data, args.chunk)  # warm-up
    start = time.perf_counter()
    for _ in range(args.repeat):
        protocol = one_pass(data, args.chunk)
    elapsed = time.perf_counter() - start
    print(f"capture:   {args.capture}")
    print(f"per pass:  {len(data)} bytes, {protocol.messages} messages, {protocol.events} events, "
          f"{protocol.headers} headers")
    print(f"passes:    {args.repeat} in {elapsed:.3f} s (chunk {args.chunk} bytes)")
    print(f"events/s:  {protocol.events * args.repeat / elapsed:.0f}")
    print(f"msgs/s:    {protocol.messages * args.repeat / elapsed:.0f}")
    print(f"MB/s:      {len(data) * args.repeat / elapsed / 1e6:.1f}")


if __name__ == '__main__':
    main()
