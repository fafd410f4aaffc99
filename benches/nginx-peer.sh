#!/usr/bin/env bash
# nginx on loopback as a plain gRPC proxy (grpc_pass) in front of an upstream: the peer that
# `feedguard bench --peer` compares feedguard with. Its own config, pid file and logs live in
# $NGINX_PEER_DIR (default /tmp/feedguard-nginx-peer); the system nginx service is not touched.
#
#   benches/nginx-peer.sh start 127.0.0.1:50052 [50060]   # prints the peer's address
#   benches/nginx-peer.sh stop
set -euo pipefail
DIR="${NGINX_PEER_DIR:-/tmp/feedguard-nginx-peer}"

case "${1:-}" in
start)
  upstream="${2:?usage: $0 start UPSTREAM_HOST:PORT [LISTEN_PORT]}"
  port="${3:-50060}"
  if ! command -v nginx >/dev/null 2>&1; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx >&2
  fi
  mkdir -p "$DIR/logs" "$DIR/tmp"
  cat >"$DIR/nginx.conf" <<EOF
# As close to feedguard's set-up as nginx allows: one process per core, upstream connections
# kept alive, no access log (feedguard's audit log is on in the bench, but goes to /dev/null).
worker_processes auto;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DIR/tmp/body;
  proxy_temp_path $DIR/tmp/proxy;
  fastcgi_temp_path $DIR/tmp/fastcgi;
  uwsgi_temp_path $DIR/tmp/uwsgi;
  scgi_temp_path $DIR/tmp/scgi;
  upstream recommender {
    server $upstream;
    keepalive 64;
    keepalive_requests 100000000;
  }
  # nginx closes a connection after 1000 requests by default; mid-run that is a GOAWAY the
  # load generator would count against nginx.
  keepalive_requests 100000000;
  keepalive_timeout 600s;
  server {
    listen 127.0.0.1:$port http2;
    http2_max_concurrent_streams 1024;
    location / {
      grpc_pass grpc://recommender;
    }
  }
}
EOF
  nginx -t -q -c "$DIR/nginx.conf" -p "$DIR" >&2
  nginx -c "$DIR/nginx.conf" -p "$DIR"
  echo "127.0.0.1:$port"
  ;;
stop)
  if [ -f "$DIR/nginx.pid" ]; then
    kill "$(cat "$DIR/nginx.pid")"
    rm -f "$DIR/nginx.pid"
  fi
  ;;
*)
  echo "usage: $0 start UPSTREAM_HOST:PORT [LISTEN_PORT] | stop" >&2
  exit 2
  ;;
esac
