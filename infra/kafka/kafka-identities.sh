# shellcheck shell=bash
# Written by tools/local-stack/src/write-broker-identity-files.ts from
# libs/contracts/src/kafka-identities.ts (docs/security.md, Broker identities (Kafka)).
# The caller defines kafka_user USER PASSWORD and
# kafka_acl USER literal|prefixed topic|group NAME OPERATION...; both add idempotently.

kafka_identity_users() {
  printf '%s\n' order-service payment-service inventory-service analytics-service
}

kafka_identities() {
  kafka_user order-service order-service_dev
  kafka_acl order-service literal topic orders.events Create Alter Describe Write
  kafka_user payment-service payment-service_dev
  kafka_acl payment-service literal topic payments.events Create Alter Describe Write
  kafka_user inventory-service inventory-service_dev
  kafka_acl inventory-service literal topic inventory.events Create Alter Describe Write
  kafka_user analytics-service analytics-service_dev
  kafka_acl analytics-service literal topic orders.events Describe Read
  kafka_acl analytics-service literal topic payments.events Describe Read
  kafka_acl analytics-service literal topic inventory.events Describe Read
  kafka_acl analytics-service prefixed group analytics Read Describe Delete
  kafka_acl analytics-service prefixed topic analytics Create Describe Write
}
