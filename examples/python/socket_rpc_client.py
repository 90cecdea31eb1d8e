# The socket RPC tutorial's client, ported to Python 3 and kept as it was
# otherwise: each message is JSON with a 4-byte length prefix in native
# byte order (struct.pack("I", ...)), ten pings on one connection.
#
#   python3 socket_rpc_client.py [PORT [COUNT [PAUSE]]]
#
# The tutorial's values are port 8080, 10 calls and a pause of 1 s
# between them; the tests pass a free port and no pause.
import json
import socket
import struct
import sys
import time


def rpc(sock, in_, params):
    request = json.dumps({"in": in_, "params": params}).encode()  # request body
    length_prefix = struct.pack("I", len(request))  # request length prefix
    sock.sendall(length_prefix)
    sock.sendall(request)
    length_prefix = sock.recv(4)  # response length prefix
    length, = struct.unpack("I", length_prefix)
    body = sock.recv(length)  # response body
    response = json.loads(body)
    return response["out"], response["result"]  # response kind and result


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    pause = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("localhost", port))
    for i in range(count):  # several rpc calls in turn on one connection
        out, result = rpc(s, "ping", "ireader %d" % i)
        print(out, result, flush=True)
        time.sleep(pause)
    s.close()
