#!/bin/bash
# One database and one login role per service on the shared PostgreSQL server: the role owns
# its database (it creates its own schemas and tables at start-up) and no other role may
# connect to it. The postgres image runs this once, when the data volume is first initialised;
# later password changes are `ALTER ROLE` by hand (docs/operations.md).
set -euo pipefail

create_service_database() {
  local name="$1" password="$2"
  if [[ -z "$password" ]]; then
    echo "no password for the ${name} role: set it in .env (openssl rand -hex 32)" >&2
    exit 1
  fi
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=name="$name" --set=password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
  echo "database and role ${name} created"
}

create_service_database health "${HEALTH_DB_PASSWORD:-}"
create_service_database school "${SCHOOL_DB_PASSWORD:-}"
create_service_database childwelfare "${CHILDWELFARE_DB_PASSWORD:-}"
create_service_database coordination "${COORDINATION_DB_PASSWORD:-}"
