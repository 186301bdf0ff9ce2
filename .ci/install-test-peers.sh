#!/usr/bin/env bash
# Installs, when missing, the Debian packages the suite's real peers and tools come from:
# MR::IProto / MR::Tarantool::Box (and AnyEvent) for the interop and parity tests, tcpdump and tshark for
# the capture and dissector tests (those skip with a message where they cannot run).
set -euo pipefail
missing=()
perl -MMR::IProto -MMR::IProto::Server -MMR::Tarantool::Box -MAnyEvent -e1 2>/dev/null || missing+=(libmr-tarantool-perl)
command -v tcpdump >/dev/null || missing+=(tcpdump)
command -v tshark >/dev/null || missing+=(tshark)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing ${missing[*]} and not root: run 'apt-get install -y ${missing[*]}' as root" >&2
  # The Perl peers are required; the wire tools only enable tests that otherwise skip.
  perl -MMR::IProto -MMR::IProto::Server -MMR::Tarantool::Box -MAnyEvent -e1
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
perl -MMR::IProto -MMR::IProto::Server -MMR::Tarantool::Box -MAnyEvent -e1
