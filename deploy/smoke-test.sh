#!/usr/bin/env bash
# Smoke test against real AWS: generates a small delivery, uploads it to a throw-away prefix of
# $STEDI_SMOKE_BUCKET, runs init, run, report and maintain on the aws profile with throw-away Glue
# databases, checks the counts, and removes the prefix and the databases. Skips (exit 0) unless the
# AWS CLI, credentials in the default provider chain and STEDI_SMOKE_BUCKET are all present.
#
#   STEDI_SMOKE_BUCKET=my-test-bucket AWS_REGION=eu-west-1 deploy/smoke-test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

skip() {
  echo "smoke test skipped: $1"
  exit 0
}
bucket=${STEDI_SMOKE_BUCKET:-}
[[ -n "$bucket" ]] || skip "set STEDI_SMOKE_BUCKET to a bucket you may write to"
command -v aws >/dev/null || skip "the AWS CLI is not installed"
aws sts get-caller-identity >/dev/null 2>&1 || skip "no AWS credentials in the default provider chain"

run_id="smoke-$(date -u +%Y%m%d%H%M%S)"
prefix="stedi-smoke/$run_id"
db_prefix="stedi_smoke_$(date -u +%Y%m%d%H%M%S)_"
work=$(mktemp -d)
cleanup() {
  aws s3 rm --recursive --quiet "s3://$bucket/$prefix/" || true
  for zone in landing trusted curated ops; do
    aws glue delete-database --name "${db_prefix}${zone}" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

stedi() {
  bin/stedi "$@" --profile aws --warehouse "s3://$bucket/$prefix/warehouse" \
    --conf "aws.glue.database-prefix=$db_prefix"
}

bin/stedi generate --out "$work/source" --customers 50 --readings 2000 --seed 7 >/dev/null
aws s3 cp --recursive --quiet "$work/source" "s3://$bucket/$prefix/deliveries"
stedi init
stedi run --source "s3://$bucket/$prefix/deliveries"
stedi report --format json | tee "$work/report.json"
stedi maintain
landing=$(grep -o "\"${db_prefix}landing.accelerometer\": *[0-9]*" "$work/report.json" | grep -o '[0-9]*$')
[[ "$landing" -eq 2000 ]] || { echo "smoke test FAILED: ${db_prefix}landing.accelerometer has $landing rows, expected 2000"; exit 1; }
echo "smoke test passed: s3://$bucket/$prefix, Glue databases ${db_prefix}*"
