"""Starts moto's server on 127.0.0.1 (a free port), prints the port, and serves until stdin closes.

Run by the Java deploy tests with the Python of emrdag's pinned environment (moto[server] is in its pins), so
that S3 requests go over real HTTP to a real S3-API implementation.
"""

import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
