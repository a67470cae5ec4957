# Sourced by every start.sh (POSIX sh, builtins only: the same script is the entrypoint of a FROM-scratch image that
# has nothing but /bin/sh and the proxy). Sets PORT from the first argument or $SOCKSPEC_PORT and checks it.
sockspec_port() {
    PORT=${1:-${SOCKSPEC_PORT:-}}
    case $PORT in
        ''|*[!0-9]*) printf '%s: usage: %s PORT (or SOCKSPEC_PORT=PORT)\n' "$0" "$0" >&2; exit 2 ;;
    esac
    if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
        printf '%s: port %s out of range 1-65535\n' "$0" "$PORT" >&2
        exit 2
    fi
}
