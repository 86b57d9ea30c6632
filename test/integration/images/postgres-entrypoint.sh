#!/bin/sh
# Debian's PostgreSQL in a FROM-scratch image: initialise the cluster the way the official image
# does (POSTGRES_USER/POSTGRES_PASSWORD/POSTGRES_DB), then run it on 127.0.0.1:$PGPORT.
set -e
PGDATA=/var/lib/postgresql/data/pgdata
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C >/tmp/initdb.log 2>&1 || { while IFS= read -r l; do echo "$l"; done < /tmp/initdb.log; exit 1; }
  : > /tmp/pwfile  # no rm in a FROM-scratch image: truncate the password away
  postgres --single -D "$PGDATA" -c unix_socket_directories=/tmp postgres >/dev/null 2>&1 <<SQL
CREATE DATABASE $POSTGRES_DB;
SQL
fi
exec postgres -D "$PGDATA" -c listen_addresses=127.0.0.1 -c port="${PGPORT:-5432}" -c unix_socket_directories=/tmp
