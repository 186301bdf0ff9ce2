#!/usr/bin/env bash
# Installs Debian's MR::IProto / MR::Tarantool::Box (and their AnyEvent dependency) when missing.
set -euo pipefail
if perl -MMR::IProto -MMR::IProto::Server -MMR::Tarantool::Box -MAnyEvent -e1 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Perl peers missing and not root: run 'apt-get install -y libmr-tarantool-perl' as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq libmr-tarantool-perl >/dev/null
perl -MMR::IProto -MMR::IProto::Server -MMR::Tarantool::Box -MAnyEvent -e1
