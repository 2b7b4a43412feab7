#!/bin/bash
# Creates Samvirke's topics before any service starts (the `kafka-init` one-shot container of
# docker-compose.yml); running it again changes nothing. Then checks every topic's partitions.
#   create-topics.sh           create what is missing, then check
#   create-topics.sh --check   only check (the container's health check)
#
# Every event topic <t> (EVENT_TOPICS, space-separated) gets <t>.dlq beside it. The message key
# is the child's childRef, so each child's events stay in order in one partition. Event topics
# are kept forever (retention.ms=-1, cleanup.policy=delete, never compact: a compacted topic
# keeps only each child's last event), because a projection is rebuilt by replaying them.
# A topic with fewer partitions than configured is an error, not something fixed here: adding
# partitions moves childRefs to other partitions (docs/operations.md, "Scaling").
set -euo pipefail

kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"
bootstrap="${KAFKA_BOOTSTRAP_SERVER:?KAFKA_BOOTSTRAP_SERVER is not set}"
read -r -a event_topics <<<"${EVENT_TOPICS:?EVENT_TOPICS is not set}"
event_partitions="${KAFKA_EVENT_TOPIC_PARTITIONS:-6}"
dlq_partitions="${KAFKA_DLQ_TOPIC_PARTITIONS:-1}"
replication_factor="${KAFKA_TOPIC_REPLICATION_FACTOR:-1}"
min_insync_replicas="${KAFKA_TOPIC_MIN_INSYNC_REPLICAS:-1}"
dlq_retention_ms="${KAFKA_DLQ_RETENTION_MS:--1}"

create() { # topic partitions retention-ms
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor "$replication_factor" \
    --config cleanup.policy=delete --config "retention.ms=$3" \
    --config "min.insync.replicas=$min_insync_replicas"
}

describe_all() {
  if ! described="$("$kafka_topics" --bootstrap-server "$bootstrap" --describe --exclude-internal 2>&1)"; then
    echo "cannot describe the topics: $described" >&2
    exit 1
  fi
}

check() { # topic expected-partitions
  local actual
  actual="$(awk -v topic="$1" '$1 == "Topic:" && $2 == topic {
    for (i = 3; i < NF; i++) if ($i == "PartitionCount:") print $(i + 1) }' <<<"$described" | head -n 1)"
  if [[ -z "$actual" ]]; then
    echo "topic $1 does not exist" >&2
    return 1
  fi
  if ((actual < $2)); then
    echo "topic $1 has $actual partitions, fewer than the $2 configured; adding partitions moves" \
      "childRefs to other partitions, so read docs/operations.md (Scaling) before altering it" >&2
    return 1
  fi
  echo "topic $1: $actual partitions"
}

if [[ "${1:-}" != "--check" ]]; then
  for topic in "${event_topics[@]}"; do
    create "$topic" "$event_partitions" -1
    create "$topic.dlq" "$dlq_partitions" "$dlq_retention_ms"
  done
fi

described=""
describe_all
failed=0
for topic in "${event_topics[@]}"; do
  check "$topic" "$event_partitions" || failed=1
  check "$topic.dlq" "$dlq_partitions" || failed=1
done
exit "$failed"
