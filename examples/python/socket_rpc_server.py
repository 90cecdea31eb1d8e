# The socket RPC tutorial's single-threaded blocking server, ported to
# Python 3: one connection at a time, each carrying calls in turn, JSON
# messages with a 4-byte native-order length prefix.
#
#   python3 socket_rpc_server.py [PORT]
#
# The tutorial listens on port 8080; with PORT 0 the system picks one.
# The first line printed is "listening on PORT".
import json
import socket
import struct
import sys


def handle_conn(conn, addr, handlers):
    print(addr, "comes", flush=True)
    while True:  # read and write in turn
        length_prefix = conn.recv(4)  # request length prefix
        if not length_prefix:  # the connection is closed
            print(addr, "bye", flush=True)
            conn.close()
            break  # next connection
        length, = struct.unpack("I", length_prefix)
        body = conn.recv(length)  # request body
        request = json.loads(body)
        in_ = request["in"]
        params = request["params"]
        print(in_, params, flush=True)
        handler = handlers[in_]  # find the request's handler
        handler(conn, params)  # and run it


def loop(sock, handlers):
    while True:
        conn, addr = sock.accept()  # accept a connection
        handle_conn(conn, addr, handlers)  # and serve it


def ping(conn, params):
    send_result(conn, "pong", params)


def send_result(conn, out, result):
    response = json.dumps({"out": out, "result": result}).encode()  # response body
    length_prefix = struct.pack("I", len(response))  # response length prefix
    conn.sendall(length_prefix)
    conn.sendall(response)


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # a TCP socket
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # reuse addr
    sock.bind(("localhost", port))  # bind the port
    sock.listen(1)  # listen for connections
    print("listening on", sock.getsockname()[1], flush=True)
    handlers = {  # the request handlers
        "ping": ping
    }
    loop(sock, handlers)  # serve
