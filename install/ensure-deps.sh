#!/usr/bin/env bash
# Installs what Jitbook needs and the machine lacks: a JDK 17+, Maven, and Debian's Jupyter
# packages (used with /usr/bin/python3). Prints what it does; does nothing when all is present.
set -euo pipefail

need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
/usr/bin/python3 -c 'import jupyter_client, nbformat, nbclient, nbconvert, zmq' >/dev/null 2>&1 \
  || need+=(python3-jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat python3-zmq jupyter-core)
[[ -x /usr/bin/jupyter ]] || need+=(jupyter-core)
# `jupyter kernelspec` (install.sh) is Debian's jupyter-client, not python3-jupyter-client.
[[ -x /usr/bin/jupyter-kernelspec ]] || need+=(jupyter-client)

if [[ ${#need[@]} -eq 0 ]]; then
  exit 0
fi
echo "installing missing packages: ${need[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "please install as root: apt-get install ${need[*]}" >&2; exit 1; }
  SUDO=sudo
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
