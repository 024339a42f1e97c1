"""The HAProxy configuration in front of several `triops serve` processes.

`triops serve --workers N` writes one for its processes; deploy/haproxy.cfg is the same for
several hosts. Why each line is there: docs/operations.md, "Several server processes".
"""

from __future__ import annotations

from collections.abc import Sequence

HEADER = """\
# TriOps behind HAProxy: every connection about a game opens /room/CODE, and all of them
# must reach the one process serving that game (docs/operations.md).
global
    # 2 file descriptors a connection: within the default limit of 20,000 (raise both
    # together, with LimitNOFILE in the systemd unit, for more than 8,000 connections)
    maxconn 8000
{stats}
defaults
    mode http
    maxconn 8000
    timeout connect 3s
    timeout client 30s
    timeout server 30s
    # A WebSocket lives for the workshop; the server pings every 10 s.
    timeout tunnel 1h
    timeout http-request 10s
    # A process that refuses connections (it just died) costs a retry on another one,
    # not an error, before the health check has noticed.
    option redispatch
    retries 3

frontend triops
    bind {bind}
    default_backend triops

backend triops
    # The path names the game: hash it, consistently, so a process coming or going
    # moves only its own share of the games...
    balance uri
    hash-type consistent
    # ...and remember where each game went: a game that moved to another process when
    # its own died stays there when that process comes back (that one no longer holds
    # the game's lease).
    stick-table type string len 64 size 1m expire 24h
    stick on path if {{ path_beg /room/ }}
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host triops
    http-check expect status 200
    default-server check inter {inter} fall 2 rise 2
"""


def config(bind: str, servers: Sequence[tuple[str, str]], inter: str = "1s",
           stats_socket: str = "") -> str:
    """An HAProxy configuration listening on `bind` (`host:port`) in front of `servers`,
    each (name, `host:port`); `inter` is the time between health checks, `stats_socket`
    a Unix socket for `show servers state` and `show table`."""
    stats = f"    stats socket {stats_socket} mode 600 level admin\n" if stats_socket else ""
    lines = [HEADER.format(bind=bind, inter=inter, stats=stats)]
    lines += [f"    server {name} {address}\n" for name, address in servers]
    return "".join(lines)
