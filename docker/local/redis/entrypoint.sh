#!/bin/sh
# Without a configuration file redis-server listens everywhere but, with no password, refuses
# every client outside loopback (protected mode); the official image turns that off, since the
# container's network is the boundary. Its options come after, so a command's own win.
if [ "${1:-}" = redis-server ]; then
  shift
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server --protected-mode no "$@"
fi
exec "$@"
