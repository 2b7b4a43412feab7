#!/usr/bin/env node
// `node tools/compose/require-env.js NAME...`: exits 1 naming each unset variable. Guards
// `npm run test:kurrentdb`, whose suite would otherwise skip itself and pass without a server.
const missing = process.argv.slice(2).filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(
    `${missing.join(', ')} not set. Start a server with\n` +
      '  docker compose --profile kurrentdb-test up -d kurrentdb-test\n' +
      "and run KURRENTDB_CONNECTION_STRING='kurrentdb://localhost:2113?tls=false' npm run test:kurrentdb",
  );
  process.exit(1);
}
