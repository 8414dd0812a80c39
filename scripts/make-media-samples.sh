#!/bin/sh
# Regenerates the simulator's sample attachments (simulator/samples/), used by the phone page and
# the tests. Development only: needs Debian's espeak-ng and opus-tools
# (apt-get install -y espeak-ng opus-tools). Each voice note carries what it says in an OGG
# comment, TRANSCRIPT=…, which the scripted model's /audio/transcriptions answers with.
set -eu
cd "$(dirname "$0")/../simulator/samples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

voice() { # voice <file> <text>
  espeak-ng -v en-us -s 150 -w "$tmp/voice.wav" "$2"
  opusenc --quiet --bitrate 12 --comment "TRANSCRIPT=$2" "$tmp/voice.wav" "$1"
}

voice who-should-i-meet.ogg 'Who should I meet?'
voice events-next-week.ogg 'Any events next week?'
../../node_modules/.bin/tsx ../../scripts/make-sample-picture.ts picture.png
ls -l
