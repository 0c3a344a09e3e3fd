#!/usr/bin/env bash
# Print the path of a Python 3.12 or newer, or explain what to install and fail.
set -u
candidates=(python3.13 python3.12 python3.14 python3)
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]* /usr/local/bin /usr/bin; do
  [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
  for v in 3.14 3.13 3.12; do [ -x "$dir/python$v" ] && candidates+=("$dir/python$v"); done
done
for c in "${candidates[@]}"; do
  path=$(command -v "$c" 2>/dev/null) || continue
  # A pyenv shim exists even when it cannot run: ask the interpreter itself.
  if "$path" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    "$path" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
echo "No Python 3.12 or newer was found. Install one (Debian/Ubuntu: 'apt-get install python3.12 python3.12-venv'; or pyenv: 'pyenv install 3.12') and run make again, or pass PYTHON=/path/to/python3.12." >&2
exit 1
