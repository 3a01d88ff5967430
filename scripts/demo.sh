#!/bin/sh
# Quick start 1: set everything up and run the default pipeline over the
# bundled example documents, printing a readable view of the results.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
exec build/textmill run --format text pipelines/default.json examples/docs
