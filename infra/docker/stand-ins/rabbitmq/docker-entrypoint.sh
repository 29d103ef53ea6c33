#!/bin/bash
# The official image reads the default user from the environment; Debian's server reads it from
# rabbitmq.conf, written here on every start. loopback_users: the user may connect from other containers.
set -euo pipefail
cat >/etc/rabbitmq/rabbitmq.conf <<CONF
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
loopback_users = none
listeners.tcp.default = 5672
management.tcp.port = 15672
CONF
exec rabbitmq-server "$@"
