#!/usr/bin/env bash
# npm run test:integration — against a real dockerd, compose, Caddy, PostgreSQL, Prometheus and
# Pebble (the stand-ins where the real thing cannot run here).
exec bash "$(dirname "$0")/with-stack.sh" node scripts/run-tests.mjs test/integration --test-concurrency=1
