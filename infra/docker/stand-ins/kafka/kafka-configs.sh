#!/bin/bash
# The official image's script of the same name (docker-compose.yml's kafka-identities runs it).
exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.xml -Dkafka.root.level=WARN \
  -cp '/opt/kafka/libs/*' kafka.admin.ConfigCommand "$@"
